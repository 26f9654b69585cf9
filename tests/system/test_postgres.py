"""PostgreSQL: the migrated table, its keys and indexes, and an insert/select round trip."""

import psycopg
import pytest
from psycopg.types.json import Jsonb


@pytest.fixture(scope="module")
def conn(infra):
    with psycopg.connect(infra.pg_dsn, autocommit=True) as c:
        yield c


def test_migrations_recorded(conn):
    rows = conn.execute("select version, name from schema_migrations order by version").fetchall()
    assert rows[0] == (1, "V001__create_user_behavior_event.sql")


def test_table_columns_primary_key_and_indexes(conn):
    cols = dict(conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = 'user_behavior_event'").fetchall())
    assert cols["event_id"] == "text"
    assert cols["event_time"] == "timestamp with time zone"
    assert cols["extra_data"] == "jsonb"
    for c in ("event_type", "user_id", "target_user_id", "device_type", "source_channel",
              "kafka_partition", "kafka_offset", "schema_id"):
        assert c in cols
    pk = conn.execute(
        "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid "
        "and a.attnum = any(i.indkey) where i.indrelid = 'user_behavior_event'::regclass "
        "and i.indisprimary").fetchall()
    assert pk == [("event_id",)]
    indexes = dict(conn.execute(
        "select indexname, indexdef from pg_indexes where tablename = 'user_behavior_event'").fetchall())
    assert "(user_id, event_time DESC, event_id DESC)" in indexes["user_behavior_event_user_time_idx"]
    assert "(event_type, event_time DESC)" in indexes["user_behavior_event_type_time_idx"]


def test_insert_select_round_trip_and_idempotent_insert(conn):
    row = ("0190c5a4-0000-7000-8000-000000000001", "post_created", "u-1", "", 1732600000123,
           "ios", "app", {"title": "hello", "tags": "a,b"}, 3, 42, 1)
    sql = ("insert into user_behavior_event (event_id, event_type, user_id, target_user_id, event_time,"
           " device_type, source_channel, extra_data, kafka_partition, kafka_offset, schema_id) values"
           " (%s, %s, %s, %s, to_timestamp(%s / 1000.0), %s, %s, %s, %s, %s, %s)"
           " on conflict (event_id) do nothing")
    params = list(row)
    params[7] = Jsonb(row[7])
    assert conn.execute(sql, params).rowcount == 1
    assert conn.execute(sql, params).rowcount == 0  # a redelivery changes nothing
    got = conn.execute(
        "select event_type, user_id, (extract(epoch from event_time) * 1000)::bigint, extra_data,"
        " kafka_partition, kafka_offset from user_behavior_event where event_id = %s", (row[0],)).fetchone()
    assert got == ("post_created", "u-1", 1732600000123, {"title": "hello", "tags": "a,b"}, 3, 42)
