#include "net/retry.h"

#include <algorithm>
#include <charconv>

#include "util/strings.h"
#include "util/time.h"

namespace scopegate::net {

bool RetryPolicy::retryable_status(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

bool RetryPolicy::rate_limited(const HttpResponse& response) {
  if (response.status == 429) return true;
  if (response.status != 403) return false;
  const auto remaining = response.header("x-ratelimit-remaining");
  return response.header("Retry-After").has_value() || (remaining && util::trim(*remaining) == "0");
}

bool RetryPolicy::retryable(const HttpResponse& response) {
  return retryable_status(response.status) || rate_limited(response);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, util::TimePoint now) {
  value = util::trim(value);
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size() && !value.empty())
    return std::chrono::seconds(std::max<std::int64_t>(seconds, 0));
  if (error == std::errc::result_out_of_range) return std::chrono::seconds::max();
  if (const auto date = util::parse_http_date(value))
    return std::max(std::chrono::seconds(0), std::chrono::duration_cast<std::chrono::seconds>(*date - now));
  return std::nullopt;
}

std::chrono::milliseconds RetryPolicy::delay(int next_attempt, std::optional<std::string_view> retry_after,
                                             util::TimePoint now, const std::function<double()>& random01) const {
  if (retry_after) {
    if (const auto asked = parse_retry_after(*retry_after, now)) {
      if (*asked >= std::chrono::duration_cast<std::chrono::seconds>(max_retry_after)) return max_retry_after;
      return std::chrono::duration_cast<std::chrono::milliseconds>(*asked);
    }
  }
  // Exponential backoff with "equal jitter": half fixed, half random.
  const auto exponential = base_delay * (1LL << std::min(next_attempt - 2, 10));
  const double jitter = 0.5 + 0.5 * random01();
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(exponential.count()) * jitter));
}

}  // namespace scopegate::net
