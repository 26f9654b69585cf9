#include "dead_letter_store.h"

#include "common/utf8.h"
#include "errors.h"
#include "header_view.h"

#include <algorithm>

namespace tracker::event_dlt_monitor {
namespace {

// A timestamp as RFC 3339 UTC with milliseconds, inside SQL.
std::string iso(const std::string& column) {
  return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// One list item, built by PostgreSQL as JSON text, over alias d.
const std::string& itemJson() {
  static const std::string kSql =
      "json_build_object('id', d.id, 'status', d.status, 'stage', d.stage, 'error_code', "
      "d.error_code, 'error_message', d.error_message, 'attempts', d.attempts, 'consumer_group', "
      "d.consumer_group, 'original', json_build_object('topic', d.original_topic, 'partition', "
      "d.original_partition, 'offset', d.original_offset, 'timestamp', " +
      iso("d.original_timestamp") +
      "), 'dlt', json_build_object('topic', d.dlt_topic, 'partition', d.dlt_partition, 'offset', "
      "d.dlt_offset), 'user_id', d.user_id, 'event_type', d.event_type, 'event_id', d.event_id, "
      "'replay_of', case when d.replay_of_topic is null then null else d.replay_of_topic || '/' "
      "|| d.replay_of_partition || '/' || d.replay_of_offset end, 'replay_count', "
      "d.replay_count, 'next_attempt_at', " +
      iso("d.next_attempt_at") + ", 'first_seen', " + iso("d.first_seen") + ", 'updated_at', " +
      iso("d.updated_at") + ")::text";
  return kSql;
}

constexpr std::size_t kMaxTextBytes = 8192;
// Year 9999: a header with a larger timestamp is stored without one rather than failing the batch.
constexpr std::int64_t kMaxTimestampMs = 253'402'300'799'999;

// Text from a header made fit for a text/jsonb column: no NUL (PostgreSQL refuses it), bounded,
// cut at a UTF-8 boundary (invalid bytes are replaced when the JSON is dumped).
std::string columnText(std::string_view text) {
  std::string out(common::utf8Prefix(text, kMaxTextBytes));
  out.erase(std::remove(out.begin(), out.end(), '\0'), out.end());
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    out.push_back(kDigits[static_cast<unsigned char>(byte) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(byte) & 0xf]);
  }
  return out;
}

std::optional<std::string> unhex(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return 0;  // encode(…, 'hex') writes lower-case digits only
  };
  std::string out(text->size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>(digit((*text)[2 * i]) * 16 + digit((*text)[2 * i + 1]));
  }
  return out;
}

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string idArray(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "}";
}

// Stage and status names are fixed words (config.cc, filter.h): no quoting needed.
std::string wordArray(const std::vector<std::string>& words) {
  std::string out = "{";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ',';
    out += words[i];
  }
  return out + "}";
}

nlohmann::json optionalText(const std::optional<std::string>& text) {
  return text ? nlohmann::json(columnText(*text)) : nlohmann::json(nullptr);
}

nlohmann::json storedRow(const DeadLetter& letter, const EventFacts& facts) {
  nlohmann::json row = {
      {"original_topic", columnText(letter.original.topic)},
      {"original_partition", letter.original.partition},
      {"original_offset", letter.original.offset},
      {"dlt_topic", columnText(letter.dlt.topic)},
      {"dlt_partition", letter.dlt.partition},
      {"dlt_offset", letter.dlt.offset},
      {"headers", headersForStorage(letter.headers)},
      {"stage", columnText(letter.stage)},
      {"error_code", columnText(letter.error_code)},
      {"error_message", columnText(letter.error_message)},
      {"attempts", letter.attempts},
      {"consumer_group", columnText(letter.consumer_group)},
      {"user_id", optionalText(facts.user_id)},
      {"event_type", optionalText(facts.event_type)},
      {"event_id", optionalText(facts.event_id)},
      {"replay_count", letter.replay_count},
  };
  row["original_timestamp_ms"] = letter.original_timestamp_ms &&
                                         *letter.original_timestamp_ms >= 0 &&
                                         *letter.original_timestamp_ms <= kMaxTimestampMs
                                     ? nlohmann::json(*letter.original_timestamp_ms)
                                     : nlohmann::json(nullptr);
  row["key_hex"] = letter.key ? nlohmann::json(hex(*letter.key)) : nlohmann::json(nullptr);
  row["value_hex"] = letter.value ? nlohmann::json(hex(*letter.value)) : nlohmann::json(nullptr);
  if (letter.replay_of) {
    row["replay_of_topic"] = columnText(letter.replay_of->topic);
    row["replay_of_partition"] = letter.replay_of->partition;
    row["replay_of_offset"] = letter.replay_of->offset;
  }
  return row;
}

