-- Every event, one row, idempotent on event_id (a redelivered record inserts nothing).
create table user_behavior_event (
    event_id        text        primary key,
    event_type      text        not null,
    user_id         text        not null,
    target_user_id  text,
    event_time      timestamptz not null,          -- the event's `timestamp` (epoch ms, UTC)
    device_type     text,
    source_channel  text,
    extra_data      jsonb       not null default '{}'::jsonb,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    schema_id       integer     not null,
    ingested_at     timestamptz not null default now()
);

-- "a user's events by time" (newest first, keyset pagination on (event_time, event_id))
create index user_behavior_event_user_time_idx
    on user_behavior_event (user_id, event_time desc, event_id desc);

-- "events of a type by time"
create index user_behavior_event_type_time_idx
    on user_behavior_event (event_type, event_time desc);
