#pragma once
// Timestamps as providers write them, always handled in UTC.
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"

namespace scopegate::util {

// Accepts "2026-12-31" (midnight UTC), "2026-12-01T12:00:00Z",
// "2026-12-01T12:00:00.123+02:00" and GitHub's "2026-12-01 12:00:00 UTC".
std::optional<TimePoint> parse_timestamp(std::string_view text);

// Seconds since the Unix epoch, as JWT and RFC 7662 `exp` claims carry it.
TimePoint from_unix_seconds(std::int64_t seconds);

// HTTP dates (RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<TimePoint> parse_http_date(std::string_view text);

// "2026-12-01T12:00:00Z".
std::string format_timestamp(TimePoint time);

}  // namespace scopegate::util
