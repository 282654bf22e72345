#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "util/strings.h"
#include "util/time.h"

using namespace scopegate;

namespace {

std::string show(const std::optional<util::TimePoint>& time) {
  return time ? util::format_timestamp(*time) : std::string("nullopt");
}
}  // namespace

TEST_SUITE("util/time") {
  const util::TimePoint kNewYear2026 = util::from_unix_seconds(1767225600);  // 2026-01-01T00:00:00Z

  TEST_CASE("from_unix_seconds and format_timestamp") {
    CHECK(util::format_timestamp(util::from_unix_seconds(0)) == "1970-01-01T00:00:00Z");
    CHECK(util::format_timestamp(kNewYear2026) == "2026-01-01T00:00:00Z");
    CHECK(util::format_timestamp(util::from_unix_seconds(784111777)) == "1994-11-06T08:49:37Z");
    CHECK(util::format_timestamp(util::from_unix_seconds(-1)) == "1969-12-31T23:59:59Z");
    CHECK(util::from_unix_seconds(42).time_since_epoch() == std::chrono::seconds(42));
  }

  TEST_CASE("time points reach 9999-12-31 without overflowing") {
    // 253402300799 is 9999-12-31T23:59:59Z, the latest expiry providers::read_expiry accepts.
    const util::TimePoint last = util::from_unix_seconds(253402300799);
    CHECK(util::format_timestamp(last) == "9999-12-31T23:59:59Z");
    CHECK(util::parse_timestamp("9999-12-31T23:59:59Z") == std::optional(last));
    CHECK(show(util::parse_timestamp("9999-12-31")) == "9999-12-31T00:00:00Z");
    CHECK(*util::parse_timestamp("9999-12-31") > kNewYear2026);
    CHECK(*util::parse_timestamp("2300-01-01") > *util::parse_timestamp("2262-04-12"));
    CHECK(util::RealClock().now() < last);
    CHECK(util::RealClock().now() > kNewYear2026 - std::chrono::hours(24 * 365 * 2));
  }

  TEST_CASE("parse_timestamp: date only is midnight UTC") {
    CHECK(show(util::parse_timestamp("2026-01-01")) == "2026-01-01T00:00:00Z");
    CHECK(util::parse_timestamp("2026-01-01") == std::optional(kNewYear2026));
    CHECK(show(util::parse_timestamp("2026-12-31")) == "2026-12-31T00:00:00Z");
    CHECK(show(util::parse_timestamp(" 2024-02-29 ")) == "2024-02-29T00:00:00Z");
  }

  TEST_CASE("parse_timestamp: ISO 8601 forms") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00Z")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01t12:00:00z")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00")) == "2026-12-01T12:00:00Z");
    CHECK(util::parse_timestamp("2026-01-01T00:00:01Z") ==
          std::optional(kNewYear2026 + std::chrono::seconds(1)));
  }

  TEST_CASE("parse_timestamp: fractional seconds are dropped") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00.123Z")) == "2026-12-01T12:00:00Z");
    CHECK(util::parse_timestamp("2026-12-01T12:00:00.999999Z") ==
          util::parse_timestamp("2026-12-01T12:00:00Z"));
  }

  TEST_CASE("parse_timestamp: offsets") {
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+02:00")) == "2026-12-01T10:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00.123+02:00")) == "2026-12-01T10:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00-0530")) == "2026-12-01T17:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00-05:30")) == "2026-12-01T17:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+0000")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-31T23:30:00-01:00")) == "2027-01-01T00:30:00Z");
    CHECK(show(util::parse_timestamp("2026-01-01T00:30:00+01:00")) == "2025-12-31T23:30:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01T12:00:00+23:59")) == "2026-11-30T12:01:00Z");
  }

  TEST_CASE("parse_timestamp: GitHub's expiry header form") {
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 UTC")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 GMT")) == "2026-12-01T12:00:00Z");
    CHECK(show(util::parse_timestamp("2026-12-01 12:00:00 +0100")) == "2026-12-01T11:00:00Z");
  }

  TEST_CASE("parse_timestamp rejects invalid dates, times and zones") {
    const char* bad[] = {
        "",
        "2026",
        "2026-12",
        "2026-1-01",
        "26-12-01",
        "2026/12/01",
        "2026-02-30",  // no such day
        "2025-02-29",  // not a leap year
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-12-00",
        "2026-12-01X12:00:00Z",
        "2026-12-01T",
        "2026-12-01T12:00Z",
        "2026-12-01T12:00",
        "2026-12-01T24:00:00Z",
        "2026-12-01T12:60:00Z",
        "2026-12-01T12:00:61Z",
        "2026-12-01T1a:00:00Z",
        "2026-12-01T12:00:00PST",
        "2026-12-01 12:00:00 CEST",
        "2026-12-01T12:00:00+2:00",
        "2026-12-01T12:00:00+02",
        "2026-12-01T12:00:00+02:0",
        "2026-12-01T12:00:00+02:000",
        "2026-12-01T12:00:00+24:00",  // offsets are -23:59..+23:59
        "2026-12-01T12:00:00+02:60",
        "2026-12-01T12:00:00+99:99",
        "2026-12-01T12:00:00Zjunk",
        "not a date",
    };
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_timestamp(text) == std::nullopt);
    }
  }

  TEST_CASE("format_timestamp round-trips parse_timestamp") {
    for (const char* text : {"2026-12-01T12:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
                             "9999-12-31T23:59:59Z", "2000-01-01T00:00:00Z"}) {
      CAPTURE(std::string(text));
      const auto parsed = util::parse_timestamp(text);
      REQUIRE(parsed);
      CHECK(util::format_timestamp(*parsed) == text);
      CHECK(util::parse_timestamp(util::format_timestamp(*parsed)) == parsed);
    }
  }

  TEST_CASE("parse_http_date reads IMF-fixdate") {
    CHECK(util::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") ==
          std::optional(util::from_unix_seconds(784111777)));
    CHECK(show(util::parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT")) == "2026-01-01T00:00:00Z");
    CHECK(show(util::parse_http_date("  Tue, 29 Dec 2026 23:59:59 GMT\r\n")) == "2026-12-29T23:59:59Z");
    CHECK(show(util::parse_http_date("Wed, 30 Dec 2026 10:00:00 GMT")) == "2026-12-30T10:00:00Z");
  }

  TEST_CASE("parse_http_date rejects other forms") {
    const char* bad[] = {
        "",
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
        "Sun Nov  6 08:49:37 1994",        // asctime
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:49:37 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, xx Nov 1994 08:49:37 GMT",
        "120",
    };
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_http_date(text) == std::nullopt);
    }
  }
}
