#pragma once
// When to try a request again, and how long to wait first. Pure logic, so
// every rule is a unit test: 429 and 502/503/504 and dropped connections are
// retried, honouring Retry-After (capped); 401 and a plain 403 never are.
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "net/http_response.h"
#include "util/clock.h"

namespace scopegate::net {

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_retry_after{10'000};  // a preflight check does not wait longer

  static bool retryable_status(int status);
  // A server saying "too many requests": 429, or a 403 that says it is a
  // rate limit (GitHub answers its primary limit with x-ratelimit-remaining:
  // 0 and its secondary limit with Retry-After, "Rate limits for the REST
  // API"). Any other 403 is final.
  static bool rate_limited(const HttpResponse& response);
  // retryable_status, or rate_limited.
  static bool retryable(const HttpResponse& response);

  // The wait before attempt `next_attempt` (2, 3, ...): Retry-After when the
  // server sent one (delta-seconds or an HTTP date relative to `now`), else
  // exponential backoff with jitter. `random01` returns a value in [0, 1).
  std::chrono::milliseconds delay(int next_attempt, std::optional<std::string_view> retry_after,
                                  util::TimePoint now, const std::function<double()>& random01) const;
};

// Retry-After as a duration: "120" or "Wed, 21 Oct 2026 07:28:00 GMT".
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, util::TimePoint now);

}  // namespace scopegate::net
