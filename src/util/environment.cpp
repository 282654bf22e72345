#include "util/environment.h"

#include <cstdlib>

namespace scopegate::util {

std::optional<std::string> RealEnvironment::get(std::string_view name) const {
  const std::string key(name);
  if (const char* value = std::getenv(key.c_str())) return std::string(value);
  return std::nullopt;
}

}  // namespace scopegate::util
