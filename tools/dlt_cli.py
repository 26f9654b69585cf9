"""./tracker dlt: the dead letters kept by services/event-dlt-monitor, from a terminal.

A thin client of the monitor's JSON API (services/event-dlt-monitor/README.md and openapi.json):
every subcommand is one request. Answers are printed as aligned tables; --json prints the API's
answer as it came. Replay and discard send the admin key (--api-key, else $TRACKER_DLT_API_KEY) as
X-API-Key. Exit codes: 0 done, 1 the monitor refused (its error code and message are printed), could
not be reached or did not replay every record asked, 2 usage error. ./tracker runs it with the
project's venv (requests) and passes --url of this run's monitor."""

import argparse
import base64
import json
import os
import re
import signal
import sys
from datetime import datetime, timedelta, timezone

DEFAULT_URL = "http://127.0.0.1:18070"
STAGES = ["decode", "validate", "postgres", "search"]
STATUSES = ["new", "replaying", "replayed", "discarded", "parked"]
# The list filters: (query/filter name, option, alias). The alias reads better on bulk actions
# (`replay --filter-status parked`); both spellings work everywhere.
FILTERS = [
    ("status", "--status", "--filter-status", f"one of {', '.join(STATUSES)}"),
    ("stage", "--stage", "--filter-stage", f"one of {', '.join(STAGES)}"),
    ("error_code", "--error-code", "--filter-error-code", "the consumer's error code"),
    ("group", "--group", "--filter-group", "the consumer group that dead-lettered it"),
    ("user_id", "--user-id", "--filter-user-id", "the event's user_id (when it decoded)"),
    ("event_type", "--event-type", "--filter-event-type",
     "the event's event_type (when it decoded)"),
    ("since", "--since", "--filter-since",
     "first seen at or after: RFC 3339, or 30s/15m/2h/7d ago"),
    ("until", "--until", "--filter-until", "first seen before: RFC 3339, or 30s/15m/2h/7d ago"),
]
RELATIVE = re.compile(r"^(\d+)([smhd])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class Failure(Exception):
    """The monitor refused (HTTP error with its error code) or could not be reached: exit 1."""


class UsageError(Exception):
    """A combination argparse cannot check: exit 2."""


# --- arguments ----------------------------------------------------------------------------------

def positive_int(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive integer")
    return int(text)


def point_in_time(text):
    """RFC 3339 passes through (the monitor checks it); 15m and the like mean that long ago."""
    m = RELATIVE.match(text)
    if not m:
        return text
    ago = timedelta(**{UNITS[m.group(2)]: int(m.group(1))})
    return (datetime.now(timezone.utc) - ago).isoformat(timespec="seconds").replace("+00:00", "Z")


def add_filters(parser):
    group = parser.add_argument_group("filters (the list's; every given one must match)")
    for name, option, alias, help_text in FILTERS:
        convert = point_in_time if name in ("since", "until") else str
        choices = {"status": STATUSES, "stage": STAGES}.get(name)
        group.add_argument(option, alias, dest=name, metavar=name.upper(), type=convert,
                           choices=choices, help=help_text)


def filters_of(args):
    return {name: getattr(args, name) for name, *_ in FILTERS if getattr(args, name) is not None}


def add_common(parser, top):
    """--url, --api-key, --json: before the subcommand (top) and after it. After it they default
    to SUPPRESS, so the value given before (./tracker passes --url there) stays unless repeated."""
    def default(value):
        return value if top else argparse.SUPPRESS

    parser.add_argument("--url",
                        default=default(os.environ.get("TRACKER_DLT_MONITOR_URL", DEFAULT_URL)),
                        help=f"the monitor (default: ./tracker's, else {DEFAULT_URL})")
    parser.add_argument("--api-key", default=default(os.environ.get("TRACKER_DLT_API_KEY")),
                        help="admin key for replay/discard (default: $TRACKER_DLT_API_KEY)")
    parser.add_argument("--json", action="store_true", default=default(False),
                        help="print the API's JSON answer instead of tables")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="./tracker dlt",
        description="The dead letters kept by the event-dlt-monitor: list, inspect, replay to the "
                    "main topic, discard. Statuses: new -> replaying -> replayed; discarded; "
                    "parked (a replay loop: a person decides). Only new and parked rows can be "
                    "replayed or discarded.",
        epilog="Replay and discard need the admin key when the monitor runs with "
               "TRACKER_DLT_ADMIN_KEYS. Exit codes: 0 done, 1 refused or unreachable (or a "
               "replay by filter some of whose records Kafka did not take), 2 usage error. "
               "Examples: ./tracker dlt list --stage decode; ./tracker dlt show 42; "
               "./tracker dlt replay --filter-status parked --stage postgres --dry-run; "
               "./tracker dlt discard 42 --reason 'test data'")
    add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="list|show|replay|discard|summary")

    def add_parser(name, **kwargs):
        p = sub.add_parser(name, **kwargs)
        add_common(p, top=False)
        return p

    p = add_parser("list", help="dead letters, newest first",
                       description="Dead letters, newest first (first seen), one page at a time.")
    add_filters(p)
    p.add_argument("--limit", type=positive_int, help="rows per page (1-500, default 50)")
    p.add_argument("--cursor", help="the next page: the cursor the previous page printed")

    p = add_parser("show", help="one dead letter in full",
                       description="One dead letter: its fields, every header, the key and event "
                                   "decoded through the registry, the audit trail and the later "
                                   "failures of its replay chain.")
    p.add_argument("id", type=positive_int)

    for action, verb in (("replay", "replay"), ("discard", "discard")):
        what = ("re-publish to the main topic (original partition, key and value)"
                if action == "replay" else "mark as discarded (final; needs a reason)")
        p = add_parser(
            action, help=f"{what}: one by ID, or every match of filters",
            description=f"{verb.capitalize()} one dead letter (ID) or every new/parked dead "
                        f"letter matching the filters (at least one filter; try --dry-run "
                        f"first): {what}.")
        p.add_argument("id", type=positive_int, nargs="?")
        p.add_argument("--reason", help="recorded in the audit trail"
                       + (" (required)" if action == "discard" else ""))
        add_filters(p)
        bulk = p.add_argument_group("by filter")
        bulk.add_argument("--dry-run", action="store_true",
                          help="count and show a sample, change nothing")
        bulk.add_argument("--max", type=positive_int, help="act on at most N rows")
        if action == "replay":
            bulk.add_argument("--rate", type=positive_int,
                              help="records per second (default: the monitor's, 50)")

    add_parser("summary", help="counts by stage and status, age, rates",
                   description="Counts by stage and status, the unresolved ones (new, replaying, "
                               "parked), the oldest unresolved one's age, and the rates of the "
                               "last 5 minutes.")
    return parser


