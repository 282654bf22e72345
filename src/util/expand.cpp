#include "util/expand.h"

#include <cctype>

namespace scopegate::util {

namespace {
bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

struct Reference {
  std::string_view name;
  std::string_view fallback;
  bool has_fallback = false;
};

// Parses the inside of "${...}".
bool parse_reference(std::string_view inside, Reference* reference) {
  const std::size_t dash = inside.find(":-");
  reference->name = inside.substr(0, dash);
  if (dash != std::string_view::npos) {
    reference->fallback = inside.substr(dash + 2);
    reference->has_fallback = true;
  }
  return is_variable_name(reference->name);
}

// Calls `on_reference(reference, raw)` for each ${...} and `on_text` for the rest.
template <typename OnText, typename OnReference, typename OnMalformed>
void scan(std::string_view text, OnText on_text, OnReference on_reference,
          OnMalformed on_malformed) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find("${", at);
    if (open == std::string_view::npos) break;
    on_text(text.substr(at, open - at));
    const std::size_t close = text.find('}', open + 2);
    Reference reference;
    if (close == std::string_view::npos ||
        !parse_reference(text.substr(open + 2, close - open - 2), &reference)) {
      const std::size_t end = close == std::string_view::npos ? text.size() : close + 1;
      on_malformed(text.substr(open, end - open));
      at = end;
      continue;
    }
    on_reference(reference);
    at = close + 1;
  }
  if (at < text.size()) on_text(text.substr(at));
}
}  // namespace

Expansion expand_variables(std::string_view text, const Environment& environment) {
  Expansion result;
  scan(
      text, [&](std::string_view plain) { result.text += plain; },
      [&](const Reference& reference) {
        if (auto value = environment.get_non_empty(reference.name)) {
          result.text += *value;
        } else if (reference.has_fallback) {
          result.text += reference.fallback;
        } else {
          result.undefined.emplace_back(reference.name);
          result.text += "${" + std::string(reference.name) + "}";
        }
      },
      [&](std::string_view raw) {
        result.malformed.emplace_back(raw);
        result.text += raw;
      });
  return result;
}

std::vector<std::string> referenced_variables(std::string_view text) {
  std::vector<std::string> names;
  scan(
      text, [](std::string_view) {},
      [&](const Reference& reference) { names.emplace_back(reference.name); },
      [](std::string_view) {});
  return names;
}

std::vector<std::string> malformed_references(std::string_view text) {
  std::vector<std::string> bad;
  scan(
      text, [](std::string_view) {}, [](const Reference&) {},
      [&](std::string_view raw) { bad.emplace_back(raw); });
  return bad;
}

}  // namespace scopegate::util
