// libFuzzer: header values as providers send them - X-OAuth-Scopes lists,
// Retry-After (seconds or HTTP date), WWW-Authenticate challenges, expiry
// timestamps - through the parsers that read them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/http_response.h"
#include "net/retry.h"
#include "providers/error_hints.h"
#include "util/strings.h"
#include "util/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  for (const std::string& scope : scopegate::util::split_scope_list(value))
    if (scope.empty() || scope.find_first_of(", \t\r\n") != std::string::npos) std::abort();
  const auto now = scopegate::util::from_unix_seconds(1'790'000'000);
  if (const auto after = scopegate::net::parse_retry_after(value, now); after && after->count() < 0) std::abort();
  const scopegate::net::RetryPolicy policy;
  const auto wait = policy.delay(2, value, now, [] { return 0.5; });
  if (wait > policy.max_retry_after || wait.count() < 0) std::abort();  // Retry-After is always capped
  (void)scopegate::util::parse_http_date(value);
  (void)scopegate::util::parse_timestamp(value);
  scopegate::net::HttpResponse response;
  response.status = 403;
  response.headers = {{"WWW-Authenticate", value}, {"X-Accepted-OAuth-Scopes", value}};
  response.body = value;
  (void)scopegate::providers::scope_hint(response);
  return 0;
}
