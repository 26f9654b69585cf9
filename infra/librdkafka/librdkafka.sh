# librdkafka for every C/C++ target: Debian bookworm ships 2.0.2, whose cooperative-rebalance bugs
# our consumer had to work around, so setup builds the current one from Debian's own source
# package (unstable) once, into a versioned prefix under the cache. CMake finds it there first
# (cmake/TrackerLibrdkafka.cmake) and the binaries carry its path (rpath).
# Sourced by infra/setup.sh after infra/lib/common.sh.
#
# Cold path: a private apt configuration (its own sources list with one deb-src line, its own lists
# and cache; the system's sources are never touched) fetches the source package; apt checks its
# files against the signed index, dpkg-source -x checks them against the .dsc; mklove configures,
# make -j2 builds the C and C++ libraries, make installs them. A stamp marks a finished prefix.

# The one pin: the Debian source version (upstream 2.14.2, Debian revision 1). CMake reads it too.
LIBRDKAFKA_VERSION=$(< "$TRACKER_ROOT/infra/librdkafka/version")
# The Debian suite whose source package we build; its index lists only its current version, so a
# pin it has moved past fails with the version it offers now (bump the pin, rebuild).
LIBRDKAFKA_DEBIAN_SUITE=unstable
# Verifies the suite's signed index; the keyring package ships the keys of the releases after it.
LIBRDKAFKA_DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# librdkafka_prefix: where this version is installed (absolute; CMake computes the same path).
librdkafka_prefix() {
  mkdir -p "$TRACKER_CACHE_DIR"
  printf '%s/librdkafka-%s' "$(cd "$TRACKER_CACHE_DIR" && pwd)" "$LIBRDKAFKA_VERSION"
}

# librdkafka_phase NAME LOG CMD...: runs one build phase with its output in LOG, and prints its
# name and the time it took on one line; a failure shows the log's tail.
librdkafka_phase() {
  local name=$1 log=$2 start=$SECONDS; shift 2
  printf '    %-48s' "$name ..."
  if ! "$@" >> "$log" 2>&1; then echo; die librdkafka "$name failed" "$log"; fi
  printf '%ss\n' $(( SECONDS - start ))
}

# The Debian mirror this machine's apt already uses for its own release (bookworm), unless
# TRACKER_DEBIAN_MIRROR names one: the source package comes from the same archive.
librdkafka_mirror() {
  if [[ -n ${TRACKER_DEBIAN_MIRROR:-} ]]; then printf '%s' "$TRACKER_DEBIAN_MIRROR"; return 0; fi
  local codename; codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
    | awk -v release="$codename" '$2 == release { print $1; exit }'
}

# librdkafka_apt ARGS...: apt-get on the private configuration only.
librdkafka_apt() {
  local dir=$LIBRDKAFKA_APT_DIR
  apt-get -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" -o Acquire::Languages=none \
    -o APT::Sandbox::User=root "$@"
}

librdkafka_write_apt_config() {
  local mirror; mirror=$(librdkafka_mirror)
  [[ -n $mirror ]] || die librdkafka "no Debian mirror found in apt's sources (set TRACKER_DEBIAN_MIRROR)"
  [[ -f $LIBRDKAFKA_DEBIAN_KEYRING ]] \
    || die librdkafka "$LIBRDKAFKA_DEBIAN_KEYRING missing (package debian-archive-keyring)"
  mkdir -p "$LIBRDKAFKA_APT_DIR"/{lists/partial,cache/archives/partial}
  printf 'deb-src [signed-by=%s] %s %s main\n' "$LIBRDKAFKA_DEBIAN_KEYRING" "$mirror" \
    "$LIBRDKAFKA_DEBIAN_SUITE" > "$LIBRDKAFKA_APT_DIR/sources.list"
}

