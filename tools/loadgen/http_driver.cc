#include "loadgen/http_driver.h"

#include "loadgen/errors.h"
#include "loadgen/response.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

namespace tracker::loadgen {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::nanoseconds;

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

/// An owned file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

/// One reusable connection: an easy handle and the buffers of its current request.
struct Slot {
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::string body;
  std::string response;
  std::size_t events = 0;
  Clock::time_point intended_start;
  std::size_t max_response_bytes = 0;
  bool response_too_large = false;
  std::array<char, CURL_ERROR_SIZE> error{};
};

std::size_t appendResponse(char* data, std::size_t size, std::size_t count, void* user) {
  auto* slot = static_cast<Slot*>(user);
  const std::size_t bytes = size * count;
  if (slot->response.size() + bytes > slot->max_response_bytes) {
    slot->response_too_large = true;
    return 0;  // Aborts the transfer with CURLE_WRITE_ERROR.
  }
  slot->response.append(data, bytes);
  return bytes;
}

/// A short stable name for a transport failure, for the summary's breakdown.
std::string_view failureKind(CURLcode code, bool response_too_large) {
  if (response_too_large) return "response_too_large";
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return "connect_failed";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "resolve_failed";
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout";
    case CURLE_SEND_ERROR:
      return "send_error";
    case CURLE_RECV_ERROR:
      return "recv_error";
    case CURLE_GOT_NOTHING:
      return "empty_reply";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "bad_url";
    default:
      return "other";
  }
}

std::uint64_t microsBetween(Clock::time_point from, Clock::time_point to) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
  return micros < 0 ? 0 : static_cast<std::uint64_t>(micros);
}

/// Everything a run touches; the socket and timer callbacks reach it through their user pointer.
struct DriverState {
  DriverOptions options;
  std::unique_ptr<CURLM, MultiDeleter> multi;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  // unique_ptr keeps each Slot's address stable: libcurl holds it as CURLOPT_PRIVATE/WRITEDATA.
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> free_slots;
  FileDescriptor epoll;
  /// When libcurl wants curl_multi_socket_action(CURL_SOCKET_TIMEOUT) called (its timer).
  std::optional<Clock::time_point> curl_deadline;
  bool have_epoll_pwait2 = true;
};

int onSocket(CURL* /*easy*/, curl_socket_t socket, int what, void* user, void* /*socket_data*/) {
  auto* state = static_cast<DriverState*>(user);
  const int epoll_fd = state->epoll.get();
  if (what == CURL_POLL_REMOVE) {
    // May already be gone (closed sockets leave the epoll set by themselves).
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.data.fd = socket;
  if ((what & CURL_POLL_IN) != 0) event.events |= EPOLLIN;
  if ((what & CURL_POLL_OUT) != 0) event.events |= EPOLLOUT;
  if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, socket, &event) != 0 && errno == EEXIST) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, socket, &event);
  }
  return 0;
}

int onTimer(CURLM* /*multi*/, long timeout_ms, void* user) {
  auto* state = static_cast<DriverState*>(user);
  if (timeout_ms < 0) {
    state->curl_deadline.reset();
  } else {
    state->curl_deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

}  // namespace

struct HttpDriver::State : DriverState {};

common::Result<std::unique_ptr<HttpDriver>> HttpDriver::create(DriverOptions options) {
  static std::once_flag curl_initialised;
  static CURLcode init_code = CURLE_OK;
  std::call_once(curl_initialised, [] { init_code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_code != CURLE_OK) {
    return common::makeError(std::string(errc::kInitialisation), curl_easy_strerror(init_code));
  }

  auto state = std::make_unique<State>();
  state->options = std::move(options);
  const DriverOptions& opts = state->options;

  state->epoll.reset(::epoll_create1(EPOLL_CLOEXEC));
  if (state->epoll.get() < 0) {
    return common::makeError(std::string(errc::kInitialisation),
                             std::string("epoll_create1: ") + std::strerror(errno));
  }
  state->multi.reset(curl_multi_init());
  if (!state->multi) {
    return common::makeError(std::string(errc::kInitialisation), "curl_multi_init failed");
  }
  CURLM* multi = state->multi.get();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, onSocket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, static_cast<DriverState*>(state.get()));
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, onTimer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, static_cast<DriverState*>(state.get()));
  // The connection cache holds one connection per slot, so none is closed between requests.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(opts.slots));

  curl_slist* headers = nullptr;
  const std::string content_type = "Content-Type: " + opts.content_type;
  headers = curl_slist_append(headers, content_type.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  // No "Expect: 100-continue" round trip before large batch bodies.
  headers = curl_slist_append(headers, "Expect:");
  if (!opts.api_key.empty()) {
    headers = curl_slist_append(headers, ("X-API-Key: " + opts.api_key).c_str());
  }
  state->headers.reset(headers);
  if (!state->headers) {
    return common::makeError(std::string(errc::kInitialisation), "curl_slist_append failed");
  }

  for (std::size_t i = 0; i < opts.slots; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->easy.reset(curl_easy_init());
    if (!slot->easy) {
      return common::makeError(std::string(errc::kInitialisation), "curl_easy_init failed");
    }
    slot->max_response_bytes = opts.max_response_bytes;
    CURL* easy = slot->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, opts.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, state->headers.get());
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "tracker-loadgen/0.1");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(opts.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(opts.request_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, appendResponse);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, slot.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, slot.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, slot->error.data());
    state->free_slots.push_back(slot.get());
    state->slots.push_back(std::move(slot));
  }
  return std::unique_ptr<HttpDriver>(new HttpDriver(std::move(state)));
}

