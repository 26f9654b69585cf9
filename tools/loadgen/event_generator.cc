#include "loadgen/event_generator.h"

#include "loadgen/post_text.h"

#include <array>
#include <chrono>
#include <cmath>
#include <string_view>

namespace tracker::loadgen {
namespace {

/// What a user does inside a session (login and logout come from the session model itself).
struct MixEntry {
  std::string_view type;
  double weight;
};

// Roughly what a social feed sees: mostly reading, some reacting, little writing.
constexpr std::array<MixEntry, 12> kSessionMix = {{
    {"page_view", 32},
    {"click", 20},
    {"search", 9},
    {"like", 13},
    {"unlike", 1.5},
    {"comment", 6},
    {"share", 3},
    {"follow", 5},
    {"unfollow", 1},
    {"post_created", 6},
    {"post_updated", 2.5},
    {"post_deleted", 1},
}};

constexpr std::array<std::string_view, 5> kDeviceTypes = {"web", "ios", "android", "tablet",
                                                          "desktop_app"};
constexpr std::array<double, 5> kDeviceWeights = {35, 28, 27, 6, 4};

constexpr std::array<std::string_view, 7> kSourceChannels = {
    "direct", "organic_search", "social", "email", "push_notification", "paid_ads", "referral"};
constexpr std::array<double, 7> kChannelWeights = {30, 20, 18, 8, 12, 7, 5};

constexpr std::array<std::string_view, 6> kPages = {"/feed",   "/explore",  "/notifications",
                                                    "/search", "/settings", "/messages"};
constexpr std::array<std::string_view, 7> kClickElements = {
    "post_card",     "like_button", "share_button", "profile_link",
    "follow_button", "ad_banner",   "load_more"};
constexpr std::array<std::string_view, 5> kLoginMethods = {"password", "google", "apple", "sso",
                                                           "magic_link"};
constexpr std::array<std::string_view, 5> kShareTargets = {"copy_link", "whatsapp", "twitter",
                                                           "email", "messenger"};

template <typename Array>
std::vector<double> weightsOf(const Array& mix) {
  std::vector<double> weights;
  for (const auto& entry : mix) weights.push_back(entry.weight);
  return weights;
}

template <std::size_t N>
std::string pick(Random& random, const std::array<std::string_view, N>& choices) {
  return std::string(choices[random.below(N)]);
}

std::string postId(std::size_t author, std::uint32_t k) {
  return "post_" + std::to_string(author + 1) + "_" + std::to_string(k);
}

/// Geometric number of events >= 1 with the given mean, capped at 10x the mean so that one
/// unlucky draw cannot pin a user in a session for the whole run.
std::uint32_t sessionLength(Random& random, std::uint32_t mean) {
  if (mean <= 1) return 1;
  const double p = 1.0 / mean;
  const double u = 1.0 - random.uniform();  // (0, 1]
  const double draw = std::floor(std::log(u) / std::log1p(-p));
  const double capped = std::min(draw, 10.0 * mean - 1);
  return 1 + static_cast<std::uint32_t>(capped);
}

}  // namespace

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string userId(std::size_t rank) { return "user_" + std::to_string(rank + 1); }

EventGenerator::EventGenerator(const GeneratorOptions& options, MillisClock clock)
    : options_(options),
      clock_(std::move(clock)),
      random_(options.seed),
      id_random_(options.seed ^ 0x5EED1D5EED1D5EEDULL),
      users_sampler_(options.users, options.zipf_exponent),
      mix_sampler_(weightsOf(kSessionMix)),
      device_sampler_(kDeviceWeights),
      channel_sampler_(kChannelWeights),
      users_(options.users) {}

Event EventGenerator::next() {
  Event event;
  fill(users_sampler_.sample(random_), event);
  ++generated_;
  return event;
}

void EventGenerator::nextBatch(std::size_t count, std::vector<Event>& out) {
  out.clear();
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(next());
}

void EventGenerator::fill(std::size_t user, Event& event) {
  UserState& state = users_[user];
  if (options_.with_event_ids) event.event_id = eventId();
  event.user_id = userId(user);
  event.timestamp_ms = clock_();

  if (!state.seen) {
    // The run joins a world that was already going on: a user seen for the first time is most
    // likely in the middle of a session (the steady-state odds), so that a short run over many
    // users is not mostly logins of first-time-seen users.
    state.seen = true;
    if (!random_.chance(1.0 / (options_.mean_session_events + 2.0))) {
      state.in_session = true;
      state.device = static_cast<std::uint8_t>(device_sampler_.sample(random_));
      state.channel = static_cast<std::uint8_t>(channel_sampler_.sample(random_));
      state.remaining = sessionLength(random_, options_.mean_session_events);
    }
  }
  if (!state.in_session) {
    state.in_session = true;
    state.device = static_cast<std::uint8_t>(device_sampler_.sample(random_));
    state.channel = static_cast<std::uint8_t>(channel_sampler_.sample(random_));
    state.remaining = sessionLength(random_, options_.mean_session_events);
    state.session_events = 0;
    event.event_type = "login";
    event.extra_data.emplace_back("method", pick(random_, kLoginMethods));
  } else if (state.remaining == 0) {
    state.in_session = false;
    event.event_type = "logout";
    event.extra_data.emplace_back("session_events", std::to_string(state.session_events));
  } else {
    --state.remaining;
    ++state.session_events;
    fillInSession(user, state, event);
  }
  event.device_type = std::string(kDeviceTypes[state.device]);
  event.source_channel = std::string(kSourceChannels[state.channel]);
}

void EventGenerator::fillInSession(std::size_t user, UserState& state, Event& event) {
  const std::string_view type = kSessionMix[mix_sampler_.sample(random_)].type;
  event.event_type = std::string(type);
  auto& extra = event.extra_data;

  if (type == "page_view") {
    if (random_.chance(0.3)) {
      extra.emplace_back("page", "/profile/" + userId(otherUser(user)));
    } else {
      extra.emplace_back("page", pick(random_, kPages));
    }
  } else if (type == "click") {
    extra.emplace_back("element", pick(random_, kClickElements));
    extra.emplace_back("page", pick(random_, kPages));
  } else if (type == "search") {
    extra.emplace_back("query", makeQuery(random_));
    extra.emplace_back("results", std::to_string(random_.below(200)));
  } else if (type == "like" || type == "unlike" || type == "comment" || type == "share") {
    // About another user's post when that user has one, else about the user (profile).
    const std::size_t author = otherUser(user);
    event.target_user_id = userId(author);
    const UserState& author_state = users_[author];
    if (author_state.posts_created > author_state.first_live_post) {
      const auto k = static_cast<std::uint32_t>(
          random_.between(author_state.first_live_post, author_state.posts_created - 1));
      extra.emplace_back("post_id", postId(author, k));
    }
    if (type == "comment") extra.emplace_back("comment", makeComment(random_));
    if (type == "share") extra.emplace_back("share_to", pick(random_, kShareTargets));
  } else if (type == "follow" || type == "unfollow") {
    event.target_user_id = userId(otherUser(user));
  } else {
    fillPost(user, state, event);
  }
}

void EventGenerator::fillPost(std::size_t user, UserState& state, Event& event) {
  auto& extra = event.extra_data;
  const bool has_live_post = state.posts_created > state.first_live_post;
  if (event.event_type == "post_created" || !has_live_post) {
    // An update or delete without a post to act on becomes the post's creation.
    event.event_type = "post_created";
    extra.emplace_back("post_id", postId(user, state.posts_created++));
  } else if (event.event_type == "post_updated") {
    const auto k =
        static_cast<std::uint32_t>(random_.between(state.first_live_post, state.posts_created - 1));
    extra.emplace_back("post_id", postId(user, k));
  } else {  // post_deleted: the oldest live post goes, so ids stay unique and never come back.
    extra.emplace_back("post_id", postId(user, state.first_live_post++));
    return;
  }
  extra.emplace_back("title", makeTitle(random_));
  extra.emplace_back("content", makeContent(random_));
  extra.emplace_back("tags", makeTags(random_));
}

std::size_t EventGenerator::otherUser(std::size_t user) {
  if (options_.users == 1) return user;  // Nobody else exists; the service accepts self-targets.
  for (;;) {
    const std::size_t other = users_sampler_.sample(random_);
    if (other != user) return other;
  }
}

std::string EventGenerator::eventId() {
  // UUIDv4 layout: version nibble 4, variant bits 10.
  const std::uint64_t high = (id_random_.next() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  const std::uint64_t low = (id_random_.next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
    const std::uint64_t word = i < 16 ? high : low;
    const int shift = 60 - 4 * (i % 16);
    id += kHex[(word >> shift) & 0xF];
  }
  return id;
}

}  // namespace tracker::loadgen
