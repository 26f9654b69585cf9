#include "metrics/metrics_registry.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace tracker::metrics {
namespace {

void addTo(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

std::string labelText(const std::vector<std::string>& names, const LabelValues& values,
                      std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return "";
  std::string text = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += ',';
    text += names[i] + "=\"" + escapeLabelValue(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    if (!names.empty()) text += ',';
    text += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  text += '}';
  return text;
}

void header(std::ostringstream& out, const std::string& name, const std::string& help,
            std::string_view type) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

// The _bucket (cumulative), _sum and _count samples of one histogram series.
void histogramSamples(std::ostringstream& out, const std::string& name,
                      const std::vector<std::string>& label_names, const LabelValues& labels,
                      const Histogram::Snapshot& snapshot) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= snapshot.bounds.size(); ++i) {
    cumulative += snapshot.bucket_counts[i];
    const std::string le =
        i < snapshot.bounds.size() ? formatSampleValue(snapshot.bounds[i]) : "+Inf";
    out << name << "_bucket" << labelText(label_names, labels, "le", le) << ' ' << cumulative
        << '\n';
  }
  const std::string label_text = labelText(label_names, labels);
  out << name << "_sum" << label_text << ' ' << formatSampleValue(snapshot.sum) << '\n';
  out << name << "_count" << label_text << ' ' << snapshot.count << '\n';
}

}  // namespace

void Gauge::add(double delta) { addTo(value_, delta); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
  std::size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  addTo(sum_, value);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.bounds = bounds_;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    snapshot.bucket_counts.push_back(buckets_[i].load(std::memory_order_relaxed));
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  // Count derived from the buckets, so that the +Inf bucket and _count always agree.
  for (std::uint64_t count : snapshot.bucket_counts) snapshot.count += count;
  return snapshot;
}

Family<Counter>& MetricsRegistry::counter(std::string name, std::string help,
                                          std::vector<std::string> label_names) {
  counters_.push_back(
      std::make_unique<Family<Counter>>(std::move(name), std::move(help), std::move(label_names),
                                        [] { return std::make_unique<Counter>(); }));
  return *counters_.back();
}

Family<Gauge>& MetricsRegistry::gauge(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  gauges_.push_back(std::make_unique<Family<Gauge>>(std::move(name), std::move(help),
                                                    std::move(label_names),
                                                    [] { return std::make_unique<Gauge>(); }));
  return *gauges_.back();
}

Family<Histogram>& MetricsRegistry::histogram(std::string name, std::string help,
                                              std::vector<double> bounds,
                                              std::vector<std::string> label_names) {
  histograms_.push_back(std::make_unique<Family<Histogram>>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
  return *histograms_.back();
}

void MetricsRegistry::callbackGauge(std::string name, std::string help,
                                    std::function<double()> read) {
  callback_gauges_.push_back(CallbackGauge{std::move(name), std::move(help), std::move(read)});
}

void MetricsRegistry::callbackHistogram(std::string name, std::string help,
                                        std::function<Histogram::Snapshot()> read) {
  callback_histograms_.push_back(
      CallbackHistogram{std::move(name), std::move(help), std::move(read)});
}

std::string MetricsRegistry::render() const {
  std::ostringstream out;
  for (const auto& family : counters_) {
    header(out, family->name(), family->help(), "counter");
    family->forEach([&](const LabelValues& labels, const Counter& counter) {
      out << family->name() << labelText(family->labelNames(), labels) << ' ' << counter.value()
          << '\n';
    });
  }
  for (const auto& family : gauges_) {
    header(out, family->name(), family->help(), "gauge");
    family->forEach([&](const LabelValues& labels, const Gauge& gauge) {
      out << family->name() << labelText(family->labelNames(), labels) << ' '
          << formatSampleValue(gauge.value()) << '\n';
    });
  }
  for (const auto& gauge : callback_gauges_) {
    header(out, gauge.name, gauge.help, "gauge");
    out << gauge.name << ' ' << formatSampleValue(gauge.read()) << '\n';
  }
  for (const auto& family : histograms_) {
    header(out, family->name(), family->help(), "histogram");
    family->forEach([&](const LabelValues& labels, const Histogram& histogram) {
      histogramSamples(out, family->name(), family->labelNames(), labels, histogram.snapshot());
    });
  }
  for (const auto& histogram : callback_histograms_) {
    header(out, histogram.name, histogram.help, "histogram");
    histogramSamples(out, histogram.name, {}, {}, histogram.read());
  }
  return out.str();
}

std::string escapeLabelValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string formatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", value);
  return buffer;
}

}  // namespace tracker::metrics
