#pragma once
// Does a token's set of granted scopes cover a required scope?
//
// The closure of the granted set under the vocabulary's implications is
// computed once; each question is then a hash lookup plus one lookup per
// separator in the scope name (for wildcards), so checking N scopes is O(N).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scope/vocabulary.h"

namespace scopegate::scope {

class GrantIndex {
 public:
  GrantIndex(const Vocabulary& vocabulary, const std::vector<std::string>& granted);

  bool covers(const std::string& required) const;

  // Granted scopes that contribute to none of `required`, in granted order.
  std::vector<std::string> excess(const std::vector<std::string_view>& required) const;

 private:
  // Sets that answer lookups by string_view, so a question allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  struct Closure {
    Set scopes;
    Set prefixes;  // "documents:" for "documents:*"; "" for "*"
  };
  void close_over(const std::string& scope, Closure* closure) const;
  std::optional<std::string_view> wildcard_prefix(std::string_view scope) const;
  bool is_bare_group(std::string_view scope) const;
  std::unordered_set<std::string_view> separator_prefixes(const std::unordered_set<std::string_view>& scopes) const;

  const Vocabulary& vocabulary_;
  std::vector<std::string> granted_;
  Closure closure_;
};

}  // namespace scopegate::scope
