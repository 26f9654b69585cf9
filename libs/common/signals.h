#pragma once

// Running a service until it is told to stop. The stop signals (SIGINT, SIGTERM) are blocked in
// every thread and received synchronously by main with sigwait, so no handler runs at an arbitrary
// point of another thread and shutdown happens in main's defined order.

namespace tracker::common {

/// Blocks SIGINT and SIGTERM in the calling thread. Threads inherit the mask, so call this in main
/// before any thread starts; otherwise a signal may land in a thread that does not expect it.
void blockStopSignals();

/// Waits until SIGINT or SIGTERM arrives (blocked beforehand by blockStopSignals) and returns it.
int waitForStopSignal();

}  // namespace tracker::common
