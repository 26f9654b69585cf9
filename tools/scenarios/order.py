"""./tracker scenario order — consumption order (消费顺序): a user's events stay in order because the
user id is the record key.

A few users each send numbered events (extra_data.seq = 1, 2, 3 …), one request after the other,
while the main group's instances come and go (one more instance is started, then stopped: two
rebalances in the middle of the stream). Then, from PostgreSQL alone: every user's rows are on
one partition, the one Kafka's default partitioner gives the user id (what a Java producer with a
String key computes too); in Kafka offset order their numbers run 1, 2, 3 … with no gap and no
repeat; and they were stored in that order (ingested_at never goes back). Finally what would
break it: with the event id as the key, the same events would spread over several partitions,
read by different instances, in no defined order across them. Usage:

  ./tracker scenario order [--users N] [--events N] [--no-churn]

argv[1] is `./tracker status --json`; argv[2] the path of ./tracker."""

import threading
import time
import uuid

import psycopg
import requests

from scenario_lib import ScenarioError, begin, java_partition, run, wait_caught_up, wait_settled


class User(threading.Thread):
    """Sends numbered events one by one (the next only after the producer's answer) until told
    to stop and at least `minimum` are accepted."""

    def __init__(self, producer, user_id, run_id, minimum, pause):
        super().__init__(daemon=True)
        self.producer, self.user_id, self.run_id = producer, user_id, run_id
        self.minimum, self.pause = minimum, pause
        self.accepted = 0
        self.error = None
        self.stop = threading.Event()

    def run(self):
        session = requests.Session()
        try:
            while self.accepted < self.minimum or not self.stop.is_set():
                seq = self.accepted + 1
                event = {"event_id": f"{self.user_id}-{seq}",
                         "event_type": "page_view", "user_id": self.user_id,
                         "device_type": "web", "source_channel": "scenario-order",
                         "extra_data": {"seq": str(seq), "run": self.run_id}}
                r = session.post(f"{self.producer}/api/events", json=[event], timeout=60)
                if r.status_code != 200 or r.json().get("rejected"):
                    raise ScenarioError(f"the producer refused event {seq} of {self.user_id}: "
                                        f"{r.status_code} {r.text[:300]}")
                self.accepted = seq
                time.sleep(self.pause)
        except (ScenarioError, requests.RequestException) as error:
            self.error = error


def churn(stack, narrator, group, spec, count):
    """One more instance of the main group, then it is stopped again."""
    narrator.step(f"an instance joins {group} (./tracker up --consumers {count + 1})")
    narrator.say("the Rebalances view shows partitions moving while the users keep sending")
    stack.up_group(spec, count + 1)
    wait_settled(stack, group, count + 1, 60, f"{group} to settle with {count + 1} members")
    time.sleep(2)
    name = f"consumer-{group}-{count + 1}"
    narrator.step(f"{name} leaves again (./tracker stop)")
    stack.stop(name)
    wait_settled(stack, group, count, 60, f"{group} to settle with {count} members")


def check_user(verdict, rows, user, sent, partitions):
    """rows: (seq, partition, offset, ingested_at) in offset order."""
    seqs = [r[0] for r in rows]
    parts = {r[1] for r in rows}
    expected = java_partition(user, partitions)
    times = [r[3] for r in rows]
    in_order = seqs == list(range(1, sent + 1))
    first_break = next((i for i, s in enumerate(seqs) if s != i + 1), None)
    verdict.check(parts == {expected} and in_order and times == sorted(times),
                  f"{user}: {len(rows)} rows (sent {sent}) on partition(s) {sorted(parts)} "
                  f"(the key's partition: {expected}); seq in offset order "
                  + ("1.." + str(sent) + " without gap or repeat" if in_order
                     else f"breaks at position {first_break}: {seqs[max(0, (first_break or 0) - 2):(first_break or 0) + 3]}")
                  + ("; stored in that order" if times == sorted(times) else "; stored out of order"))


def options(parser):
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--events", type=int, default=100, help="at least this many per user")
    parser.add_argument("--no-churn", action="store_true", help="no instance joins or leaves")


def main():
    args, stack, narrator, verdict = begin("order", options)
    main_instances = stack.consumers()
    groups = {s["group"] for s in main_instances.values() if "postgres" in s["sinks"]}
    if not groups:
        raise ScenarioError("no consumer instance writes PostgreSQL (./tracker up first)")
    group = "event-consumer" if "event-consumer" in groups else sorted(groups)[0]
    mine = [s for s in main_instances.values() if s["group"] == group]
    spec = f"{group}:{mine[0]['sinks'].replace(',', '+')}:{mine[0]['group_protocol']}"
    run_id = uuid.uuid4().hex[:8]
    users = [f"order-{run_id}-user{n}" for n in range(1, args.users + 1)]

    narrator.step(f"{args.users} users send numbered events, each one after the other "
                  f"(run {run_id})")
    for user in users:
        narrator.say(f"{user}: key {user} -> partition {java_partition(user, stack.partitions)}")
    senders = [User(stack.producer, u, run_id, args.events, 0.01) for u in users]
    for sender in senders:
        sender.start()
    try:
        if not args.no_churn:
            time.sleep(1)
            churn(stack, narrator, group, spec, len(mine))
    finally:
        for sender in senders:
            sender.stop.set()
        for sender in senders:
            sender.join()
    for sender in senders:
        if sender.error:
            raise ScenarioError(str(sender.error))
    sent = {s.user_id: s.accepted for s in senders}
    narrator.say(f"accepted: {sum(sent.values())} events ({', '.join(str(v) for v in sent.values())})")

    narrator.step(f"wait for {group} to store everything, then read PostgreSQL")
    wait_caught_up(stack, group)
    with psycopg.connect(stack.pg_dsn) as conn:
        for user in users:
            rows = conn.execute(
                "select (extra_data->>'seq')::int, kafka_partition, kafka_offset, ingested_at"
                " from user_behavior_event where user_id = %s order by kafka_offset",
                (user,)).fetchall()
            check_user(verdict, rows, user, sent[user], stack.partitions)

    narrator.step("what would break it: a key that is not the user id")
    for user in users[:2]:
        spread = {java_partition(f"{user}-{seq}", stack.partitions)
                  for seq in range(1, sent[user] + 1)}
        narrator.say(f"keyed by event id, {user}'s {sent[user]} events would land on "
                     f"{len(spread)} partitions {sorted(spread)}: different instances read them "
                     "at their own pace, so their order across partitions is not defined")
    narrator.say("(and without a key, or with a round-robin partitioner, the same; per-user order "
                 "holds only because every event of a user shares one partition)")
    verdict.exit()


if __name__ == "__main__":
    run(main)
