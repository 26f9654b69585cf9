# The schema registry: our C++ Confluent-compatible server (services/schema-registry), stored in
# our PostgreSQL. Sourced by infra/infra.sh after infra/lib/common.sh and postgres.sh.

REGISTRY_DIR=$TRACKER_RUN_DIR/registry
REGISTRY_PIDFILE=$REGISTRY_DIR/registry.pid
REGISTRY_LOG=$REGISTRY_DIR/registry.log
REGISTRY_SUBJECTS=("$TRACKER_MAIN_TOPIC-value" "$TRACKER_MAIN_TOPIC-key")

registry_url() { printf 'http://127.0.0.1:%s' "$TRACKER_REGISTRY_PORT"; }
registry_bin() { printf '%s/build/%s/bin/schema-registry' "$TRACKER_ROOT" "$TRACKER_PRESET"; }

registry_ready() { curl -fsS --max-time 2 "$(registry_url)/" > /dev/null 2>&1; }

registry_up() {
  local start pid; start=$(now_ms)
  [[ -x $(registry_bin) ]] || die registry "$(registry_bin) not built (run ./tracker build)"
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$TRACKER_PG_PORT" \
    || die registry "PostgreSQL is not running on port $TRACKER_PG_PORT (the registry stores its schemas there)"
  mkdir -p "$REGISTRY_DIR"
  pid=$(read_pid "$REGISTRY_PIDFILE") || true
  if pid_alive "$pid"; then
    info "registry already running (pid $pid)"
  else
    port_open "$TRACKER_REGISTRY_PORT" && die registry "port $TRACKER_REGISTRY_PORT is taken by another process (set TRACKER_REGISTRY_PORT)"
    step "registry: starting on $(registry_url)"
    TRACKER_REGISTRY_HOST=127.0.0.1 TRACKER_REGISTRY_PORT=$TRACKER_REGISTRY_PORT \
      TRACKER_REGISTRY_PG_DSN=$(pg_dsn) setsid "$(registry_bin)" > "$REGISTRY_LOG" 2>&1 < /dev/null &
    echo $! > "$REGISTRY_PIDFILE"
  fi
  local deadline=$(( $(date +%s) + TRACKER_START_TIMEOUT ))
  until registry_ready; do
    pid_alive "$(read_pid "$REGISTRY_PIDFILE")" || die registry "schema-registry exited during start" "$REGISTRY_LOG"
    (( $(date +%s) >= deadline )) && die registry "not ready after ${TRACKER_START_TIMEOUT}s" "$REGISTRY_LOG"
    sleep 0.1
  done
  registry_configure_subjects
  ok "registry ready in $(( $(now_ms) - start ))ms: $(registry_url)"
}

# Both subjects of the main topic are strictly backward compatible (BACKWARD_TRANSITIVE).
registry_configure_subjects() {
  local s code
  for s in "${REGISTRY_SUBJECTS[@]}"; do
    code=$(curl -s -o "$REGISTRY_DIR/config.log" -w '%{http_code}' -X PUT "$(registry_url)/config/$s" \
      -H 'Content-Type: application/vnd.schemaregistry.v1+json' -d '{"compatibility":"BACKWARD_TRANSITIVE"}')
    [[ $code == 200 ]] || die registry "setting BACKWARD_TRANSITIVE on $s failed (HTTP $code)" "$REGISTRY_DIR/config.log"
  done
  info "subjects ${REGISTRY_SUBJECTS[*]}: BACKWARD_TRANSITIVE"
}

registry_down() {
  if pid_alive "$(read_pid "$REGISTRY_PIDFILE")"; then
    stop_pid registry "$REGISTRY_PIDFILE" 20
    info "registry: stopped"
  fi
  rm -f "$REGISTRY_PIDFILE"
  return 0
}

registry_status_json() {
  local pid state=absent; pid=$(read_pid "$REGISTRY_PIDFILE") || true
  [[ -d $REGISTRY_DIR ]] && state=stopped
  if pid_alive "$pid"; then state=starting; registry_ready && state=running; fi
  local healthy=false; [[ $state == running ]] && healthy=true
  printf '{"state":"%s","healthy":%s,"pid":%s,"port":%s,"url":"%s","rss_mb":%s}' \
    "$state" "$healthy" "${pid:-null}" "$TRACKER_REGISTRY_PORT" "$(registry_url)" "$(rss_mb "$pid" || echo null)"
}

registry_logs() { echo "$REGISTRY_LOG"; }

registry_purge() { rm -rf "$REGISTRY_DIR"; }
