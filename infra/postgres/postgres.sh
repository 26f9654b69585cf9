# PostgreSQL 15 from Debian as a private cluster (initdb into the run folder) on a loopback port.
# Sourced by infra/infra.sh after infra/lib/common.sh.

PG_BIN=${TRACKER_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=$(service_dir)/postgres
PG_DATA=$PG_DIR/data
PG_LOG=$PG_DIR/postgres.log

pg_dsn() {
  printf 'postgresql://%s:%s@127.0.0.1:%s/%s' "$TRACKER_PG_USER" "$TRACKER_PG_PASSWORD" "$TRACKER_PG_PORT" "$TRACKER_PG_DB"
}

# pg_psql DB ARGS...: psql as the cluster superuser over TCP.
pg_psql() {
  local db=$1; shift
  PGPASSWORD=postgres PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TRACKER_PG_PORT" -U postgres -d "$db" "$@"
}

pg_pid() { [[ -f $PG_DATA/postmaster.pid ]] && head -n 1 "$PG_DATA/postmaster.pid"; }

pg_init() {
  make_service_dir "$(service_dir)"; make_service_dir "$PG_DIR"
  local pwfile=$PG_DIR/.pwfile
  printf 'postgres\n' > "$pwfile"; [[ $EUID -eq 0 ]] && chown "$TRACKER_SERVICE_USER:" "$pwfile"
  # Loopback only; password auth over TCP, trust on the private socket directory.
  as_service_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 > "$PG_DIR/initdb.log" 2>&1 \
    || die postgres "initdb failed" "$PG_DIR/initdb.log"
  rm -f "$pwfile"
}

pg_up() {
  local start; start=$(now_ms)
  [[ -x $PG_BIN/pg_ctl ]] || die postgres "PostgreSQL 15 binaries not found in $PG_BIN (run ./tracker setup)"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then step "postgres: initdb in $PG_DATA"; pg_init; fi
  [[ $EUID -eq 0 ]] && { mkdir -p "$TRACKER_RUN_DIR"; ln -sfn "$PG_DIR" "$TRACKER_RUN_DIR/postgres"; }
  if pid_alive "$(pg_pid)"; then
    info "postgres already running (pid $(pg_pid))"
  else
    port_open "$TRACKER_PG_PORT" && die postgres "port $TRACKER_PG_PORT is taken by another process (set TRACKER_PG_PORT)"
    step "postgres: starting on 127.0.0.1:$TRACKER_PG_PORT"
    # fsync stays on: these are the documented defaults; tests that need speed can override via PGOPTIONS.
    as_service_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$TRACKER_START_TIMEOUT" \
      -o "-c listen_addresses=127.0.0.1 -c port=$TRACKER_PG_PORT -c unix_socket_directories=$PG_DIR ${TRACKER_PG_OPTIONS:-}" \
      start > "$PG_DIR/pg_ctl.log" 2>&1 || die postgres "pg_ctl start failed" "$PG_LOG"
  fi
  pg_bootstrap_database
  pg_migrate
  ok "postgres ready in $(( $(now_ms) - start ))ms: $(pg_dsn)"
}

pg_bootstrap_database() {
  pg_psql postgres -tA -c "select 1 from pg_roles where rolname='$TRACKER_PG_USER'" | grep -q 1 \
    || pg_psql postgres -c "create role $TRACKER_PG_USER login password '$TRACKER_PG_PASSWORD'" \
    || die postgres "cannot create role $TRACKER_PG_USER" "$PG_LOG"
  pg_psql postgres -tA -c "select 1 from pg_database where datname='$TRACKER_PG_DB'" | grep -q 1 \
    || pg_psql postgres -c "create database $TRACKER_PG_DB owner $TRACKER_PG_USER" \
    || die postgres "cannot create database $TRACKER_PG_DB" "$PG_LOG"
}

# Versioned migrations: db/migrations/V<n>__<name>.sql, each applied once, in order, in one
# transaction together with its row in schema_migrations.
pg_migrate() {
  local file version applied=0
  pg_psql "$TRACKER_PG_DB" -c "create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())" \
    -c "alter table schema_migrations owner to $TRACKER_PG_USER" \
    || die postgres "cannot create schema_migrations" "$PG_LOG"
  for file in "$TRACKER_ROOT"/db/migrations/V*__*.sql; do
    [[ -f $file ]] || continue
    version=$(basename "$file" | sed -E 's/^V0*([0-9]+)__.*/\1/')
    if pg_psql "$TRACKER_PG_DB" -tA -c "select 1 from schema_migrations where version=$version" | grep -q 1; then
      continue
    fi
    PGPASSWORD=$TRACKER_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -1 -h 127.0.0.1 -p "$TRACKER_PG_PORT" \
      -U "$TRACKER_PG_USER" -d "$TRACKER_PG_DB" -f "$file" \
      -c "insert into schema_migrations(version, name) values ($version, '$(basename "$file")')" \
      > "$PG_DIR/migrate.log" 2>&1 || die postgres "migration $(basename "$file") failed" "$PG_DIR/migrate.log"
    applied=$(( applied + 1 ))
    info "applied migration $(basename "$file")"
  done
  (( applied == 0 )) && info "migrations up to date"
  return 0
}

pg_down() {
  if pid_alive "$(pg_pid)"; then
    as_service_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop > "$PG_DIR/pg_ctl.log" 2>&1 \
      || die postgres "pg_ctl stop failed" "$PG_DIR/pg_ctl.log"
    info "postgres: stopped"
  fi
  return 0
}

pg_status_json() {
  local pid state=absent; pid=$(pg_pid) || true
  [[ -f $PG_DATA/PG_VERSION ]] && state=stopped
  if pid_alive "$pid"; then
    state=starting
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$TRACKER_PG_PORT" && state=running
  fi
  local healthy=false; [[ $state == running ]] && healthy=true
  printf '{"state":"%s","healthy":%s,"pid":%s,"port":%s,"dsn":"%s","data_dir":"%s","rss_mb":%s}' \
    "$state" "$healthy" "${pid:-null}" "$TRACKER_PG_PORT" "$(pg_dsn)" "$PG_DATA" "$(rss_mb "$pid" || echo null)"
}

pg_logs() { echo "$PG_LOG"; }

pg_purge() { rm -rf "$PG_DIR" "$TRACKER_RUN_DIR/postgres"; }
