#include "events/validation.h"

#include "events/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

using namespace std::string_literals;
using testing::ElementsAre;
using testing::Field;
using testing::HasSubstr;
using testing::IsEmpty;

constexpr std::int64_t kNow = 1'732'600'000'000;

::events::UserBehaviorEvent validEvent() {
  ::events::UserBehaviorEvent event;
  event.set_event_id("0193674c-0b40-7000-8000-000000000001");
  event.set_event_type("follow");
  event.set_user_id("user-1");
  event.set_target_user_id("user-2");
  event.set_timestamp(kNow - 1000);
  event.set_device_type("ios");
  event.set_source_channel("app");
  (*event.mutable_extra_data())["title"] = "héllo\nwörld";
  return event;
}

class ValidationTest : public testing::Test {
 protected:
  std::vector<FieldError> validate(const ::events::UserBehaviorEvent& event) {
    return validateEvent(event, limits_, catalogue_, kNow);
  }

  // The single error of `event`, as "code field".
  std::string onlyError(const ::events::UserBehaviorEvent& event) {
    const std::vector<FieldError> errors = validate(event);
    if (errors.size() != 1)
      return "expected one error, got " + testing::PrintToString(errors.size());
    return errors[0].code + " " + errors[0].field;
  }

  ValidationLimits limits_;
  Catalogue catalogue_;
};

TEST_F(ValidationTest, AcceptsAValidEvent) { EXPECT_THAT(validate(validEvent()), IsEmpty()); }

TEST_F(ValidationTest, AcceptsAMinimalEvent) {
  ::events::UserBehaviorEvent event;
  event.set_event_id("e1");
  event.set_event_type("page_view");
  event.set_user_id("u1");
  event.set_timestamp(kNow);
  EXPECT_THAT(validate(event), IsEmpty());
}

TEST_F(ValidationTest, RequiresIdTypeAndUser) {
  ::events::UserBehaviorEvent event;
  event.set_timestamp(kNow);
  const std::vector<FieldError> errors = validate(event);
  EXPECT_THAT(errors, ElementsAre(Field(&FieldError::field, "event_id"),
                                  Field(&FieldError::field, "event_type"),
                                  Field(&FieldError::field, "user_id")));
  for (const FieldError& error : errors) EXPECT_EQ(error.code, field_errc::kMissingField);
}

TEST_F(ValidationTest, FollowRequiresTargetLikeDoesNot) {
  auto follow = validEvent();
  follow.clear_target_user_id();
  EXPECT_EQ(onlyError(follow), "missing_field target_user_id");
  auto like = validEvent();
  like.set_event_type("like");
  like.clear_target_user_id();
  EXPECT_THAT(validate(like), IsEmpty());
}

TEST_F(ValidationTest, EventTypeMustBeSnakeCaseAndCatalogued) {
  auto event = validEvent();
  event.set_event_type("Page_View");
  EXPECT_EQ(onlyError(event), "bad_format event_type");
  event.set_event_type("page-view");
  EXPECT_EQ(onlyError(event), "bad_format event_type");
  event.set_event_type("bookmark");
  EXPECT_EQ(onlyError(event), "unknown_event_type event_type");
  EXPECT_THAT(validate(event)[0].message, HasSubstr("'bookmark'"));
  event.set_event_type(std::string(65, 'a'));
  EXPECT_EQ(onlyError(event), "too_long event_type");
}

TEST_F(ValidationTest, IdLimits) {
  auto event = validEvent();
  event.set_user_id(std::string(128, 'u'));
  EXPECT_THAT(validate(event), IsEmpty());
  event.set_user_id(std::string(129, 'u'));
  EXPECT_EQ(onlyError(event), "too_long user_id");
  event = validEvent();
  event.set_target_user_id(std::string(129, 't'));
  EXPECT_EQ(onlyError(event), "too_long target_user_id");
}

TEST_F(ValidationTest, EventIdIsVisibleAsciiNotNecessarilyAUuid) {
  auto event = validEvent();
  for (std::string id : {"client-retry-17"s, "a:b/c_d.e"s, std::string(128, 'x')}) {
    event.set_event_id(id);
    EXPECT_THAT(validate(event), IsEmpty()) << id;
  }
  for (std::string id : {"has space"s, "tab\there"s, "ünïcode"s, "nul\0"s}) {
    event.set_event_id(id);
    EXPECT_EQ(onlyError(event), "bad_format event_id") << id;
  }
  event.set_event_id(std::string(129, 'x'));
  EXPECT_EQ(onlyError(event), "too_long event_id");
}

