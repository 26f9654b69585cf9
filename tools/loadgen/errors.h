#pragma once

// Error codes of the load generator (see common::Error::code).

#include <string_view>

namespace tracker::loadgen::errc {

/// The command line cannot be used (unknown option, bad value, conflicting options). Exit 2.
inline constexpr std::string_view kUsage = "loadgen.usage";

/// libcurl or epoll could not be set up.
inline constexpr std::string_view kInitialisation = "loadgen.initialisation";

/// The report file could not be written.
inline constexpr std::string_view kReportWrite = "loadgen.report_write";

}  // namespace tracker::loadgen::errc
