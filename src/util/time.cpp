#include "util/time.h"

#include <array>
#include <charconv>
#include <chrono>

#include "util/strings.h"

namespace scopegate::util {

namespace {
using namespace std::chrono;

// Reads exactly `width` digits at `at`.
bool read_number(std::string_view text, std::size_t at, std::size_t width, int* value) {
  if (at + width > text.size()) return false;
  for (std::size_t i = at; i < at + width; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  std::from_chars(text.data() + at, text.data() + at + width, *value);
  return true;
}

std::optional<sys_days> make_date(int year, int month, int day) {
  const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return sys_days(date);
}

std::optional<seconds> make_time_of_day(int hour, int minute, int second) {
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return hours(hour) + minutes(minute) + seconds(second);
}

// Parses the zone after the time: "Z", " UTC", "+02:00", "-0530", or nothing (UTC).
std::optional<seconds> parse_zone(std::string_view zone) {
  zone = trim(zone);
  if (zone.empty() || zone == "Z" || zone == "z" || zone == "UTC" || zone == "GMT")
    return seconds(0);
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int hour = 0;
  int minute = 0;
  const std::size_t minute_at = zone.size() > 3 && zone[3] == ':' ? 4 : 3;
  if (!read_number(zone, 1, 2, &hour) || !read_number(zone, minute_at, 2, &minute) ||
      zone.size() != minute_at + 2 || hour > 23 || minute > 59)
    return std::nullopt;
  const seconds offset = hours(hour) + minutes(minute);
  return zone[0] == '+' ? offset : -offset;
}
}  // namespace

std::optional<TimePoint> parse_timestamp(std::string_view text) {
  text = trim(text);
  int year = 0, month = 0, day = 0;
  if (!read_number(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !read_number(text, 5, 2, &month) || text[7] != '-' || !read_number(text, 8, 2, &day))
    return std::nullopt;
  const auto date = make_date(year, month, day);
  if (!date) return std::nullopt;
  if (text.size() == 10) return TimePoint(*date);
  int hour = 0, minute = 0, second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_number(text, 11, 2, &hour) ||
      text.size() < 19 || text[13] != ':' || !read_number(text, 14, 2, &minute) ||
      text[16] != ':' || !read_number(text, 17, 2, &second))
    return std::nullopt;
  std::size_t zone_at = 19;
  if (zone_at < text.size() && text[zone_at] == '.') {  // fractional seconds are dropped
    ++zone_at;
    while (zone_at < text.size() && text[zone_at] >= '0' && text[zone_at] <= '9') ++zone_at;
  }
  const auto time_of_day = make_time_of_day(hour, minute, second);
  const auto offset = parse_zone(text.substr(zone_at));
  if (!time_of_day || !offset) return std::nullopt;
  return TimePoint(*date) + *time_of_day - *offset;
}

TimePoint from_unix_seconds(std::int64_t seconds_since_epoch) {
  return TimePoint(seconds(seconds_since_epoch));
}

std::optional<TimePoint> parse_http_date(std::string_view text) {
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  text = trim(text);
  if (text.size() != 29 || text[3] != ',' || text.substr(26) != "GMT") return std::nullopt;
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (text.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  if (month == 0 || !read_number(text, 5, 2, &day) || !read_number(text, 12, 4, &year) ||
      !read_number(text, 17, 2, &hour) || !read_number(text, 20, 2, &minute) ||
      !read_number(text, 23, 2, &second))
    return std::nullopt;
  const auto date = make_date(year, month, day);
  const auto time_of_day = make_time_of_day(hour, minute, second);
  if (!date || !time_of_day) return std::nullopt;
  return TimePoint(*date) + *time_of_day;
}

std::string format_timestamp(TimePoint time) {
  const auto whole = floor<seconds>(time);
  const auto day_start = floor<days>(whole);
  const year_month_day date(day_start);
  const hh_mm_ss clock_time(whole - day_start);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock_time.hours().count()),
                static_cast<int>(clock_time.minutes().count()),
                static_cast<int>(clock_time.seconds().count()));
  return buffer;
}

}  // namespace scopegate::util