TEST_F(ValidationTest, StringsMustBeUtf8WithoutControlCharacters) {
  auto event = validEvent();
  event.set_user_id("bad\xff");
  EXPECT_EQ(onlyError(event), "invalid_utf8 user_id");
  event = validEvent();
  event.set_device_type("\xC0\xAF");
  EXPECT_EQ(onlyError(event), "invalid_utf8 device_type");
  event = validEvent();
  event.set_user_id("用户-7");
  EXPECT_THAT(validate(event), IsEmpty());
  event.set_user_id("line\nbreak");
  EXPECT_EQ(onlyError(event), "bad_format user_id");
  event = validEvent();
  event.set_source_channel(std::string("a\0b", 3));
  EXPECT_EQ(onlyError(event), "bad_format source_channel");
}

TEST_F(ValidationTest, LabelLimits) {
  auto event = validEvent();
  event.set_device_type(std::string(64, 'd'));
  EXPECT_THAT(validate(event), IsEmpty());
  event.set_device_type(std::string(65, 'd'));
  EXPECT_EQ(onlyError(event), "too_long device_type");
}

TEST_F(ValidationTest, TimestampWindow) {
  auto event = validEvent();
  for (std::int64_t ok : {kNow, kNow - limits_.max_age_ms, kNow + limits_.max_future_ms}) {
    event.set_timestamp(ok);
    EXPECT_THAT(validate(event), IsEmpty()) << ok;
  }
  for (std::int64_t bad : {kNow - limits_.max_age_ms - 1, kNow + limits_.max_future_ms + 1,
                           std::int64_t{0}, std::int64_t{-1}, INT64_MAX, INT64_MIN + 1}) {
    event.set_timestamp(bad);
    EXPECT_EQ(onlyError(event), "timestamp_out_of_window timestamp") << bad;
  }
}

TEST_F(ValidationTest, ExtraDataLimits) {
  auto event = validEvent();
  auto& extra = *event.mutable_extra_data();
  extra.clear();
  for (int i = 0; i < 64; ++i) extra["k" + std::to_string(i)] = "v";
  EXPECT_THAT(validate(event), IsEmpty());
  extra["k64"] = "v";
  EXPECT_EQ(onlyError(event), "too_many_entries extra_data");

  extra.clear();
  extra["content"] = std::string(8 * 1024, 'c');
  EXPECT_THAT(validate(event), IsEmpty());
  extra["content"] += "c";
  EXPECT_EQ(onlyError(event), "too_long extra_data.content");

  extra.clear();
  for (int i = 0; i < 4; ++i) extra["c" + std::to_string(i)] = std::string(8 * 1024 - 2, 'c');
  EXPECT_THAT(validate(event), IsEmpty());  // exactly 32 KiB
  extra["c4"] = "x";
  EXPECT_EQ(onlyError(event), "too_long extra_data");

  extra.clear();
  extra[std::string(129, 'k')] = "v";
  EXPECT_EQ(onlyError(event), "too_long extra_data");
  extra.clear();
  extra[""] = "v";
  EXPECT_EQ(onlyError(event), "bad_format extra_data");
}

TEST_F(ValidationTest, ExtraDataTextRules) {
  auto event = validEvent();
  auto& extra = *event.mutable_extra_data();
  extra.clear();
  extra["content"] = "tabs\tand\nnewlines are fine";
  EXPECT_THAT(validate(event), IsEmpty());
  extra["content"] = std::string("nul\0", 4);
  EXPECT_EQ(onlyError(event), "bad_format extra_data.content");
  extra.clear();
  extra["bad\xff"] = "v";
  EXPECT_EQ(onlyError(event), "invalid_utf8 extra_data");  // the key is not echoed
  extra.clear();
  extra["title"] = "\xed\xa0\x80";
  EXPECT_EQ(onlyError(event), "invalid_utf8 extra_data.title");
}

TEST_F(ValidationTest, ReportsEveryErrorInAStableOrder) {
  auto event = validEvent();
  event.set_user_id("");
  event.set_timestamp(0);
  auto& extra = *event.mutable_extra_data();
  extra.clear();
  for (char key = 'z'; key >= 'a'; --key) extra[std::string(1, key)] = std::string("\0", 1);
  const std::vector<FieldError> errors = validate(event);
  ASSERT_EQ(errors.size(), 2u + 26u);
  EXPECT_EQ(errors[0].field, "user_id");
  EXPECT_EQ(errors[1].field, "timestamp");
  EXPECT_EQ(errors[2].field, "extra_data.a");
  EXPECT_EQ(errors[27].field, "extra_data.z");
}

TEST_F(ValidationTest, LimitsAreConfigurable) {
  limits_.max_id_bytes = 4;
  limits_.max_future_ms = 0;
  auto event = validEvent();
  event.set_event_id("abcd");
  event.set_user_id("u1");
  event.set_target_user_id("u2");
  event.set_timestamp(kNow + 1);
  EXPECT_EQ(onlyError(event), "timestamp_out_of_window timestamp");
  event.set_user_id("12345");
  EXPECT_EQ(validate(event).size(), 2u);
}

}  // namespace
}  // namespace tracker::events
