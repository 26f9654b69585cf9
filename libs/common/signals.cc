#include "common/signals.h"

#include <pthread.h>

#include <csignal>

namespace tracker::common {
namespace {

sigset_t stopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

void blockStopSignals() {
  const sigset_t signals = stopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int waitForStopSignal() {
  const sigset_t signals = stopSignals();
  int signal = 0;
  // sigwait fails only for an invalid set; retry on the off chance rather than report a stop.
  while (sigwait(&signals, &signal) != 0) {
  }
  return signal;
}

}  // namespace tracker::common
