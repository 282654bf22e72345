#include "util/duration.h"

#include <charconv>
#include <limits>

#include "util/strings.h"

namespace scopegate::util {

namespace {
struct Unit {
  char suffix;
  std::int64_t seconds;
  const char* name;
};
constexpr Unit kUnits[] = {{'d', 86400, "day"}, {'h', 3600, "hour"}, {'m', 60, "minute"},
                           {'s', 1, "second"}};
}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::int64_t multiplier = 1;
  for (const Unit& unit : kUnits) {
    if (text.back() == unit.suffix) {
      multiplier = unit.seconds;
      text.remove_suffix(1);
      break;
    }
  }
  std::int64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || count < 0)
    return std::nullopt;
  if (count > std::numeric_limits<std::int64_t>::max() / multiplier) return std::nullopt;
  return std::chrono::seconds(count * multiplier);
}

std::string format_duration(std::chrono::seconds duration) {
  const std::int64_t total = duration.count();
  for (const Unit& unit : kUnits) {
    if (total != 0 && total % unit.seconds == 0)
      return std::to_string(total / unit.seconds) + unit.suffix;
  }
  return std::to_string(total) + "s";
}

std::string describe_duration(std::chrono::seconds duration) {
  const std::int64_t total = duration.count();
  if (total < 0) return "already past";
  for (const Unit& unit : kUnits) {
    if (total >= unit.seconds || unit.seconds == 1) {
      const auto count = static_cast<std::size_t>(total / unit.seconds);
      return plural(count, unit.name, std::string(unit.name) + "s");
    }
  }
  return std::to_string(total) + " seconds";
}

}  // namespace scopegate::util