HttpDriver::HttpDriver(std::unique_ptr<State> state) : state_(std::move(state)) {}

HttpDriver::~HttpDriver() {
  // Easy handles must leave the multi handle before either is cleaned up.
  if (state_ && state_->multi) {
    for (const auto& slot : state_->slots) {
      curl_multi_remove_handle(state_->multi.get(), slot->easy.get());
    }
  }
}

DriverResult HttpDriver::run(const BodySource& next_body, RunStats& stats,
                             const TickCallback& on_tick, const std::atomic<bool>& stop) {
  State& state = *state_;
  const DriverOptions& opts = state.options;
  CURLM* multi = state.multi.get();
  const bool open_loop = opts.mode == LoadMode::kOpenLoop;

  DriverResult result;
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = opts.duration ? start + *opts.duration : Clock::time_point::max();
  // Request k's slot in the timetable; computed from k (not accumulated) so it never drifts.
  const auto scheduled = [&](std::uint64_t k) {
    return start + nanoseconds(static_cast<std::int64_t>(static_cast<double>(k) * 1e9 /
                                                         opts.requests_per_second));
  };
  // The number of timetable entries due strictly before `t`.
  const auto due_before = [&](Clock::time_point t) -> std::uint64_t {
    if (t <= start) return 0;
    const double seconds = std::chrono::duration<double>(t - start).count();
    auto n = static_cast<std::uint64_t>(std::ceil(seconds * opts.requests_per_second));
    while (n > 0 && scheduled(n - 1) >= t) --n;
    while (scheduled(n) < t) ++n;
    return n;
  };

  std::uint64_t next_index = 0;  // Open loop: the next timetable entry to send.
  std::uint64_t events_started = 0;
  std::size_t in_flight = 0;
  bool issuing = true;
  Clock::time_point next_tick = start + std::chrono::seconds(1);
  int running = 0;

  const auto remaining_events = [&]() -> std::uint64_t {
    return opts.event_count ? *opts.event_count - events_started : UINT64_MAX;
  };
  const auto start_request = [&](Clock::time_point intended_start) {
    Slot* slot = state.free_slots.back();
    state.free_slots.pop_back();
    RequestBody body = next_body(remaining_events());
    slot->body = std::move(body.bytes);
    slot->events = body.events;
    slot->response.clear();
    slot->response_too_large = false;
    slot->error[0] = '\0';
    slot->intended_start = intended_start;
    CURL* easy = slot->easy.get();
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(slot->body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, slot->body.data());
    curl_multi_add_handle(multi, easy);
    events_started += body.events;
    ++in_flight;
    stats.recordSent(body.events);
  };
  const auto stop_issuing = [&](Clock::time_point now) {
    issuing = false;
    if (open_loop && !(opts.event_count && events_started >= *opts.event_count)) {
      const std::uint64_t due = due_before(std::min(now, end));
      result.not_sent = due > next_index ? due - next_index : 0;
    }
  };
  const auto finish_completed = [&] {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      const Clock::time_point done = Clock::now();
      Slot* slot = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &slot);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi, easy);  // `message` is invalid from here on.
      --in_flight;
      state.free_slots.push_back(slot);
      if (code == CURLE_OK) {
        stats.recordResponse(status,
                             classifyResponse(status, slot->response, slot->events, opts.batch),
                             microsBetween(slot->intended_start, done));
      } else {
        const std::string_view message_text = slot->error[0] != '\0'
                                                  ? std::string_view(slot->error.data())
                                                  : curl_easy_strerror(code);
        stats.recordTransportError(failureKind(code, slot->response_too_large), message_text,
                                   slot->events);
      }
    }
  };

  std::array<epoll_event, 256> events{};
  for (;;) {
    Clock::time_point now = Clock::now();
    if (issuing) {
      const Counters& totals = stats.totals();
      if (stop.load(std::memory_order_relaxed)) {
        result.interrupted = true;
        stop_issuing(now);
      } else if (totals.responses == 0 &&
                 totals.transport_errors >= std::min<std::size_t>(opts.slots, 3)) {
        // Nothing ever got through: retrying would only repeat the same failure.
        result.unreachable = true;
        stop_issuing(now);
      }
    }
    if (issuing) {
      // Entries due before the end still go out when the loop wakes a little after it.
      if (open_loop) {
        while (!state.free_slots.empty() && remaining_events() > 0) {
          const Clock::time_point due = scheduled(next_index);
          if (due > now || due >= end) break;
          start_request(due);
          ++next_index;
        }
      } else if (now < end) {
        while (!state.free_slots.empty() && remaining_events() > 0) start_request(now);
      }
      if (now >= end || remaining_events() == 0) stop_issuing(now);
    }
    if (!issuing && in_flight == 0) break;

    Clock::time_point wake = next_tick;
    if (state.curl_deadline) wake = std::min(wake, *state.curl_deadline);
    if (issuing) {
      wake = std::min(wake, end);
      if (open_loop && !state.free_slots.empty()) wake = std::min(wake, scheduled(next_index));
    }
    const nanoseconds wait = std::max(nanoseconds(0), wake - now);
    int ready = -1;
    if (state.have_epoll_pwait2) {
      const timespec timeout{static_cast<time_t>(wait.count() / 1'000'000'000),
                             static_cast<long>(wait.count() % 1'000'000'000)};
      ready = ::epoll_pwait2(state.epoll.get(), events.data(), static_cast<int>(events.size()),
                             &timeout, nullptr);
      if (ready < 0 && errno == ENOSYS) state.have_epoll_pwait2 = false;
    }
    if (!state.have_epoll_pwait2) {
      // Millisecond resolution, rounded up so that we never spin.
      const auto wait_ms = static_cast<int>((wait.count() + 999'999) / 1'000'000);
      ready =
          ::epoll_wait(state.epoll.get(), events.data(), static_cast<int>(events.size()), wait_ms);
    }
    for (int i = 0; i < ready; ++i) {
      int mask = 0;
      if ((events[i].events & EPOLLIN) != 0) mask |= CURL_CSELECT_IN;
      if ((events[i].events & EPOLLOUT) != 0) mask |= CURL_CSELECT_OUT;
      if ((events[i].events & (EPOLLERR | EPOLLHUP)) != 0) mask |= CURL_CSELECT_ERR;
      curl_multi_socket_action(multi, events[i].data.fd, mask, &running);
    }
    if (state.curl_deadline && Clock::now() >= *state.curl_deadline) {
      // Cleared first: the call may set a new deadline through onTimer.
      state.curl_deadline.reset();
      curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    finish_completed();

    now = Clock::now();
    if (now >= next_tick) {
      DriverTick tick{.elapsed = now - start, .in_flight = in_flight};
      // Behind schedule: entries overdue by more than a millisecond (the loop's own reaction time
      // is not lag), whether for want of a free connection or of CPU.
      if (open_loop && issuing) {
        const std::uint64_t due = due_before(std::min(now - std::chrono::milliseconds(1), end));
        tick.backlog = due > next_index ? due - next_index : 0;
        result.max_backlog = std::max(result.max_backlog, tick.backlog);
      }
      if (on_tick) on_tick(tick);
      while (next_tick <= now) next_tick += std::chrono::seconds(1);
    }
  }
  result.elapsed = Clock::now() - start;
  return result;
}

}  // namespace tracker::loadgen
