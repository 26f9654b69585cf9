#pragma once

// A small Prometheus registry: counters, gauges and histograms, optionally with labels, rendered
// in the text exposition format 0.0.4. Shared by the services, each of which registers its own
// tracker_<service>_* families; nothing here knows a service.
//
// Hot paths hold references to individual series (Counter&, Histogram&), which are lock-free;
// looking a labelled series up takes one mutex. Series are never removed, so the caller bounds
// label values to a known set (routes, status codes, error codes, broker names).

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::metrics {

/// A monotonically increasing count.
class Counter {
 public:
  /// Adds `amount` (default 1).
  void add(std::uint64_t amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  /// Replaces the value; for counters mirrored from another source (librdkafka statistics).
  void set(std::uint64_t value) { value_.store(value, std::memory_order_relaxed); }
  /// The current value.
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down.
class Gauge {
 public:
  /// Replaces the value.
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  /// Adds `delta` (may be negative).
  void add(double delta);
  /// The current value.
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

/// Observations counted into fixed buckets (upper bounds, ascending), plus their sum and count.
class Histogram {
 public:
  /// `bounds` must be strictly ascending; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  /// Records one observation.
  void observe(double value);

  /// A consistent-enough copy for rendering (buckets are not cumulative here).
  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> bucket_counts;  // bounds.size() + 1 entries, the last is +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

/// Label values in the order of the family's label names.
using LabelValues = std::vector<std::string>;

/// Series of one metric name, one per combination of label values.
template <typename Metric>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  /// The series for `labels` (created on first use). The reference stays valid for the life of
  /// the family. `labels.size()` must equal the number of label names.
  Metric& with(const LabelValues& labels);

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& labelNames() const { return label_names_; }

  /// Calls `visit(labels, metric)` for every series, in label order.
  void forEach(const std::function<void(const LabelValues&, const Metric&)>& visit) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<LabelValues, std::unique_ptr<Metric>> series_;
};

/// Owns metric families and renders them. Families are added at start-up (not thread-safe against
/// render); series may be added and updated from any thread at any time.
class MetricsRegistry {
 public:
  /// Adds a counter family; by Prometheus convention `name` ends in `_total`.
  Family<Counter>& counter(std::string name, std::string help,
                           std::vector<std::string> label_names = {});
  /// Adds a gauge family.
  Family<Gauge>& gauge(std::string name, std::string help,
                       std::vector<std::string> label_names = {});
  /// Adds a histogram family whose series all use `bounds`.
  Family<Histogram>& histogram(std::string name, std::string help, std::vector<double> bounds,
                               std::vector<std::string> label_names = {});
  /// Adds a gauge without labels whose value is read by `read` at render time (e.g. a queue
  /// length owned by someone else). `read` must be thread-safe.
  void callbackGauge(std::string name, std::string help, std::function<double()> read);
  /// Adds a histogram without labels whose buckets are read by `read` at render time, for a
  /// Histogram owned by someone else (e.g. a status object that outlives the registry). `read`
  /// must be thread-safe.
  void callbackHistogram(std::string name, std::string help,
                         std::function<Histogram::Snapshot()> read);

  /// The text exposition format (Content-Type: text/plain; version=0.0.4).
  std::string render() const;

 private:
  struct CallbackGauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  // Families in registration order, so the output is stable.
  std::vector<std::unique_ptr<Family<Counter>>> counters_;
  std::vector<std::unique_ptr<Family<Gauge>>> gauges_;
  std::vector<std::unique_ptr<Family<Histogram>>> histograms_;
  struct CallbackHistogram {
    std::string name;
    std::string help;
    std::function<Histogram::Snapshot()> read;
  };
  std::vector<CallbackGauge> callback_gauges_;
  std::vector<CallbackHistogram> callback_histograms_;
};

/// Prometheus label-value escaping: backslash, double quote and newline.
std::string escapeLabelValue(std::string_view value);

/// A sample value as Prometheus writes it ("+Inf", "NaN", integers without a fraction).
std::string formatSampleValue(double value);

template <typename Metric>
Metric& Family<Metric>::with(const LabelValues& labels) {
  // A wrong label count is a programming error, not input: fail loudly.
  if (labels.size() != label_names_.size()) std::abort();
  std::lock_guard lock(mutex_);
  auto& slot = series_[labels];
  if (!slot) slot = make_();
  return *slot;
}

template <typename Metric>
void Family<Metric>::forEach(
    const std::function<void(const LabelValues&, const Metric&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (const auto& [labels, metric] : series_) visit(labels, *metric);
}

}  // namespace tracker::metrics
