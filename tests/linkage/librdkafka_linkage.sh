#!/usr/bin/env bash
# librdkafka_linkage.sh BIN_DIR LIB_DIR: every executable in BIN_DIR that uses librdkafka resolves
# librdkafka.so.1 and librdkafka++.so.1 from LIB_DIR (the prefix ./tracker setup built), none from
# the system's library path, without LD_LIBRARY_PATH; and the services do use it.
set -euo pipefail
bin_dir=$1 lib_dir=$2
unset LD_LIBRARY_PATH
failures=0 linked=0
for binary in "$bin_dir"/*; do
  [[ -f $binary && -x $binary ]] || continue
  resolved=$(ldd "$binary" | awk '$1 ~ /^librdkafka/ { print $1 " " $3 }')
  [[ -n $resolved ]] || continue
  linked=$((linked + 1))
  while read -r soname path; do
    if [[ $path != "$lib_dir"/* ]]; then
      echo "FAIL $(basename "$binary"): $soname -> $path (expected $lib_dir)"
      failures=$((failures + 1))
    fi
  done <<< "$resolved"
done
for service in event-producer event-consumer; do
  # grep reads all of ldd's output (no -q): an early exit would SIGPIPE ldd and fail under pipefail.
  ldd "$bin_dir/$service" 2>/dev/null | grep "librdkafka.so.1 => $lib_dir/" > /dev/null \
    || { echo "FAIL $service: not linked to $lib_dir/librdkafka.so.1"; failures=$((failures + 1)); }
done
echo "$linked executable(s) linked to librdkafka, $failures wrong"
(( failures == 0 ))