common::Result<std::vector<std::string>> firstColumn(const postgres::QueryResult& result) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(result.rowCount()));
  for (int row = 0; row < result.rowCount(); ++row) out.push_back(result.text(row, 0));
  return out;
}

common::Result<std::vector<std::int64_t>> idColumn(const postgres::QueryResult& result) {
  std::vector<std::int64_t> ids;
  for (int row = 0; row < result.rowCount(); ++row) {
    auto id = result.integer(row, 0);
    if (!id) return tl::unexpected(id.error());
    ids.push_back(*id);
  }
  return ids;
}

}  // namespace

DeadLetterStore::DeadLetterStore(postgres::PoolOptions options, StorePolicy policy)
    : pool_(std::move(options)), policy_(std::move(policy)) {}

common::Result<std::size_t> DeadLetterStore::store(const std::vector<DeadLetter>& letters,
                                                   const std::vector<EventFacts>& facts) {
  if (letters.empty()) return 0;
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < letters.size(); ++i) {
    rows.push_back(storedRow(letters[i], i < facts.size() ? facts[i] : EventFacts{}));
  }
  static const std::string kSql = R"(
with input as (
  select * from jsonb_to_recordset($1::jsonb) as r(
    original_topic text, original_partition int, original_offset bigint,
    original_timestamp_ms bigint, dlt_topic text, dlt_partition int, dlt_offset bigint,
    key_hex text, value_hex text, headers jsonb, stage text, error_code text, error_message text,
    attempts int, consumer_group text, user_id text, event_type text, event_id text,
    replay_of_topic text, replay_of_partition int, replay_of_offset bigint, replay_count int)
), inserted as (
  insert into dead_letter (original_topic, original_partition, original_offset,
    original_timestamp, dlt_topic, dlt_partition, dlt_offset, record_key, record_value, headers,
    stage, error_code, error_message, attempts, consumer_group, user_id, event_type, event_id,
    replay_of_topic, replay_of_partition, replay_of_offset, replay_count, status, next_attempt_at)
  select i.original_topic, i.original_partition, i.original_offset,
    to_timestamp(i.original_timestamp_ms / 1000.0), i.dlt_topic, i.dlt_partition, i.dlt_offset,
    decode(i.key_hex, 'hex'), decode(i.value_hex, 'hex'), coalesce(i.headers, '[]'), i.stage,
    i.error_code, i.error_message, i.attempts, i.consumer_group, i.user_id, i.event_type,
    i.event_id, i.replay_of_topic, i.replay_of_partition, i.replay_of_offset, i.replay_count,
    case when i.replay_count >= $2::int then 'parked' else 'new' end,
    case when i.replay_count < $2::int and i.stage = any($3::text[])
      then now() + make_interval(secs => $4::bigint * least(power(2, i.replay_count), 1024) / 1000.0)
    end
  from input i
  on conflict (original_topic, original_partition, original_offset) do nothing
  returning id, status, replay_count
), parked as (
  insert into dead_letter_audit (dead_letter_id, action, actor, reason, result)
  select id, 'park', 'auto',
    'a replay loop: replayed ' || replay_count || ' times and failed again (TRACKER_DLT_MAX_REPLAYS='
      || $2::int || ')', jsonb_build_object('status', 'parked')
  from inserted where status = 'parked'
)
select count(*) from inserted)";
  auto result = pool_.run(
      kSql,
      {dump(rows), std::to_string(policy_.max_replays), wordArray(policy_.compensation_stages),
       std::to_string(policy_.compensation_delay_ms)},
      "store dead letters");
  if (!result) return tl::unexpected(result.error());
  auto count = result->integer(0, 0);
  if (!count) return tl::unexpected(count.error());
  return static_cast<std::size_t>(*count);
}

common::Result<std::size_t> DeadLetterStore::recoverInterruptedReplays() {
  auto result = pool_.run(
      "with u as (update dead_letter set status = 'new', updated_at = now() "
      "where status = 'replaying' returning id) "
      "insert into dead_letter_audit (dead_letter_id, action, actor, reason, result) "
      "select id, 'replay_interrupted', 'auto', 'the monitor stopped during the replay', "
      "jsonb_build_object('status', 'new') from u",
      {}, "recover interrupted replays");
  if (!result) return tl::unexpected(result.error());
  return result->affectedRows();
}