# Downloads the pinned source package into DIR (the .dsc, the upstream and the Debian tarballs).
# When the suite has moved past the pin, the last line of the output says what it offers now.
librdkafka_download() {
  local dir=$1
  mkdir -p "$dir"
  (cd "$dir" && librdkafka_apt source --download-only "librdkafka=$LIBRDKAFKA_VERSION") && return 0
  local offered
  offered=$(librdkafka_apt showsrc librdkafka 2>/dev/null | awk '/^Version:/ { print $2; exit }')
  echo "Debian $LIBRDKAFKA_DEBIAN_SUITE offers librdkafka ${offered:-(none)}, not the pinned" \
    "$LIBRDKAFKA_VERSION: update infra/librdkafka/version"
  return 1
}

# Unpacks the upstream tree without Debian's patches: they switch the build to Debian's own nanopb,
# cJSON and regenerated OpenTelemetry headers, which bookworm does not have; the upstream tarball
# carries its own copies. dpkg-source still checks every file against the .dsc's checksums.
librdkafka_unpack() {
  local download=$1 src=$2
  rm -rf "$src"
  dpkg-source --skip-patches -x "$download/librdkafka_$LIBRDKAFKA_VERSION.dsc" "$src"
}

# mklove's configure: features named explicitly fail the build when their library is missing
# instead of silently dropping them; --no-download keeps mklove from fetching modules. The rpath
# lets librdkafka++ find this librdkafka rather than the one in the system's library path.
librdkafka_configure() {
  local src=$1 prefix=$2
  (cd "$src" && LDFLAGS="-Wl,-rpath,$prefix/lib" ./configure --prefix="$prefix" --no-download \
    --enable-ssl --enable-gssapi --enable-zstd --enable-lz4-ext --enable-curl --enable-zlib \
    --enable-c11threads)
}

librdkafka_build_and_install() {
  local work=$1 prefix=$2 log=$work/build.log start=$SECONDS
  : > "$log"
  info "log: $log"
  librdkafka_phase "apt-get update (private config, $LIBRDKAFKA_DEBIAN_SUITE)" "$log" librdkafka_apt update
  librdkafka_phase "apt-get source --download-only" "$log" librdkafka_download "$work/download"
  librdkafka_phase "dpkg-source -x (checks the .dsc checksums)" "$log" \
    librdkafka_unpack "$work/download" "$work/src"
  librdkafka_phase "configure (ssl, sasl, zstd, lz4, curl)" "$log" librdkafka_configure "$work/src" "$prefix"
  librdkafka_phase "make -j2 (C and C++ libraries)" "$log" make -C "$work/src" -j2 libs
  rm -rf "$prefix"
  librdkafka_phase "make install" "$log" make -C "$work/src" install-subdirs
  rm -rf "$work/src"
  printf 'librdkafka %s built %s in %ss\n' "$LIBRDKAFKA_VERSION" "$(date -Is)" $(( SECONDS - start )) \
    > "$prefix/.complete"
}

setup_librdkafka() {
  local prefix; prefix=$(librdkafka_prefix)
  local work=$TRACKER_CACHE_DIR/librdkafka-$LIBRDKAFKA_VERSION-build
  LIBRDKAFKA_APT_DIR=$TRACKER_CACHE_DIR/apt-debian-$LIBRDKAFKA_DEBIAN_SUITE
  step "librdkafka $LIBRDKAFKA_VERSION (Debian source package, built once) -> $prefix"
  if [[ -f $prefix/.complete ]]; then ok "present ($(cat "$prefix/.complete")), nothing to do"; return 0; fi
  mkdir -p "$work"
  # Checkouts sharing one cache may run setup at once: one builds, the others wait for it.
  local lock_fd
  exec {lock_fd}> "$work/.lock"
  if ! flock -n "$lock_fd"; then
    info "another setup is building it; waiting"
    flock "$lock_fd"
  fi
  if [[ -f $prefix/.complete ]]; then
    ok "built by another setup ($(cat "$prefix/.complete"))"
  else
    librdkafka_write_apt_config
    librdkafka_build_and_install "$work" "$prefix"
    SETUP_CHANGED=1; ok "$(cat "$prefix/.complete")"
  fi
  exec {lock_fd}>&-
}