# --- HTTP ---------------------------------------------------------------------------------------

class Monitor:
    """The monitor's API: answers as parsed JSON, failures as Failure with the error's code."""

    def __init__(self, url, api_key):
        try:
            import requests  # noqa: PLC0415 (imported late: --help works without the venv)
        except ImportError as e:
            raise Failure("the Python package requests is missing: run ./tracker setup") from e
        self.requests = requests
        self.url = url.rstrip("/")
        self.api_key = api_key

    def get(self, path, params=None):
        return self._call("GET", path, params=params)

    def post(self, path, body):
        headers = {"X-API-Key": self.api_key} if self.api_key else {}
        return self._call("POST", path, json=body, headers=headers)

    def _call(self, method, path, **kwargs):
        try:
            answer = self.requests.request(method, self.url + path, timeout=120, **kwargs)
        except self.requests.RequestException as e:
            raise Failure(f"cannot reach the event-dlt-monitor at {self.url} "
                          f"({e.__class__.__name__}); is the stack up? ./tracker status") from e
        try:
            body = answer.json()
        except ValueError:
            body = None
        if answer.status_code >= 400:
            error = body.get("error") if isinstance(body, dict) else None
            if isinstance(error, dict):
                raise Failure(f"{error.get('code', 'error')}: {error.get('message', '')}"
                              f" (HTTP {answer.status_code})")
            raise Failure(f"HTTP {answer.status_code} from {method} {path}: "
                          f"{answer.text.strip()[:300]}")
        if body is None:
            raise Failure(f"{method} {path}: the answer is not JSON: {answer.text.strip()[:300]}")
        return body