common::Result<Page> DeadLetterStore::list(const Filter& filter, int limit,
                                           std::optional<std::int64_t> cursor) {
  const SqlCondition condition = toSql(filter, 1);
  std::vector<postgres::Param> params = condition.params;
  std::string sql = "select " + itemJson() + ", d.id from dead_letter d where " + condition.sql;
  if (cursor) {
    params.emplace_back(std::to_string(*cursor));
    sql += " and d.id < $" + std::to_string(params.size());
  }
  params.emplace_back(std::to_string(limit + 1));
  sql += " order by d.id desc limit $" + std::to_string(params.size());
  auto result = pool_.run(sql, params, "list dead letters");
  if (!result) return tl::unexpected(result.error());
  Page page;
  const int rows = std::min(result->rowCount(), limit);
  for (int row = 0; row < rows; ++row) page.items.push_back(result->text(row, 0));
  if (result->rowCount() > limit) {
    auto last = result->integer(limit - 1, 1);
    if (!last) return tl::unexpected(last.error());
    page.next_cursor = *last;
  }
  return page;
}

common::Result<std::optional<DeadLetterStore::Detail>> DeadLetterStore::get(std::int64_t id) {
  static const std::string kSql =
      "select " + itemJson() +
      ", d.headers::text, encode(d.record_key, 'hex'), encode(d.record_value, 'hex'), "
      "coalesce((select json_agg(json_build_object('id', a.id, 'action', a.action, 'actor', "
      "a.actor, 'at', " +
      iso("a.at") +
      ", 'reason', a.reason, 'result', a.result) order by a.id) "
      "from dead_letter_audit a where a.dead_letter_id = d.id), '[]')::text, "
      "coalesce((select json_agg(c.id order by c.id) from dead_letter c where "
      "c.replay_of_topic = d.original_topic and c.replay_of_partition = d.original_partition "
      "and c.replay_of_offset = d.original_offset), '[]')::text "
      "from dead_letter d where d.id = $1";
  auto result = pool_.run(kSql, {std::to_string(id)}, "get dead letter");
  if (!result) return tl::unexpected(result.error());
  if (result->rowCount() == 0) return std::nullopt;
  Detail detail;
  detail.item = nlohmann::json::parse(result->text(0, 0));
  detail.stored_headers = nlohmann::json::parse(result->text(0, 1));
  detail.key = unhex(result->value(0, 2));
  detail.value = unhex(result->value(0, 3));
  detail.item["audit"] = nlohmann::json::parse(result->text(0, 4));
  detail.item["later_failures"] = nlohmann::json::parse(result->text(0, 5));
  return detail;
}

common::Result<nlohmann::json> DeadLetterStore::summary() {
  static const std::string kSql = R"(
select json_build_object(
  'by_stage_status', coalesce((select json_object_agg(stage, statuses) from (
      select stage, json_object_agg(status, n) as statuses from (
        select stage, status, count(*) as n from dead_letter group by stage, status) a
      group by stage) b), '{}'),
  'total', (select count(*) from dead_letter),
  'unresolved', (select count(*) from dead_letter where status in ('new', 'replaying', 'parked')),
  'oldest_unresolved_age_seconds', (select coalesce(round(extract(epoch from now() - min(first_seen))::numeric, 3), 0)
      from dead_letter where status in ('new', 'replaying', 'parked')),
  'rates', json_build_object(
      'window_seconds', 300,
      'stored_per_minute', (select count(*) from dead_letter where first_seen > now() - interval '5 minutes') / 5.0,
      'replayed_per_minute', (select count(*) from dead_letter_audit where action = 'replay' and at > now() - interval '5 minutes') / 5.0,
      'discarded_per_minute', (select count(*) from dead_letter_audit where action = 'discard' and at > now() - interval '5 minutes') / 5.0,
      'parked_per_minute', (select count(*) from dead_letter_audit where action = 'park' and at > now() - interval '5 minutes') / 5.0)
)::text)";
  auto result = pool_.run(kSql, {}, "summary");
  if (!result) return tl::unexpected(result.error());
  return nlohmann::json::parse(result->text(0, 0));
}

