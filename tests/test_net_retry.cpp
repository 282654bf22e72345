#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "net/retry.h"
#include "util/time.h"

using namespace scopegate;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
util::TimePoint now() {
  const auto time = util::parse_timestamp("2026-11-22T12:00:00Z");
  REQUIRE(time.has_value());
  return *time;
}

std::optional<seconds> retry_after(std::string_view value) { return net::parse_retry_after(value, now()); }

const auto kLow = [] { return 0.0; };
const auto kHigh = [] { return 0.999; };
const auto kNeverCalled = []() -> double {
  FAIL("random01 must not be called when Retry-After decides");
  return 0.5;
};
}  // namespace

TEST_SUITE("net.retry") {
  TEST_CASE("429 and 502, 503, 504 are retried") {
    CHECK(net::RetryPolicy::retryable_status(429));
    CHECK(net::RetryPolicy::retryable_status(502));
    CHECK(net::RetryPolicy::retryable_status(503));
    CHECK(net::RetryPolicy::retryable_status(504));
  }

  TEST_CASE("success, auth failures, 404 and 500 are not retried") {
    for (int status : {200, 201, 204, 301, 400, 401, 403, 404, 408, 422, 500, 501, 505}) {
      CAPTURE(status);
      CHECK_FALSE(net::RetryPolicy::retryable_status(status));
    }
  }

  TEST_CASE("a 403 is retried only when it says it is a rate limit") {
    const auto answer = [](int status, std::vector<std::pair<std::string, std::string>> headers) {
      net::HttpResponse response;
      response.status = status;
      response.headers = std::move(headers);
      return net::RetryPolicy::retryable(response);
    };
    CHECK_FALSE(answer(403, {}));
    CHECK_FALSE(answer(403, {{"x-ratelimit-remaining", "12"}}));
    CHECK(answer(403, {{"Retry-After", "1"}}));               // GitHub's secondary limit
    CHECK(answer(403, {{"X-RateLimit-Remaining", " 0 "}}));  // its primary limit
    CHECK_FALSE(answer(404, {{"Retry-After", "1"}}));
    CHECK(answer(429, {}));
    CHECK_FALSE(answer(401, {{"x-ratelimit-remaining", "0"}}));
  }

  TEST_CASE("a rate limit is 429 or a 403 that says so: a 502 is retried but is not one") {
    net::HttpResponse response;
    for (const auto& [status, limited] : std::vector<std::pair<int, bool>>{{429, true}, {502, false}, {403, false}}) {
      response.status = status;
      CAPTURE(status);
      CHECK(net::RetryPolicy::rate_limited(response) == limited);
    }
    response.headers = {{"Retry-After", "5"}};
    CHECK(net::RetryPolicy::rate_limited(response));
  }

  TEST_CASE("the default policy: 3 attempts, 500 ms base, Retry-After capped at 10 s") {
    const net::RetryPolicy policy;
    CHECK(policy.max_attempts == 3);
    CHECK(policy.base_delay == milliseconds(500));
    CHECK(policy.max_retry_after == milliseconds(10'000));
  }

  TEST_CASE("parse_retry_after: delta-seconds") {
    CHECK(retry_after("120") == seconds(120));
    CHECK(retry_after("0") == seconds(0));
    CHECK(retry_after("1") == seconds(1));
    CHECK(retry_after(" 30 ") == seconds(30));
    CHECK(retry_after("86400") == seconds(86400));
  }

  TEST_CASE("parse_retry_after: a negative number means now") {
    CHECK(retry_after("-5") == seconds(0));
    CHECK(retry_after("-1") == seconds(0));
  }

  TEST_CASE("parse_retry_after: a number too large for 64 bits is the longest wait, not zero") {
    CHECK(retry_after("99999999999999999999999") == seconds::max());
  }

  TEST_CASE("parse_retry_after: garbage is no answer") {
    CHECK_FALSE(retry_after("soon").has_value());
    CHECK_FALSE(retry_after("").has_value());
    CHECK_FALSE(retry_after("12abc").has_value());
    CHECK_FALSE(retry_after("1.5").has_value());
    CHECK_FALSE(retry_after("Sun, 22 Nov 2026 12:01:30").has_value());
    CHECK_FALSE(retry_after("2026-11-22T12:01:30Z").has_value());
  }

  TEST_CASE("parse_retry_after: an HTTP date relative to now") {
    CHECK(retry_after("Sun, 22 Nov 2026 12:01:30 GMT") == seconds(90));
    CHECK(retry_after("Sun, 22 Nov 2026 12:00:00 GMT") == seconds(0));
    CHECK(retry_after("Mon, 23 Nov 2026 12:00:00 GMT") == seconds(86400));
  }

  TEST_CASE("parse_retry_after: a date in the past means now") {
    CHECK(retry_after("Sun, 22 Nov 2026 11:59:00 GMT") == seconds(0));
    CHECK(retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == seconds(0));
  }

  TEST_CASE("delay honours Retry-After") {
    const net::RetryPolicy policy;
    CHECK(policy.delay(2, std::string_view("3"), now(), kNeverCalled) == milliseconds(3000));
    CHECK(policy.delay(3, std::string_view("0"), now(), kNeverCalled) == milliseconds(0));
    CHECK(policy.delay(2, std::string_view("Sun, 22 Nov 2026 12:00:07 GMT"), now(), kNeverCalled) == milliseconds(7000));
    CHECK(policy.delay(2, std::string_view("9"), now(), kNeverCalled) == milliseconds(9000));
  }

  TEST_CASE("delay caps Retry-After at max_retry_after") {
    const net::RetryPolicy policy;
    CHECK(policy.delay(2, std::string_view("86400"), now(), kNeverCalled) == milliseconds(10'000));
    CHECK(policy.delay(2, std::string_view("10"), now(), kNeverCalled) == milliseconds(10'000));
    CHECK(policy.delay(2, std::string_view("11"), now(), kNeverCalled) == milliseconds(10'000));
    CHECK(policy.delay(2, std::string_view("99999999999999999999999"), now(), kNeverCalled) == milliseconds(10'000));
    CHECK(policy.delay(2, std::string_view("Fri, 01 Jan 2027 00:00:00 GMT"), now(), kNeverCalled) ==
          milliseconds(10'000));

    net::RetryPolicy shorter;
    shorter.max_retry_after = milliseconds(2000);
    CHECK(shorter.delay(2, std::string_view("5"), now(), kNeverCalled) == milliseconds(2000));
    CHECK(shorter.delay(2, std::string_view("1"), now(), kNeverCalled) == milliseconds(1000));
  }

  TEST_CASE("delay without Retry-After: exponential backoff with equal jitter") {
    const net::RetryPolicy policy;
    // Attempt n waits base * 2^(n-2), of which the second half is random.
    CHECK(policy.delay(2, std::nullopt, now(), kLow) == milliseconds(250));
    CHECK(policy.delay(2, std::nullopt, now(), kHigh) == milliseconds(499));
    CHECK(policy.delay(3, std::nullopt, now(), kLow) == milliseconds(500));
    CHECK(policy.delay(3, std::nullopt, now(), kHigh) == milliseconds(999));
    CHECK(policy.delay(4, std::nullopt, now(), kLow) == milliseconds(1000));
    CHECK(policy.delay(4, std::nullopt, now(), kHigh) == milliseconds(1999));
  }

  TEST_CASE("delay stays between half and all of the exponential step for any random value") {
    const net::RetryPolicy policy;
    for (int attempt = 2; attempt <= 6; ++attempt) {
      const long long step = 500LL << (attempt - 2);
      for (double r : {0.0, 0.25, 0.5, 0.75, 0.999999}) {
        CAPTURE(attempt);
        CAPTURE(r);
        const auto wait = policy.delay(attempt, std::nullopt, now(), [r] { return r; }).count();
        CHECK(wait >= step / 2);
        CHECK(wait < step);
      }
    }
  }

  TEST_CASE("an unreadable Retry-After falls back to backoff") {
    const net::RetryPolicy policy;
    CHECK(policy.delay(2, std::string_view("later"), now(), kLow) == milliseconds(250));
    CHECK(policy.delay(3, std::string_view(""), now(), kHigh) == milliseconds(999));
  }

  TEST_CASE("the backoff exponent is bounded") {
    const net::RetryPolicy policy;
    // 2^10 steps at most: no overflow for absurd attempt numbers.
    CHECK(policy.delay(12, std::nullopt, now(), kLow) == milliseconds(500 * 1024 / 2));
    CHECK(policy.delay(1000, std::nullopt, now(), kLow) == milliseconds(500 * 1024 / 2));
  }
}
