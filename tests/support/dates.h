#pragma once
// Dates for fixtures, always derived from the clock of the process under
// test (this process's clock: faketime moves both), never written out: a
// fixture that says "2026-11-25" turns into an expired token on 2026-11-26.
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "util/base64.h"
#include "util/clock.h"
#include "util/time.h"

namespace scopegate::testing {

// Now plus `days` (negative: in the past), in whole seconds.
inline util::TimePoint days_from_now(int days) {
  return util::RealClock().now() + std::chrono::hours(24) * days;
}

inline std::int64_t unix_seconds(util::TimePoint time) { return time.time_since_epoch().count(); }

// "2027-01-31T12:00:00Z", as scopegate prints an expiry.
inline std::string iso_timestamp(util::TimePoint time) { return util::format_timestamp(time); }

// GitHub's GitHub-Authentication-Token-Expiration form: "2027-01-31 12:00:00 UTC".
inline std::string github_expiry(util::TimePoint time) {
  std::string text = util::format_timestamp(time);  // "2027-01-31T12:00:00Z"
  text[10] = ' ';
  text.pop_back();
  return text + " UTC";
}

// An unsigned JWT ({"alg":"none"}) carrying `claims` (a JSON object), as
// the jwt preset reads it: base64url without padding, and a dummy signature.
inline std::string unsigned_jwt(std::string_view claims) {
  const auto base64url = [](std::string_view bytes) {
    std::string text = util::base64_encode(bytes);
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
  };
  return base64url(R"({"alg":"none"})") + "." + base64url(claims) + ".c2ln";
}

}  // namespace scopegate::testing
