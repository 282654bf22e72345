#pragma once
// ${VAR} and ${VAR:-default} expansion for manifest strings (URLs, token pages).
#include <string>
#include <string_view>
#include <vector>

#include "util/environment.h"

namespace scopegate::util {

struct Expansion {
  std::string text;                    // with every known variable replaced
  std::vector<std::string> undefined;  // variables that were unset or empty and had no default
  std::vector<std::string> malformed;  // "${" without a closing brace or with a bad name
};

Expansion expand_variables(std::string_view text, const Environment& environment);

// The variable names a string refers to, without looking them up.
std::vector<std::string> referenced_variables(std::string_view text);

// "${" sequences that are not a well-formed reference.
std::vector<std::string> malformed_references(std::string_view text);

}  // namespace scopegate::util
