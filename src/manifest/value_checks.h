#pragma once
// What a manifest's values may hold, checked before and while it is parsed:
// names, scopes, claims, variable names, and whether the file is text at all.
// Each *_problem returns "" when the value is fine, else the rest of a sentence
// ("contains ','; write each scope as its own list item").
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "manifest/diagnostics.h"

namespace scopegate::manifest {

// The advice for a secret pasted into the manifest (anywhere, or where a variable's name belongs).
inline constexpr const char* kPastedToken =
    "this looks like a token: a secret never goes in the manifest; rotate it, since it is in this file now, and "
    "name the variable that holds it with token_env (or its file with token_file)";
inline constexpr const char* kPastedTokenForName =
    "this looks like a token, not a variable name: rotate it, since it is in the manifest now, and write the name "
    "of the variable that holds it instead (token_env: CI_API_TOKEN), or of its file (token_file:)";

// Keys under which people paste a secret itself: "token: ghp_...",
// "api_token:", "bearer:", "key:", "client_secret:", "password:".
bool is_secret_key(std::string_view key);

// Words of the manifest's text (comments too) in a known token format: a
// secret committed in the file. Each is an error at its position and is
// appended to `secrets` for redaction before any line is quoted.
void find_pasted_tokens(std::string_view text, std::vector<std::string>* secrets, Diagnostics* diagnostics);

// "user:password" of "https://user:password@host/...", or nullopt.
std::optional<std::string> url_userinfo(std::string_view url);

// Keys starting with "x-" are the user's own (anchors for reuse, notes) and are skipped.
inline bool is_extension_key(std::string_view key) { return key.starts_with("x-"); }

// A POSIX-style environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_variable_name(std::string_view name);

// "contains U+001B (escape) at position 3" for the first character no name
// should hold (controls, invisible and reordering characters), or "".
std::string unsafe_character(std::string_view text);

// Feature and provider names are used on the command line (-f a,b and NAME=...).
std::string name_problem(std::string_view name);

// A scope is visible words with single spaces between them (which presets
// read several words is their rule), and no commas or '|'.
std::string scope_problem(std::string_view scope);

// A scope claim is a claim name ("permissions", "https://example.com/roles")
// or a JSON pointer ("/realm_access/roles", RFC 6901), visible characters only.
std::string claim_problem(std::string_view claim);

// Pre-parse checks: YAML needs UTF-8 text; false (with an error at the first
// bad byte) when `text` is UTF-16, holds a NUL or is not valid UTF-8.
bool check_is_text(std::string_view text, Diagnostics* diagnostics);

// The first tab in a line's indentation, up to line `last` (1-based; 0: any):
// YAML forbids tabs there, and yaml-cpp's message for one ("illegal map
// value") does not say so.
std::optional<Location> tab_in_indentation(std::string_view text, int last);

// Where a name was first seen in one mapping or list: a scan while the list
// is short (a feature's five keys, its twenty scopes), a hash map once it is
// long, so a list of 10,000 scopes costs 10,000 lookups, not 50 million compares.
class FirstSeen {
 public:
  // nullopt the first time `name` is seen (it is remembered), else where it was.
  std::optional<Location> remember(std::string_view name, Location where) {
    if (!large_.empty()) {
      const auto [found, inserted] = large_.emplace(name, where);
      return inserted ? std::nullopt : std::optional<Location>(found->second);
    }
    for (const auto& [seen, first] : small_)
      if (seen == name) return first;
    small_.emplace_back(name, where);
    if (small_.size() > kScanLimit) large_.insert(small_.begin(), small_.end());
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kScanLimit = 32;
  std::vector<std::pair<std::string_view, Location>> small_;
  std::unordered_map<std::string_view, Location> large_;
};

}  // namespace scopegate::manifest
