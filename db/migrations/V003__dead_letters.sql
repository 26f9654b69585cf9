-- Dead letters kept by services/event-dlt-monitor: one row per record of the DLT, idempotent on
-- the coordinates of the record that failed (re-reading the DLT inserts nothing), and the audit
-- trail of everything done to them (by a person's admin key name or by 'auto').

create table dead_letter (
    id                  bigserial   primary key,
    -- Where the failed record sat (kafka_dlt-original-* headers).
    original_topic      text        not null,
    original_partition  integer     not null,
    original_offset     bigint      not null,
    original_timestamp  timestamptz,
    -- Where its dead letter sits.
    dlt_topic           text        not null,
    dlt_partition       integer     not null,
    dlt_offset          bigint      not null,
    record_key          bytea,                               -- null: the record had no key
    record_value        bytea,
    headers             jsonb       not null default '[]',  -- [{"name","value_base64"}], in order
    stage               text        not null,                -- decode, validate, postgres, search
    error_code          text        not null default '',
    error_message       text        not null default '',
    attempts            integer     not null default 1,
    consumer_group      text        not null default '',
    -- Decoded through the registry when the row was stored (null when the value did not decode).
    user_id             text,
    event_type          text,
    event_id            text,
    -- A replay that failed again: the root of its chain (the first dead letter's coordinates) and
    -- how many replays it took to get here (x-tracker-replay-of / x-tracker-replay-count).
    replay_of_topic     text,
    replay_of_partition integer,
    replay_of_offset    bigint,
    replay_count        integer     not null default 0,
    status              text        not null default 'new'
        check (status in ('new', 'replaying', 'replayed', 'discarded', 'parked')),
    -- When automatic compensation may replay it next (null: never automatically).
    next_attempt_at     timestamptz,
    first_seen          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (original_topic, original_partition, original_offset)
);
create index dead_letter_status_stage_idx on dead_letter (status, stage);
create index dead_letter_due_idx on dead_letter (next_attempt_at) where status = 'new';
create index dead_letter_replay_root_idx on dead_letter (replay_of_topic, replay_of_partition, replay_of_offset);
create index dead_letter_user_idx on dead_letter (user_id);

create table dead_letter_audit (
    id              bigserial   primary key,
    dead_letter_id  bigint      not null references dead_letter (id),
    action          text        not null,   -- replay, discard, park, replay_interrupted, replay_failed
    actor           text        not null,   -- the admin key's name, or 'auto'
    at              timestamptz not null default now(),
    reason          text,
    result          jsonb       not null default '{}'
);
create index dead_letter_audit_letter_idx on dead_letter_audit (dead_letter_id, id);
