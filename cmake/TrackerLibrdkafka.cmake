# librdkafka as ./tracker setup builds it from Debian's source package (infra/librdkafka/), never
# the system's: bookworm's librdkafka-dev is 2.0.2, whose rebalance bugs we no longer work around.
# Defines the imported targets PkgConfig::RdKafkaCpp (rdkafka++) and PkgConfig::RdKafka (rdkafka,
# the C API: Admin API, group metadata) and TRACKER_LIBRDKAFKA_PREFIX.
#
# The prefix is <cache>/librdkafka-<version>: <cache> is $TRACKER_CACHE_DIR as the build sees it
# (relative paths are taken from the project root), else .cache; <version> is the pin in
# infra/librdkafka/version. Executables get the prefix's lib/ as their build rpath from CMake
# (the libraries are linked by full path), so they need no LD_LIBRARY_PATH.

include_guard(GLOBAL)

set(TRACKER_LIBRDKAFKA_MIN_VERSION 2.14)

set(_rdk_version_file ${PROJECT_SOURCE_DIR}/infra/librdkafka/version)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_rdk_version_file})
file(STRINGS ${_rdk_version_file} _rdk_version LIMIT_COUNT 1 REGEX "^[0-9]")
if(DEFINED ENV{TRACKER_CACHE_DIR} AND NOT "$ENV{TRACKER_CACHE_DIR}" STREQUAL "")
  set(_rdk_cache $ENV{TRACKER_CACHE_DIR})
else()
  set(_rdk_cache ${PROJECT_SOURCE_DIR}/.cache)
endif()
get_filename_component(_rdk_cache ${_rdk_cache} ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
set(TRACKER_LIBRDKAFKA_PREFIX ${_rdk_cache}/librdkafka-${_rdk_version})
if(NOT EXISTS ${TRACKER_LIBRDKAFKA_PREFIX}/.complete)
  message(FATAL_ERROR "librdkafka ${_rdk_version} is not built in ${TRACKER_LIBRDKAFKA_PREFIX}: "
                      "run ./tracker setup (same TRACKER_CACHE_DIR)")
endif()

# pkg-config searches PKG_CONFIG_PATH before the system's directories. The system's stay
# reachable: rdkafka.pc requires openssl, zstd, lz4, libcurl, ... from there.
if(DEFINED ENV{PKG_CONFIG_PATH} AND NOT "$ENV{PKG_CONFIG_PATH}" STREQUAL "")
  set(ENV{PKG_CONFIG_PATH} "${TRACKER_LIBRDKAFKA_PREFIX}/lib/pkgconfig:$ENV{PKG_CONFIG_PATH}")
else()
  set(ENV{PKG_CONFIG_PATH} "${TRACKER_LIBRDKAFKA_PREFIX}/lib/pkgconfig")
endif()

# pkg_check_modules caches its answer and the library paths it found: a build tree configured
# before (against another prefix or the system's package) would keep them.
get_cmake_property(_rdk_cache_vars CACHE_VARIABLES)
foreach(_rdk_var IN LISTS _rdk_cache_vars)
  if(_rdk_var MATCHES "^(__pkg_config_checked_|pkgcfg_lib_)RdKafka")
    unset(${_rdk_var} CACHE)
  endif()
endforeach()

pkg_check_modules(RdKafkaCpp REQUIRED IMPORTED_TARGET rdkafka++)
pkg_check_modules(RdKafka REQUIRED IMPORTED_TARGET rdkafka)

# Loud, not silent: an older librdkafka compiles but brings back the bugs we no longer handle.
foreach(_rdk_pkg IN ITEMS RdKafkaCpp RdKafka)
  if(${_rdk_pkg}_VERSION VERSION_LESS TRACKER_LIBRDKAFKA_MIN_VERSION)
    message(FATAL_ERROR "librdkafka ${${_rdk_pkg}_VERSION} found (${${_rdk_pkg}_LINK_LIBRARIES}); "
                        "the project needs >= ${TRACKER_LIBRDKAFKA_MIN_VERSION}: run ./tracker setup")
  endif()
  foreach(_rdk_lib IN LISTS ${_rdk_pkg}_LINK_LIBRARIES)
    string(FIND "${_rdk_lib}" "${TRACKER_LIBRDKAFKA_PREFIX}/lib/" _rdk_at)
    if(NOT _rdk_at EQUAL 0)
      message(FATAL_ERROR "librdkafka resolved to ${_rdk_lib}, outside ${TRACKER_LIBRDKAFKA_PREFIX}")
    endif()
  endforeach()
endforeach()
message(STATUS "librdkafka ${RdKafka_VERSION} from ${TRACKER_LIBRDKAFKA_PREFIX}")