# --- output -------------------------------------------------------------------------------------

def table(headers, rows, indent=""):
    """Aligned columns; numbers right-aligned. Always prints the header line."""
    cells = [[text(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                  for r in rows) for i in range(len(headers))]

    def line(values):
        out = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return (indent + "  ".join(out)).rstrip()

    print(line(headers))
    for r in cells:
        print(line(r))


def text(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def cut(value, width):
    value = text(value).replace("\n", " ")
    return value if len(value) <= width else value[:width - 1] + "…"


def when(value):
    """An RFC 3339 time as 'YYYY-MM-DD HH:MM:SS' (UTC), or as it came."""
    if not value:
        return "-"
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if t.tzinfo:
        t = t.astimezone(timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S")


def age(seconds):
    if seconds is None:
        return "-"
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


def field(item, *names):
    """The first of `names` the item has (tolerant of flat and nested spellings)."""
    for name in names:
        node = item
        for part in name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return node
    return None


def coordinates(value):
    """{"topic","partition","offset"} or "topic/partition/offset" as topic/p@offset."""
    if value is None:
        return None
    if isinstance(value, dict):
        return f"{value.get('topic')}/{value.get('partition')}@{value.get('offset')}"
    return str(value)


def original_of(item):
    topic = field(item, "original_topic", "original.topic")
    if topic is None:
        return None
    return (f"{topic}/{field(item, 'original_partition', 'original.partition')}"
            f"@{field(item, 'original_offset', 'original.offset')}")


def dlt_place_of(item):
    topic = field(item, "dlt_topic", "dlt.topic")
    if topic is None:
        return None
    return (f"{topic}/{field(item, 'dlt_partition', 'dlt.partition')}"
            f"@{field(item, 'dlt_offset', 'dlt.offset')}")


LIST_HEADERS = ["ID", "STATUS", "STAGE", "ERROR CODE", "GROUP", "USER", "EVENT TYPE", "REPLAYS",
                "FIRST SEEN", "ORIGINAL", "MESSAGE"]


def list_row(item):
    return [field(item, "id"), field(item, "status"), field(item, "stage"),
            field(item, "error_code") or "-", field(item, "consumer_group", "group"),
            field(item, "user_id"), field(item, "event_type"),
            field(item, "replay_count") or 0, when(field(item, "first_seen")),
            original_of(item), cut(field(item, "error_message"), 60)]


# --- subcommands --------------------------------------------------------------------------------

def do_list(monitor, args):
    params = filters_of(args)
    if args.limit:
        params["limit"] = args.limit
    if args.cursor:
        params["cursor"] = args.cursor
    answer = monitor.get("/api/dead-letters", params)
    if args.json:
        return answer
    items = answer.get("items", [])
    table(LIST_HEADERS, [list_row(i) for i in items])
    if not items:
        print("(no dead letters match)")
    if answer.get("next_cursor"):
        print(f"more: ./tracker dlt list ... --cursor {answer['next_cursor']}")
    return None


def do_show(monitor, args):
    d = monitor.get(f"/api/dead-letters/{args.id}")
    if args.json:
        return d
    value = field(d, "value_base64")
    key = field(d, "key_base64")
    rows = [
        ("status", field(d, "status")),
        ("stage", field(d, "stage")),
        ("error code", field(d, "error_code")),
        ("error message", field(d, "error_message")),
        ("attempts", field(d, "attempts")),
        ("consumer group", field(d, "consumer_group", "group")),
        ("event", " ".join(f"{k}={v}" for k, v in (("event_id", field(d, "event_id")),
                                                   ("user_id", field(d, "user_id")),
                                                   ("event_type", field(d, "event_type")))
                           if v is not None) or None),
        ("original", original_of(d)),
        ("original time", when(field(d, "original_timestamp", "original.timestamp"))),
        ("dead letter at", dlt_place_of(d)),
        ("replay of", coordinates(field(d, "replay_of"))),
        ("replay count", field(d, "replay_count")),
        ("next attempt", when(field(d, "next_attempt_at"))),
        ("first seen", when(field(d, "first_seen"))),
        ("updated", when(field(d, "updated_at"))),
        ("key", byte_summary(key)),
        ("value", byte_summary(value)),
    ]
    print(f"dead letter {field(d, 'id')}")
    for name, v in rows:
        print(f"  {name:<15} {text(v)}")

    headers = d.get("headers") or []
    print(f"\nheaders ({len(headers)})")
    table(["NAME", "VALUE"], [[h.get("name"), header_value(h)] for h in headers], indent="  ")

    print("\nkey (decoded)")
    if key is None:
        print("  (the record had no key)")
    else:
        print_decoded(d.get("key"), d.get("key_decode_error") or (
            None if d.get("key") is not None else "no decoded key in the answer"))
    print("\nevent (decoded)")
    print_decoded(d.get("event"), d.get("decode_error") or (
        None if d.get("event") is not None else "no decoded event in the answer"))

    audit = d.get("audit") or []
    print(f"\naudit ({len(audit)})")
    table(["AT", "ACTION", "ACTOR", "REASON", "RESULT"],
          [[when(a.get("at")), a.get("action"), a.get("actor"), a.get("reason"),
            cut(a.get("result"), 80)] for a in audit], indent="  ")
    if "later_failures" in d:
        later = d.get("later_failures") or []
        print(f"\nlater failures of this replay chain: {', '.join(map(str, later)) or 'none'}")
    if "chain" in d:
        print(f"\nits replay chain: {', '.join(map(str, d.get('chain') or [])) or 'none'}")
    return None


def byte_summary(b64):
    if b64 is None:
        return "none (null)"
    raw = base64.b64decode(b64)
    preview = raw[:24].hex(" ")
    return f"{len(raw)} bytes: {preview}{' …' if len(raw) > 24 else ''}"


def header_value(h):
    """Spring's binary partition/offset/timestamp as numbers, text as text, else base64."""
    if h.get("number") is not None:
        return h["number"]
    if h.get("text") is not None:
        return cut(h["text"], 100)
    return cut(f"base64:{h.get('value')}", 100)


def print_decoded(value, error):
    if error:
        print(f"  not decoded: {error}")
    elif isinstance(value, dict):
        table(["FIELD", "VALUE"], [[k, cut(v, 100)] for k, v in value.items()], indent="  ")
    elif value is None:
        print("  -")
    else:
        print(f"  {text(value)}")


def check_action(args):
    """What argparse cannot say: ID or filters, not both; discard's reason."""
    action = args.command
    filters = filters_of(args)
    bulk_options = [o for o, v in (("--dry-run", args.dry_run), ("--max", args.max),
                                   ("--rate", getattr(args, "rate", None))) if v]
    if action == "discard" and not args.reason:
        raise UsageError("discard needs --reason (it is kept in the audit trail)")
    if args.id is not None and (filters or bulk_options):
        given = ", ".join(bulk_options) or "bulk options"
        raise UsageError(f"{action} ID takes no filters or {given}: give either an ID or filters")
    if args.id is None and not filters:
        raise UsageError(f"{action} needs an ID or at least one filter "
                         f"(e.g. --filter-status new --stage postgres; try --dry-run first)")


def do_action(monitor, args):
    action = args.command
    filters = filters_of(args)
    if args.id is not None:
        body = {"reason": args.reason} if args.reason else {}
        answer = monitor.post(f"/api/dead-letters/{args.id}/{action}", body)
        if args.json:
            return answer
        line = f"dead letter {answer.get('id', args.id)}: {answer.get('status')}"
        if action == "replay":
            line += (f", to {coordinates(answer.get('replayed_to'))}"
                     f" (replay {answer.get('replay_count')} of its chain)")
        print(line)
        return None

    body = {"filter": filters, "dry_run": bool(args.dry_run)}
    if args.max:
        body["max"] = args.max
    if getattr(args, "rate", None):
        body["rate_per_second"] = args.rate
    if args.reason:
        body["reason"] = args.reason
    answer = monitor.post(f"/api/dead-letters/{action}", body)
    if args.json:
        return answer
    done = "replayed" if action == "replay" else "discarded"
    if answer.get("dry_run"):
        would = answer.get(f"would_{action}")
        print(f"dry run: {answer.get('matched')} match, {would} would be {done} (nothing changed)")
        sample = answer.get("sample") or []
        if sample:
            print(f"sample ({len(sample)}):")
            table(LIST_HEADERS, [list_row(i) for i in sample], indent="  ")
        return None
    counts = [("MATCHED", answer.get("matched")), (done.upper(), answer.get(done))]
    counts += [(name.upper(), answer[name]) for name in ("failed", "skipped") if name in answer]
    table([name for name, _ in counts], [[value for _, value in counts]])
    ids = answer.get("ids") or []
    if ids:
        print(f"{done}: {', '.join(map(str, ids))}")
    for failure in answer.get("failures") or []:
        print(f"failed: {failure.get('id')}: {failure.get('error')}")
    if answer.get("failed"):
        raise Failure(f"{answer['failed']} could not be {done} (above); they can be tried again")
    return None


def do_summary(monitor, args):
    s = monitor.get("/api/dead-letters/summary")
    if args.json:
        return s
    by = s.get("by_stage_status") or {}
    stages = STAGES + sorted(k for k in by if k not in STAGES)
    statuses = STATUSES + sorted({st for counts in by.values() for st in counts} - set(STATUSES))
    rows = []
    for stage in stages:
        counts = by.get(stage, {})
        rows.append([stage] + [counts.get(st, 0) for st in statuses] + [sum(counts.values())])
    rows.append(["all"] + [sum(by.get(stage, {}).get(st, 0) for stage in stages)
                           for st in statuses] + [s.get("total")])
    table(["STAGE"] + [st.upper() for st in statuses] + ["TOTAL"], rows)
    print(f"unresolved (new, replaying, parked): {s.get('unresolved')}; "
          f"oldest unresolved: {age(s.get('oldest_unresolved_age_seconds'))}")
    rates = dict(s.get("rates") or {})
    window = rates.pop("window_seconds", 300)
    order = ["stored", "replayed", "discarded", "parked"]
    rates = dict(sorted(rates.items(), key=lambda kv: (
        order.index(kv[0].removesuffix("_per_minute"))
        if kv[0].removesuffix("_per_minute") in order else len(order), kv[0])))
    if rates:
        minutes = window // 60 if isinstance(window, int) else window
        print(f"last {minutes} minutes, per minute: "
              + ", ".join(f"{k.removesuffix('_per_minute')} {v:g}" if isinstance(v, (int, float))
                          else f"{k} {v}" for k, v in rates.items()))
    return None


COMMANDS = {"list": do_list, "show": do_show, "replay": do_action, "discard": do_action,
            "summary": do_summary}


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command in ("replay", "discard"):
            check_action(args)
        monitor = Monitor(args.url, args.api_key)
        answer = COMMANDS[args.command](monitor, args)
    except UsageError as e:
        print(f"./tracker dlt {args.command}: {e}", file=sys.stderr)
        return 2
    except Failure as e:
        print(f"./tracker dlt {args.command}: {e}", file=sys.stderr)
        return 1
    if answer is not None:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
