# The infrastructure as a whole: Kafka, PostgreSQL, OpenSearch. Sourced by ./tracker.
# shellcheck source=infra/lib/common.sh
source "$TRACKER_ROOT/infra/lib/common.sh"
source "$TRACKER_ROOT/infra/kafka/kafka.sh"
source "$TRACKER_ROOT/infra/postgres/postgres.sh"
source "$TRACKER_ROOT/infra/opensearch/opensearch.sh"
source "$TRACKER_ROOT/infra/registry/registry.sh"

INFRA_COMPONENTS=(kafka postgres registry opensearch)

# infra_selected COMPONENT LIST: is COMPONENT in the comma list (empty = all)?
infra_selected() { [[ -z $2 || ,$2, == *,$1,* ]]; }

infra_check_components() {
  local c
  for c in ${1//,/ }; do
    [[ " ${INFRA_COMPONENTS[*]} " == *" $c "* ]] || { echo "unknown component '$c' (known: ${INFRA_COMPONENTS[*]})" >&2; exit 2; }
  done
}

# infra_up BROKERS ONLY
infra_up() {
  local brokers=$1 only=$2 start; start=$(now_ms)
  infra_check_components "$only"
  mkdir -p "$TRACKER_RUN_DIR"
  # PostgreSQL first (fast), then the JVMs; OpenSearch starts while Kafka formats and boots.
  infra_selected postgres "$only" && pg_up
  infra_selected registry "$only" && registry_up
  if infra_selected opensearch "$only" && infra_selected kafka "$only"; then
    os_up > "$TRACKER_RUN_DIR/opensearch-up.log" 2>&1 &
    local os_job=$!
    # If Kafka fails, do not leave the OpenSearch start running unattended.
    trap 'kill $os_job 2>/dev/null; wait $os_job 2>/dev/null' EXIT
    kafka_up "$brokers"
    trap - EXIT
    if ! wait "$os_job"; then cat "$TRACKER_RUN_DIR/opensearch-up.log" >&2; exit 1; fi
    cat "$TRACKER_RUN_DIR/opensearch-up.log"
  else
    infra_selected kafka "$only" && kafka_up "$brokers"
    infra_selected opensearch "$only" && os_up
  fi
  ok "infrastructure up in $(( ($(now_ms) - start) / 1000 ))s; see ./tracker infra status"
}

infra_down() {
  local purge=$1 only=$2
  infra_check_components "$only"
  infra_selected opensearch "$only" && os_down
  infra_selected kafka "$only" && kafka_down
  infra_selected registry "$only" && registry_down
  infra_selected postgres "$only" && pg_down
  if [[ $purge == yes ]]; then
    infra_selected opensearch "$only" && os_purge
    infra_selected kafka "$only" && kafka_purge
    infra_selected registry "$only" && registry_purge
    infra_selected postgres "$only" && pg_purge
    rm -f "$TRACKER_RUN_DIR/opensearch-up.log"
    rmdir "$(service_dir)" "$TRACKER_RUN_DIR" 2>/dev/null || true
    info "data deleted"
  fi
  return 0
}

# infra_status_json: prints the endpoints and states; returns 0 iff every component is healthy.
infra_status_json() {
  local k p o r
  k=$(kafka_status_json); p=$(pg_status_json); o=$(os_status_json); r=$(registry_status_json)
  # the *_status_json functions run in subshells: read health back from their output
  local healthy=false
  [[ $k == *'"healthy":true'* && $p == *'"healthy":true'* && $o == *'"healthy":true'* \
        && $r == *'"healthy":true'* ]] && healthy=true
  printf '{"healthy":%s,"run_dir":"%s","kafka":%s,"postgres":%s,"registry":%s,"opensearch":%s}\n' \
    "$healthy" "$(json_escape "$TRACKER_RUN_DIR")" "$k" "$p" "$r" "$o"
  [[ $healthy == true ]]
}

infra_status_text() {
  local json rc=0; json=$(infra_status_json) || rc=$?
  python3 - "$json" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
def mem(x): return f"{x['rss_mb']} MiB" if x.get("rss_mb") is not None else "-"
k, p, r, o = s["kafka"], s["postgres"], s["registry"], s["opensearch"]
print(f"{'component':<12} {'state':<10} {'endpoint':<48} memory")
print(f"{'kafka':<12} {k['state']:<10} {k['bootstrap_servers'] or '-':<48} "
      + (", ".join(f"broker {b['id']}: {b['state']} {mem(b)}" for b in k["brokers"]) or "-"))
print(f"{'postgres':<12} {p['state']:<10} {p['dsn']:<48} {mem(p)}")
print(f"{'registry':<12} {r['state']:<10} {r['url']:<48} {mem(r)}")
print(f"{'opensearch':<12} {o['state']:<10} {o['url']:<48} {mem(o)}")
print("all healthy" if s["healthy"] else "not all components are healthy")
PY
  return $rc
}

infra_logs() {
  local which=$1 follow=$2 files=()
  infra_check_components "$which"
  kafka_load_state
  infra_selected kafka "$which" && mapfile -t -O "${#files[@]}" files < <(kafka_logs)
  infra_selected postgres "$which" && files+=("$(pg_logs)")
  infra_selected registry "$which" && files+=("$(registry_logs)")
  infra_selected opensearch "$which" && files+=("$(os_logs)")
  local existing=() f
  for f in "${files[@]}"; do [[ -f $f ]] && existing+=("$f"); done
  (( ${#existing[@]} )) || { echo "no logs yet in $TRACKER_RUN_DIR"; return 0; }
  if [[ $follow == yes ]]; then tail -n 20 -F "${existing[@]}"; else tail -n 40 "${existing[@]}"; fi
}
