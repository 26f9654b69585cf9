#include "console_state.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

TEST(ConsoleState, AnInstanceNamesItsStatusAddressInItsClientId) {
  EXPECT_EQ(instanceUrlOf("event-consumer@127.0.0.1:18090", "/127.0.0.1"),
            "http://127.0.0.1:18090");
  // A wildcard listener: the address the coordinator saw the member connect from.
  EXPECT_EQ(instanceUrlOf("event-consumer@0.0.0.0:18091", "/10.0.0.7"), "http://10.0.0.7:18091");
  EXPECT_FALSE(instanceUrlOf("rdkafka", "/127.0.0.1"));                   // another application
  EXPECT_FALSE(instanceUrlOf("event-consumer@127.0.0.1", "/127.0.0.1"));  // no port
  EXPECT_FALSE(instanceUrlOf("event-consumer@127.0.0.1:0", "/127.0.0.1"));
  EXPECT_FALSE(instanceUrlOf("event-consumer@127.0.0.1:99999", "/127.0.0.1"));
}

TEST(ConsoleState, SumsEverySampleOfAMetricFromPrometheusText) {
  const std::string text =
      "# HELP tracker_producer_events_accepted_total Events acknowledged\n"
      "# TYPE tracker_producer_events_accepted_total counter\n"
      "tracker_producer_events_accepted_total_extra 9\n"
      "tracker_producer_events_accepted_total 40000\n"
      "tracker_producer_events_rejected_total{reason=\"x\"} 3\n"
      "tracker_producer_events_rejected_total{reason=\"y\"} 4\n";
  EXPECT_EQ(metricSum(text, "tracker_producer_events_accepted_total"), 40000.0);
  EXPECT_EQ(metricSum(text, "tracker_producer_events_rejected_total"), 7.0);
  EXPECT_FALSE(metricSum(text, "tracker_producer_events"));
  EXPECT_FALSE(metricSum("", "x"));
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
