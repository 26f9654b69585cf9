# Our own services (the C++ binaries in build/<preset>/bin) started on top of the infrastructure by
# ./tracker up, each with a pid file, a log and a readiness URL. Sourced by ./tracker after
# infra/infra.sh.

SERVICES_DIR=$TRACKER_RUN_DIR/services
TRACKER_PRODUCER_PORT=${TRACKER_PRODUCER_PORT:-18080}

# The services ./tracker up starts, in start order. Later issues add the consumer and DLT monitor.
SERVICE_NAMES=(event-producer)

service_port() {
  case $1 in
    event-producer) echo "$TRACKER_PRODUCER_PORT" ;;
    *) return 1 ;;
  esac
}
service_url() { printf 'http://127.0.0.1:%s' "$(service_port "$1")"; }
service_bin() { printf '%s/build/%s/bin/%s' "$TRACKER_ROOT" "$TRACKER_PRESET" "$1"; }
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
  esac
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
services_down() { local i; for (( i = ${#SERVICE_NAMES[@]} - 1; i >= 0; i-- )); do service_down "${SERVICE_NAMES[$i]}"; done; }

service_status_json() {
  local name=$1 pid state=absent; pid=$(read_pid "$(service_pidfile "$name")") || true
  [[ -f $(service_log "$name") ]] && state=stopped
  if pid_alive "$pid"; then state=starting; service_ready "$name" && state=running; fi
  local healthy=false; [[ $state == running ]] && healthy=true
  printf '{"state":"%s","healthy":%s,"pid":%s,"port":%s,"url":"%s","rss_mb":%s}' \
    "$state" "$healthy" "${pid:-null}" "$(service_port "$name")" "$(service_url "$name")" \
    "$(rss_mb "$pid" || echo null)"
}

# services_status_json: {"event-producer": {...}, ...}; returns 0 iff every service is healthy.
services_status_json() {
  local n out="" all=0
  for n in "${SERVICE_NAMES[@]}"; do
    local s; s=$(service_status_json "$n")
    [[ $s == *'"healthy":true'* ]] || all=1
    out+="${out:+,}\"$n\":$s"
  done
  printf '{%s}' "$out"
  return $all
}
