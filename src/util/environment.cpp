#include "util/environment.h"

#include <unistd.h>  // environ (POSIX; declared with C linkage under _GNU_SOURCE)

namespace scopegate::util {

// getenv scans the whole environment on every call: with one token variable
// per provider, 10,000 providers made 10,000 scans of 10,000 entries.
RealEnvironment::RealEnvironment() {
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    values_.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));  // the first wins, as getenv
  }
}

std::optional<std::string> RealEnvironment::get(std::string_view name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

}  // namespace scopegate::util
