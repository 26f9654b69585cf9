# Our own services (the C++ binaries in build/<preset>/bin) started on top of the infrastructure by
# ./tracker up, each with a pid file, a log and a readiness URL. Sourced by ./tracker after
# infra/infra.sh.

SERVICES_DIR=$TRACKER_RUN_DIR/services
TRACKER_PRODUCER_PORT=${TRACKER_PRODUCER_PORT:-18080}
# Consumer instances take ports from here upwards (the first free one not recorded by another).
TRACKER_CONSUMER_PORT=${TRACKER_CONSUMER_PORT:-18090}
TRACKER_DLT_MONITOR_PORT=${TRACKER_DLT_MONITOR_PORT:-18070}
TRACKER_DEFAULT_GROUP=event-consumer

# The fixed services ./tracker up starts, in start order. Consumer instances come after them; each
# is a service named consumer-<group>-<n> whose settings live in $SERVICES_DIR/<name>.env.
SERVICE_NAMES=(event-producer event-dlt-monitor)

is_consumer() { [[ $1 == consumer-* ]]; }
consumer_envfile() { printf '%s/%s.env' "$SERVICES_DIR" "$1"; }
# consumer_instances: the consumer instances ever started in this run dir (an env file each).
consumer_instances() {
  local f
  for f in "$SERVICES_DIR"/consumer-*.env; do [[ -e $f ]] && basename "$f" .env; done
}
all_services() { printf '%s\n' "${SERVICE_NAMES[@]}"; consumer_instances; }
consumer_setting() { sed -n "s/^$2=//p" "$(consumer_envfile "$1")" | tail -n1; }

service_port() {
  case $1 in
    event-producer) echo "$TRACKER_PRODUCER_PORT" ;;
    event-dlt-monitor) echo "$TRACKER_DLT_MONITOR_PORT" ;;
    consumer-*) consumer_setting "$1" TRACKER_CONSUMER_PORT ;;
    *) return 1 ;;
  esac
}
service_url() { printf 'http://127.0.0.1:%s' "$(service_port "$1")"; }
service_bin() {
  local bin=$1; is_consumer "$1" && bin=event-consumer
  printf '%s/build/%s/bin/%s' "$TRACKER_ROOT" "$TRACKER_PRESET" "$bin"
}
service_pidfile() { printf '%s/%s.pid' "$SERVICES_DIR" "$1"; }
service_log() { printf '%s/%s.log' "$SERVICES_DIR" "$1"; }

# service_env NAME: the environment a service reads its endpoints from.
service_env() {
  case $1 in
    event-producer)
      echo "TRACKER_PRODUCER_HOST=127.0.0.1"
      echo "TRACKER_PRODUCER_PORT=$TRACKER_PRODUCER_PORT"
      echo "TRACKER_KAFKA_BOOTSTRAP=$(kafka_load_state; kafka_bootstrap)"
      echo "TRACKER_REGISTRY_URL=$(registry_url)"
      echo "TRACKER_TOPIC=$TRACKER_MAIN_TOPIC" ;;
    event-dlt-monitor)
      echo "TRACKER_DLT_MONITOR_HOST=127.0.0.1"
      echo "TRACKER_DLT_MONITOR_PORT=$TRACKER_DLT_MONITOR_PORT"
      echo "TRACKER_KAFKA_BOOTSTRAP=$(kafka_load_state; kafka_bootstrap)"
      echo "TRACKER_REGISTRY_URL=$(registry_url)"
      echo "TRACKER_PG_DSN=$(pg_dsn)"
      echo "TRACKER_TOPIC=$TRACKER_MAIN_TOPIC"
      echo "TRACKER_DLT_TOPIC=$TRACKER_DLT_TOPIC"
      echo "TRACKER_PRODUCER_URL=$(service_url event-producer)"  # the console's "events in"
      # admin keys, replay limits, compensation, group: from the caller's environment (README there)
      env | grep -E '^TRACKER_DLT_(ADMIN_KEYS|MAX_REPLAYS|COMPENSATION|COMPENSATION_DELAY_MS|REPLAY_RATE|REPLAY_CAP|MONITOR_GROUP|MONITOR_INSTANCE_ID)=' || true ;;
    consumer-*) grep -v '^#' "$(consumer_envfile "$1")" ;;
  esac
}

