#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "util/duration.h"
#include "util/strings.h"

using namespace scopegate;
using namespace std::chrono_literals;

TEST_SUITE("util/duration") {
  TEST_CASE("parse_duration reads s, m, h, d and bare seconds") {
    CHECK(util::parse_duration("30s") == std::optional(30s));
    CHECK(util::parse_duration("5m") == std::optional(std::chrono::seconds(300)));
    CHECK(util::parse_duration("2h") == std::optional(std::chrono::seconds(7200)));
    CHECK(util::parse_duration("7d") == std::optional(std::chrono::seconds(604800)));
    CHECK(util::parse_duration("45") == std::optional(45s));
    CHECK(util::parse_duration("0") == std::optional(0s));
    CHECK(util::parse_duration("0d") == std::optional(0s));
    CHECK(util::parse_duration(" 10m ") == std::optional(std::chrono::seconds(600)));
    CHECK(util::parse_duration("9223372036854775807") ==
          std::optional(std::chrono::seconds(9223372036854775807LL)));
    CHECK(util::parse_duration("106751991167300d") ==
          std::optional(std::chrono::seconds(106751991167300LL * 86400)));
  }

  TEST_CASE("parse_duration rejects anything else") {
    const char* bad[] = {"",     "   ",  "7x",   "-1",      "-5m",  "1.5h", "s",
                         "m5",   "5 m",  "+5",   "5mm",     "d7",   "5M",   "0x10",
                         "1e3",  "7 d",  "five", "99999999999999999999",
                         "9223372036854775808", "106751991167301d", "153722867280912931m"};
    for (const std::string text : bad) {
      CAPTURE(text);
      CHECK(util::parse_duration(text) == std::nullopt);
    }
  }

  TEST_CASE("format_duration writes the shortest exact spelling") {
    CHECK(util::format_duration(std::chrono::seconds(604800)) == "7d");
    CHECK(util::format_duration(std::chrono::seconds(86400)) == "1d");
    CHECK(util::format_duration(std::chrono::seconds(90000)) == "25h");
    CHECK(util::format_duration(std::chrono::seconds(3600)) == "1h");
    CHECK(util::format_duration(std::chrono::seconds(5400)) == "90m");
    CHECK(util::format_duration(std::chrono::seconds(60)) == "1m");
    CHECK(util::format_duration(std::chrono::seconds(90)) == "90s");
    CHECK(util::format_duration(std::chrono::seconds(1)) == "1s");
    CHECK(util::format_duration(std::chrono::seconds(0)) == "0s");
  }

  TEST_CASE("format_duration and parse_duration round-trip") {
    for (std::int64_t value : {0LL, 1LL, 59LL, 60LL, 61LL, 3599LL, 3600LL, 86399LL, 86400LL,
                               604800LL, 1234567LL}) {
      CAPTURE(value);
      const std::chrono::seconds duration(value);
      CHECK(util::parse_duration(util::format_duration(duration)) == std::optional(duration));
    }
  }

  TEST_CASE("describe_duration gives a rough reading in the largest unit") {
    CHECK(util::describe_duration(std::chrono::seconds(3 * 86400 + 5 * 3600)) == "3 days");
    CHECK(util::describe_duration(std::chrono::seconds(86400)) == "1 day");
    CHECK(util::describe_duration(std::chrono::seconds(86399)) == "23 hours");
    CHECK(util::describe_duration(std::chrono::seconds(5 * 3600 + 59 * 60)) == "5 hours");
    CHECK(util::describe_duration(std::chrono::seconds(3600)) == "1 hour");
    CHECK(util::describe_duration(std::chrono::seconds(12 * 60 + 30)) == "12 minutes");
    CHECK(util::describe_duration(std::chrono::seconds(60)) == "1 minute");
    CHECK(util::describe_duration(std::chrono::seconds(59)) == "59 seconds");
    CHECK(util::describe_duration(std::chrono::seconds(1)) == "1 second");
    CHECK(util::describe_duration(std::chrono::seconds(0)) == "0 seconds");
    CHECK(util::describe_duration(std::chrono::seconds(-1)) == "already past");
  }
}
