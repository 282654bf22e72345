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
  using Set = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;
  struct Closure {
    // Views into granted_ (reserved, so it never moves) and into the
    // vocabulary's implications, which outlive the index.
    std::unordered_set<std::string_view> scopes;
    Set prefixes;  // "documents:" for "documents:*"; "" for "*"
  };
  void close_over(std::string_view scope, Closure* closure) const;
  bool is_plain(std::string_view scope) const;
  std::optional<std::string_view> wildcard_prefix(std::string_view scope) const;
  bool is_bare_group(std::string_view scope) const;
  bool covered_by_rule(std::string_view required) const;
  bool used_by_rule(std::string_view scope, const std::vector<std::string_view>& required) const;
  std::unordered_set<std::string_view> separator_prefixes(const std::unordered_set<std::string_view>& scopes) const;

  const Vocabulary& vocabulary_;
  std::vector<std::string> granted_;
  Closure closure_;
};

}  // namespace scopegate::scope