common::Result<DeadLetterStore::Selection> DeadLetterStore::select(
    const Filter& filter, const std::vector<std::string>& statuses, int max) {
  const SqlCondition condition = toSql(filter, 1);
  std::vector<postgres::Param> params = condition.params;
  params.emplace_back(wordArray(statuses));
  const std::string statuses_param = "$" + std::to_string(params.size());
  params.emplace_back(std::to_string(max));
  const std::string sql = "select d.id, count(*) over () from dead_letter d where " +
                          condition.sql + " and d.status = any(" + statuses_param +
                          "::text[]) order by d.id limit $" + std::to_string(params.size());
  auto result = pool_.run(sql, params, "select dead letters");
  if (!result) return tl::unexpected(result.error());
  Selection selection;
  auto ids = idColumn(*result);
  if (!ids) return tl::unexpected(ids.error());
  selection.ids = std::move(*ids);
  if (result->rowCount() > 0) {
    auto matched = result->integer(0, 1);
    if (!matched) return tl::unexpected(matched.error());
    selection.matched = *matched;
  }
  return selection;
}

common::Result<std::vector<std::string>> DeadLetterStore::items(
    const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return std::vector<std::string>{};
  auto result = pool_.run("select " + itemJson() +
                              " from dead_letter d join unnest($1::bigint[]) with ordinality "
                              "as w(id, n) on d.id = w.id order by w.n",
                          {idArray(ids)}, "dead letter items");
  if (!result) return tl::unexpected(result.error());
  return firstColumn(*result);
}

common::Result<std::optional<std::string>> DeadLetterStore::status(std::int64_t id) {
  auto result = pool_.run("select status from dead_letter where id = $1", {std::to_string(id)},
                          "dead letter status");
  if (!result) return tl::unexpected(result.error());
  if (result->rowCount() == 0) return std::nullopt;
  return result->text(0, 0);
}

common::Result<std::vector<ReplayJob>> DeadLetterStore::claimForReplay(
    const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return std::vector<ReplayJob>{};
  auto result = pool_.run(
      "update dead_letter d set status = 'replaying', updated_at = now() "
      "from (select id, status as previous from dead_letter where id = any($1::bigint[]) "
      "and status in ('new', 'parked') order by id for update) p where d.id = p.id "
      "returning d.id, p.previous, d.original_topic, d.original_partition, d.original_offset, "
      "encode(d.record_key, 'hex'), encode(d.record_value, 'hex'), "
      "coalesce(d.replay_of_topic, d.original_topic), "
      "coalesce(d.replay_of_partition, d.original_partition), "
      "coalesce(d.replay_of_offset, d.original_offset), d.replay_count + 1",
      {idArray(ids)}, "claim dead letters for replay");
  if (!result) return tl::unexpected(result.error());
  std::vector<ReplayJob> jobs;
  for (int row = 0; row < result->rowCount(); ++row) {
    ReplayJob job;
    auto id = result->integer(row, 0);
    auto partition = result->integer(row, 3);
    auto offset = result->integer(row, 4);
    auto root_partition = result->integer(row, 8);
    auto root_offset = result->integer(row, 9);
    auto count = result->integer(row, 10);
    for (const auto* number : {&id, &partition, &offset, &root_partition, &root_offset, &count}) {
      if (!*number) return tl::unexpected(number->error());
    }
    job.id = *id;
    job.previous_status = result->text(row, 1);
    job.original = {result->text(row, 2), static_cast<std::int32_t>(*partition), *offset};
    job.key = unhex(result->value(row, 5));
    job.value = unhex(result->value(row, 6));
    job.root = {result->text(row, 7), static_cast<std::int32_t>(*root_partition), *root_offset};
    job.next_replay_count = static_cast<int>(*count);
    jobs.push_back(std::move(job));
  }
  std::sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return jobs;
}

common::Result<void> DeadLetterStore::finishReplays(const std::vector<ReplayReceipt>& receipts,
                                                    const std::string& actor,
                                                    const std::optional<std::string>& reason) {
  if (receipts.empty()) return {};
  nlohmann::json rows = nlohmann::json::array();
  for (const ReplayReceipt& receipt : receipts) {
    rows.push_back({{"id", receipt.id},
                    {"topic", receipt.replayed_to.topic},
                    {"partition", receipt.replayed_to.partition},
                    {"offset", receipt.replayed_to.offset},
                    {"replay_count", receipt.replay_count}});
  }
  auto result = pool_.run(
      "with r as (select * from jsonb_to_recordset($1::jsonb) as r(id bigint, topic text, "
      "partition int, \"offset\" bigint, replay_count int)), "
      "u as (update dead_letter d set status = 'replayed', next_attempt_at = null, "
      "updated_at = now() from r where d.id = r.id and d.status = 'replaying' returning d.id) "
      "insert into dead_letter_audit (dead_letter_id, action, actor, reason, result) "
      "select r.id, 'replay', $2, $3, jsonb_build_object('status', 'replayed', 'replayed_to', "
      "jsonb_build_object('topic', r.topic, 'partition', r.partition, 'offset', r.\"offset\"), "
      "'replay_count', r.replay_count) from r join u on u.id = r.id",
      {dump(rows), actor, reason ? postgres::Param(columnText(*reason)) : std::nullopt},
      "finish replays");
  if (!result) return tl::unexpected(result.error());
  return {};
}