# parse_group_spec SPEC: splits "NAME[:SINKS][:classic|consumer]" into SPEC_GROUP, SPEC_SINKS
# (comma-separated; default postgres,search) and SPEC_PROTOCOL (empty when not named: the
# instance then takes TRACKER_CONSUMER_GROUP_PROTOCOL from the environment, else classic).
# Returns 1 with SPEC_ERROR set when SPEC is malformed.
parse_group_spec() {
  local spec=$1 fields sink sinks
  SPEC_GROUP=; SPEC_SINKS=postgres,search; SPEC_PROTOCOL=; SPEC_ERROR=
  IFS=':' read -ra fields <<< "$spec"
  SPEC_GROUP=${fields[0]:-}
  [[ $SPEC_GROUP =~ ^[A-Za-z0-9._-]+$ ]] || { SPEC_ERROR="bad group name '$SPEC_GROUP'"; return 1; }
  [[ $spec != *: ]] || { SPEC_ERROR="empty field in '$spec'"; return 1; }
  if (( ${#fields[@]} > 1 )); then
    case ${fields[-1]} in
      classic|consumer) SPEC_PROTOCOL=${fields[-1]}; unset 'fields[-1]' ;;
    esac
  fi
  if [[ -z $SPEC_PROTOCOL ]] && (( ${#fields[@]} == 3 )) && [[ ${fields[1]} != classic && ${fields[1]} != consumer ]]; then
    SPEC_ERROR="unknown protocol '${fields[2]}' in '$spec' (classic, consumer)"; return 1
  fi
  (( ${#fields[@]} <= 2 )) || {
    SPEC_ERROR="'$spec' is not NAME[:SINKS][:classic|consumer] (sinks joined with +, the protocol last)"; return 1; }
  (( ${#fields[@]} == 2 )) || return 0
  IFS='+' read -ra sinks <<< "${fields[1]}"
  (( ${#sinks[@]} )) || { SPEC_ERROR="empty field in '$spec'"; return 1; }
  for sink in "${sinks[@]}"; do
    [[ $sink == postgres || $sink == search ]] || {
      SPEC_ERROR="unknown sink or protocol '$sink' in '$spec' (sinks: postgres, search; protocols: classic, consumer)"
      return 1; }
  done
  SPEC_SINKS=${fields[1]//+/,}
}

# consumer_define GROUP SINKS N STATIC [PROTOCOL]: writes the env file of instance N of GROUP
# unless it exists (a restarted instance keeps its port and settings). Other TRACKER_CONSUMER_*
# variables of the caller's environment (retry, batch, session, group protocol, faults for tests)
# pass through; PROTOCOL, when given, wins over the environment's. Prints the instance name.
consumer_define() {
  local group=$1 sinks=$2 n=$3 static=$4 protocol=${5:-} name="consumer-$1-$3" port used
  local file; file=$(consumer_envfile "$name")
  if [[ ! -f $file ]]; then
    mkdir -p "$SERVICES_DIR"
    used=" $(cat "$SERVICES_DIR"/consumer-*.env 2>/dev/null | sed -n 's/^TRACKER_CONSUMER_PORT=//p' | tr '\n' ' ') "
    port=$TRACKER_CONSUMER_PORT
    while [[ $used == *" $port "* ]] || port_open "$port"; do port=$(( port + 1 )); done
    {
      echo "# consumer instance $n of group $group (written by ./tracker up)"
      echo "TRACKER_CONSUMER_NAME=$name"
      echo "TRACKER_CONSUMER_GROUP=$group"
      echo "TRACKER_CONSUMER_SINKS=$sinks"
      echo "TRACKER_CONSUMER_HOST=127.0.0.1"
      echo "TRACKER_CONSUMER_PORT=$port"
      [[ $static == yes ]] && echo "TRACKER_CONSUMER_INSTANCE_ID=$name"
      echo "TRACKER_KAFKA_BOOTSTRAP=$(kafka_load_state; kafka_bootstrap)"
      echo "TRACKER_REGISTRY_URL=$(registry_url)"
      echo "TRACKER_PG_DSN=$(pg_dsn)"
      echo "TRACKER_SEARCH_URL=$(os_url)"
      echo "TRACKER_TOPIC=$TRACKER_MAIN_TOPIC"
      echo "TRACKER_DLT_TOPIC=$TRACKER_DLT_TOPIC"
      env | grep -E '^TRACKER_CONSUMER_(FAULTS|RETRY_[A-Z_]+|BATCH_[A-Z_]+|BULK_MAX_BYTES|SESSION_TIMEOUT_MS|HEARTBEAT_INTERVAL_MS|GROUP_PROTOCOL)=' || true
      [[ -n $protocol ]] && echo "TRACKER_CONSUMER_GROUP_PROTOCOL=$protocol"
    } > "$file"
  fi
  echo "$name"
}

# consumers_up N GROUPS STATIC: N instances of each group in GROUPS
# ("name[:sink+sink][:classic|consumer],..."; see parse_group_spec). Instances already running
# are left alone.
consumers_up() {
  local count=$1 groups=$2 static=$3 spec n name
  local specs; IFS=',' read -ra specs <<< "$groups"
  for spec in "${specs[@]}"; do
    parse_group_spec "$spec" || die consumers "$SPEC_ERROR"
    for (( n = 1; n <= count; n++ )); do
      name=$(consumer_define "$SPEC_GROUP" "$SPEC_SINKS" "$n" "$static" "$SPEC_PROTOCOL")
      service_up "$name"
    done
  done
}

service_ready() { curl -fsS --max-time 2 "$(service_url "$1")/health/ready" > /dev/null 2>&1; }

service_up() {
  local name=$1 start pid log; start=$(now_ms); log=$(service_log "$name")
  [[ -x $(service_bin "$name") ]] || die "$name" "$(service_bin "$name") not built (run ./tracker build)"
  mkdir -p "$SERVICES_DIR"
  pid=$(read_pid "$(service_pidfile "$name")") || true
  if pid_alive "$pid"; then
    info "$name already running (pid $pid)"
  else
    port_open "$(service_port "$name")" && die "$name" "port $(service_port "$name") is taken by another process"
    step "$name: starting on $(service_url "$name")"
    local env_args; mapfile -t env_args < <(service_env "$name")
    env "${env_args[@]}" setsid "$(service_bin "$name")" > "$log" 2>&1 < /dev/null &
    echo $! > "$(service_pidfile "$name")"
  fi
  local deadline=$(( $(date +%s) + TRACKER_START_TIMEOUT ))
  until service_ready "$name"; do
    pid_alive "$(read_pid "$(service_pidfile "$name")")" || die "$name" "exited during start" "$log"
    (( $(date +%s) >= deadline )) && die "$name" "not ready after ${TRACKER_START_TIMEOUT}s" "$log"
    sleep 0.2
  done
  ok "$name ready in $(( $(now_ms) - start ))ms: $(service_url "$name")"
}

service_down() {
  local name=$1
  if pid_alive "$(read_pid "$(service_pidfile "$name")")"; then
    stop_pid "$name" "$(service_pidfile "$name")" 30
    info "$name: stopped"
  fi
  rm -f "$(service_pidfile "$name")"
}

services_up() { local n; for n in "${SERVICE_NAMES[@]}"; do service_up "$n"; done; }
# services_down: consumers first (they commit and leave their groups), then the fixed services.
services_down() {
  local n i
  for n in $(consumer_instances); do service_down "$n"; rm -f "$(consumer_envfile "$n")"; done
  for (( i = ${#SERVICE_NAMES[@]} - 1; i >= 0; i-- )); do service_down "${SERVICE_NAMES[$i]}"; done
}

service_status_json() {
  local name=$1 pid state=absent; pid=$(read_pid "$(service_pidfile "$name")") || true
  [[ -f $(service_log "$name") ]] && state=stopped
  if pid_alive "$pid"; then state=starting; service_ready "$name" && state=running; fi
  local healthy=false; [[ $state == running ]] && healthy=true
  local extra=""
  local protocol
  [[ $name == event-dlt-monitor ]] && extra=',"kind":"dlt-monitor"'
  is_consumer "$name" && protocol=$(consumer_setting "$name" TRACKER_CONSUMER_GROUP_PROTOCOL) \
    && extra=$(printf ',"kind":"consumer","group":"%s","sinks":"%s","group_protocol":"%s"' \
    "$(consumer_setting "$name" TRACKER_CONSUMER_GROUP)" "$(consumer_setting "$name" TRACKER_CONSUMER_SINKS)" \
    "${protocol:-classic}")
  printf '{"state":"%s","healthy":%s,"pid":%s,"port":%s,"url":"%s","rss_mb":%s%s}' \
    "$state" "$healthy" "${pid:-null}" "$(service_port "$name")" "$(service_url "$name")" \
    "$(rss_mb "$pid" || echo null)" "$extra"
}

# services_status_json: {"event-producer": {...}, ...}; returns 0 iff every service is healthy.
services_status_json() {
  local n out="" all=0
  for n in $(all_services); do
    local s; s=$(service_status_json "$n")
    [[ $s == *'"healthy":true'* ]] || all=1
    out+="${out:+,}\"$n\":$s"
  done
  printf '{%s}' "$out"
  return $all
}
