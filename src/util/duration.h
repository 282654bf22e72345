#pragma once
// Durations as the command line spells them: 30s, 5m, 2h, 7d; a bare number is
// seconds (--timeout takes one; --min-ttl refuses it, see check_command.cpp).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace scopegate::util {

std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest exact spelling: 604800 s -> "7d", 90 s -> "90s".
std::string format_duration(std::chrono::seconds duration);

// A rough human reading for messages: "3 days", "5 hours", "12 minutes".
std::string describe_duration(std::chrono::seconds duration);

}  // namespace scopegate::util
