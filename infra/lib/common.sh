# Shared helpers for the infra scripts: configuration, logging, pid files, readiness waits.
# Sourced, never executed. Every setting can be overridden by an environment variable.

TRACKER_ROOT=${TRACKER_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TRACKER_RUN_DIR=${TRACKER_RUN_DIR:-$TRACKER_ROOT/.run}
TRACKER_CACHE_DIR=${TRACKER_CACHE_DIR:-$TRACKER_ROOT/.cache}

# Ports (loopback only), all below Linux's ephemeral range (32768-60999) so that no client's
# outgoing connection can be holding one when a server binds it. Broker n (1-based) listens on
# KAFKA_PORT+2(n-1), its controller one above.
TRACKER_KAFKA_PORT=${TRACKER_KAFKA_PORT:-19092}
TRACKER_PG_PORT=${TRACKER_PG_PORT:-15432}
TRACKER_OPENSEARCH_PORT=${TRACKER_OPENSEARCH_PORT:-19200}
TRACKER_OPENSEARCH_TRANSPORT_PORT=${TRACKER_OPENSEARCH_TRANSPORT_PORT:-19300}
TRACKER_REGISTRY_PORT=${TRACKER_REGISTRY_PORT:-18081}
# CMake preset whose binaries the stack runs (build/<preset>/bin).
TRACKER_PRESET=${TRACKER_PRESET:-release}

TRACKER_PARTITIONS=${TRACKER_PARTITIONS:-6}
TRACKER_KAFKA_HEAP=${TRACKER_KAFKA_HEAP:-512m}
TRACKER_OPENSEARCH_HEAP=${TRACKER_OPENSEARCH_HEAP:-512m}
TRACKER_START_TIMEOUT=${TRACKER_START_TIMEOUT:-120}
# PostgreSQL and OpenSearch refuse to run as root: when we are root they run as this system user.
TRACKER_SERVICE_USER=${TRACKER_SERVICE_USER:-tracker}

TRACKER_MAIN_TOPIC=user-behavior-events
TRACKER_DLT_TOPIC=user-behavior-events-DLT
TRACKER_PG_DB=tracker
TRACKER_PG_USER=tracker
TRACKER_PG_PASSWORD=tracker
TRACKER_SEARCH_INDEX=user-post-events

# Pinned versions of what setup fetches.
KAFKA_VERSION=4.1.1
OPENSEARCH_VERSION=2.19.6

if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  _c_step=$'\e[1;34m'; _c_ok=$'\e[32m'; _c_err=$'\e[1;31m'; _c_off=$'\e[0m'
else
  _c_step=; _c_ok=; _c_err=; _c_off=
fi
step() { printf '%s==>%s %s\n' "$_c_step" "$_c_off" "$*"; }
info() { printf '    %s\n' "$*"; }
ok()   { printf '    %s%s%s\n' "$_c_ok" "$*" "$_c_off"; }
warn() { printf '%swarning:%s %s\n' "$_c_err" "$_c_off" "$*" >&2; }
# die COMPONENT MESSAGE [LOGFILE]: a failure names the component, the cause and where to look.
die() {
  printf '%serror:%s [%s] %s\n' "$_c_err" "$_c_off" "$1" "$2" >&2
  if [[ -n ${3:-} ]]; then
    printf '       log: %s\n' "$3" >&2
    [[ -f $3 ]] && tail -n 15 "$3" | sed 's/^/       | /' >&2
  fi
  exit 1
}

now_ms() { date +%s%3N; }

# Directory for data of processes that run as the service user. Under root the project tree may sit
# in a folder the service user cannot enter (e.g. a mktemp -d clone), so that data lives in /var/tmp,
# keyed by the run directory, with a symlink from the run directory.
service_dir() {
  if [[ $EUID -eq 0 ]]; then
    local key; key=$(printf '%s' "$TRACKER_RUN_DIR" | sha1sum | cut -c1-10)
    printf '/var/tmp/tracker-%s' "$key"
  else
    printf '%s' "$TRACKER_RUN_DIR"
  fi
}

# as_service_user CMD...: run a command as the service user when root, else as ourselves.
as_service_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$TRACKER_SERVICE_USER" -- "$@"; else "$@"; fi
}

# make_service_dir DIR: create DIR owned by the service user.
make_service_dir() {
  mkdir -p "$1"
  if [[ $EUID -eq 0 ]]; then chown "$TRACKER_SERVICE_USER:" "$1"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
read_pid() { [[ -f $1 ]] && tr -dc '0-9' < "$1"; }

# wait_until DEADLINE_SECONDS CMD...: poll CMD until it succeeds or the deadline passes.
wait_until() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    (( $(date +%s) >= deadline )) && return 1
    sleep 0.25
  done
}

# stop_pid NAME PIDFILE [GRACE_SECONDS]: SIGTERM, wait, SIGKILL; only the pid we recorded.
stop_pid() {
  local name=$1 file=$2 grace=${3:-30} pid
  pid=$(read_pid "$file") || true
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until "$grace" bash -c "! kill -0 $pid 2>/dev/null"; then
      warn "$name (pid $pid) did not stop in ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_until 10 bash -c "! kill -0 $pid 2>/dev/null" || true
    fi
  fi
  rm -f "$file"
}

# rss_mb PID: resident memory of a process in MiB (empty if not running).
rss_mb() { pid_alive "${1:-}" && ps -o rss= -p "$1" | awk '{printf "%d", $1/1024}'; }

java17_home() {
  local j
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-*; do
    [[ -n $j && -x $j/bin/java ]] || continue
    "$j/bin/java" -version 2>&1 | grep -q 'version "17' && { printf '%s' "$j"; return 0; }
  done
  return 1
}

json_escape() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '%s' "$s"; }
