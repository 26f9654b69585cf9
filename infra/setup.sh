# ./tracker setup: install whatever is missing, idempotently, with visible progress.
# Sourced by ./tracker after infra/lib/common.sh.
source "$TRACKER_ROOT/infra/librdkafka/librdkafka.sh"

SETUP_CHANGED=0

setup_apt() {
  step "apt packages (infra/apt-packages.txt)"
  local wanted missing=() p
  mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$TRACKER_ROOT/infra/apt-packages.txt")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if (( ${#missing[@]} == 0 )); then ok "all ${#wanted[@]} present"; return 0; fi
  info "missing: ${missing[*]}"
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo > /dev/null || die setup "need root to install: ${missing[*]}"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
    || { "${sudo[@]}" apt-get update && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y --no-install-recommends "${missing[@]}"; } \
    || die setup "apt-get could not install: ${missing[*]}"
  SETUP_CHANGED=1; ok "installed ${#missing[@]} package(s)"
}

setup_service_user() {
  [[ $EUID -eq 0 ]] || return 0
  step "service user '$TRACKER_SERVICE_USER' (PostgreSQL and OpenSearch refuse to run as root)"
  if id "$TRACKER_SERVICE_USER" > /dev/null 2>&1; then ok "present"; return 0; fi
  useradd --system --no-create-home --shell /usr/sbin/nologin "$TRACKER_SERVICE_USER" \
    || die setup "cannot create system user $TRACKER_SERVICE_USER"
  SETUP_CHANGED=1; ok "created"
}

setup_java() {
  step "Java 17"
  local jh; jh=$(java17_home) || die setup "no Java 17 JDK found (package openjdk-17-jdk-headless)"
  ok "$jh"
}

setup_kafka_jars() {
  local dir=$TRACKER_CACHE_DIR/kafka-$KAFKA_VERSION
  step "Apache Kafka $KAFKA_VERSION jars (Maven Central) -> $dir/lib"
  if [[ -f $dir/.complete ]]; then ok "present"; return 0; fi
  rm -rf "$dir"; mkdir -p "$dir"
  mvn -B -ntp -f "$TRACKER_ROOT/infra/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" \
    > "$dir/mvn.log" 2>&1 || die setup "Maven could not fetch Kafka $KAFKA_VERSION" "$dir/mvn.log"
  touch "$dir/.complete"; SETUP_CHANGED=1; ok "$(ls "$dir/lib" | wc -l) jars"
}

setup_opensearch_zip() {
  local zip=$TRACKER_CACHE_DIR/opensearch-$OPENSEARCH_VERSION.zip
  step "OpenSearch $OPENSEARCH_VERSION distribution (Maven Central) -> $zip"
  if [[ -f $zip ]]; then ok "present"; return 0; fi
  mkdir -p "$TRACKER_CACHE_DIR"
  mvn -B -ntp dependency:copy \
    -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip" \
    -DoutputDirectory="$TRACKER_CACHE_DIR" > "$TRACKER_CACHE_DIR/mvn-opensearch.log" 2>&1 \
    || die setup "Maven could not fetch OpenSearch $OPENSEARCH_VERSION" "$TRACKER_CACHE_DIR/mvn-opensearch.log"
  SETUP_CHANGED=1; ok "fetched"
}

setup_python_venv() {
  local venv=$TRACKER_CACHE_DIR/venv req=$TRACKER_ROOT/tests/system/requirements.txt stamp
  step "Python virtualenv for system tests -> $venv"
  stamp=$(sha1sum "$req" | cut -c1-40)
  if [[ -f $venv/.stamp && $(cat "$venv/.stamp") == "$stamp" ]]; then ok "present"; return 0; fi
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv" || die setup "python3 -m venv failed"
  "$venv/bin/pip" install --disable-pip-version-check -q -r "$req" \
    || die setup "pip could not install $req"
  echo "$stamp" > "$venv/.stamp"; SETUP_CHANGED=1; ok "installed $(grep -cvE '^\s*(#|$)' "$req") requirement(s)"
}

setup_npm_tools() {
  local dir=$TRACKER_ROOT/tools/node stamp
  step "npm tools (tools/node/package.json)"
  command -v npm > /dev/null || die setup "npm not found"
  stamp=$(sha1sum "$dir/package-lock.json" | cut -c1-40)
  if [[ -f $dir/node_modules/.stamp && $(cat "$dir/node_modules/.stamp") == "$stamp" ]]; then ok "present"; return 0; fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die setup "npm ci failed in $dir"
  echo "$stamp" > "$dir/node_modules/.stamp"; SETUP_CHANGED=1; ok "installed"
}

setup_all() {
  local start; start=$(date +%s)
  setup_apt
  setup_librdkafka
  setup_service_user
  setup_java
  setup_kafka_jars
  setup_opensearch_zip
  setup_python_venv
  setup_npm_tools
  if (( SETUP_CHANGED )); then
    ok "setup done in $(( $(date +%s) - start ))s"
  else
    ok "setup: everything already present, nothing to do ($(( $(date +%s) - start ))s)"
  fi
}