common::Result<void> DeadLetterStore::failReplays(const std::vector<ReplayJob>& jobs,
                                                  const std::string& actor,
                                                  const std::string& why) {
  if (jobs.empty()) return {};
  nlohmann::json rows = nlohmann::json::array();
  for (const ReplayJob& job : jobs)
    rows.push_back({{"id", job.id}, {"previous", job.previous_status}});
  // An automatic compensation that failed waits one more delay rather than spinning.
  auto result = pool_.run(
      "with r as (select * from jsonb_to_recordset($1::jsonb) as r(id bigint, previous text)), "
      "u as (update dead_letter d set status = r.previous, updated_at = now(), next_attempt_at = "
      "case when d.next_attempt_at is null then null else now() + make_interval(secs => "
      "$4::bigint / 1000.0) end from r where d.id = r.id and d.status = 'replaying' "
      "returning d.id, d.status) "
      "insert into dead_letter_audit (dead_letter_id, action, actor, reason, result) "
      "select u.id, 'replay_failed', $2, null, jsonb_build_object('status', u.status, 'error', "
      "$3::text) from u",
      {dump(rows), actor, columnText(why),
       std::to_string(std::max<std::int64_t>(policy_.compensation_delay_ms, 1000))},
      "fail replays");
  if (!result) return tl::unexpected(result.error());
  return {};
}

common::Result<std::vector<std::int64_t>> DeadLetterStore::discard(
    const std::vector<std::int64_t>& ids, const std::string& actor, const std::string& reason) {
  if (ids.empty()) return std::vector<std::int64_t>{};
  auto result = pool_.run(
      "with u as (update dead_letter set status = 'discarded', next_attempt_at = null, "
      "updated_at = now() where id = any($1::bigint[]) and status in ('new', 'parked') "
      "returning id) "
      "insert into dead_letter_audit (dead_letter_id, action, actor, reason, result) "
      "select id, 'discard', $2, $3, jsonb_build_object('status', 'discarded') from u "
      "returning dead_letter_id",
      {idArray(ids), actor, columnText(reason)}, "discard dead letters");
  if (!result) return tl::unexpected(result.error());
  auto discarded = idColumn(*result);
  if (!discarded) return tl::unexpected(discarded.error());
  std::sort(discarded->begin(), discarded->end());
  return discarded;
}

common::Result<std::vector<std::int64_t>> DeadLetterStore::dueForCompensation(int max) {
  auto result = pool_.run(
      "select id from dead_letter where status = 'new' and next_attempt_at <= now() "
      "order by next_attempt_at limit $1",
      {std::to_string(max)}, "dead letters due");
  if (!result) return tl::unexpected(result.error());
  return idColumn(*result);
}

common::Result<std::vector<DeadLetterStore::Count>> DeadLetterStore::counts() {
  auto result = pool_.run("select stage, status, count(*) from dead_letter group by 1, 2", {},
                          "count dead letters");
  if (!result) return tl::unexpected(result.error());
  std::vector<Count> counts;
  for (int row = 0; row < result->rowCount(); ++row) {
    auto count = result->integer(row, 2);
    if (!count) return tl::unexpected(count.error());
    counts.push_back({result->text(row, 0), result->text(row, 1), *count});
  }
  return counts;
}

common::Result<double> DeadLetterStore::oldestUnresolvedAgeSeconds() {
  auto result = pool_.run(
      "select coalesce(extract(epoch from now() - min(first_seen)), 0)::float8 from dead_letter "
      "where status in ('new', 'replaying', 'parked')",
      {}, "oldest unresolved");
  if (!result) return tl::unexpected(result.error());
  return std::stod(result->text(0, 0));
}

common::Result<void> DeadLetterStore::ping() {
  auto result = pool_.run("select 1", {}, "ping");
  if (!result) return tl::unexpected(result.error());
  return {};
}

}  // namespace tracker::event_dlt_monitor
