-- Schema Registry (services/schema-registry). All writes run in one transaction holding
-- pg_advisory_xact_lock(7235100001), so ids and versions are allocated by one writer at a time
-- across every registry instance; the unique constraints below are the safety net.

-- One row per distinct schema (canonical text + references). Never deleted: ids are not reused.
create table registry_schema (
    id           integer     primary key check (id > 0),
    fingerprint  text        not null unique,          -- sha256 hex of canonical text + references
    schema_type  text        not null default 'PROTOBUF',
    canonical    text        not null,                 -- canonical .proto text, what GET returns
    descriptor   bytea       not null,                 -- serialized FileDescriptorProto (format=serialized)
    refs         jsonb       not null default '[]'::jsonb,   -- [{"name","subject","version"}]
    created_at   timestamptz not null default now()
);
create index registry_schema_refs_idx on registry_schema using gin (refs jsonb_path_ops);

-- Versions of a subject. Soft delete sets deleted; permanent delete removes the row.
create table registry_subject_version (
    subject      text        not null,
    version      integer     not null check (version > 0),
    schema_id    integer     not null references registry_schema (id),
    deleted      boolean     not null default false,
    created_at   timestamptz not null default now(),
    primary key (subject, version)
);
create index registry_subject_version_schema_idx on registry_subject_version (schema_id);

-- Compatibility level and mode; subject '' is the global setting.
create table registry_config (
    subject        text primary key,
    compatibility  text,
    normalize      boolean
);
create table registry_mode (
    subject  text primary key,
    mode     text not null
);
