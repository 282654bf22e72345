#pragma once
// Does a token's set of granted scopes cover a required scope?
//
// The closure of the granted set under the vocabulary's implications is
// computed once; each question is then a hash lookup plus one lookup per
// separator in the scope name (for wildcards), so checking N scopes is O(N).
#include <string>
#include <unordered_set>
#include <vector>

#include "scope/vocabulary.h"

namespace scopegate::scope {

class GrantIndex {
 public:
  GrantIndex(const Vocabulary& vocabulary, const std::vector<std::string>& granted);

  bool covers(const std::string& required) const;

  // Granted scopes that contribute to none of `required`, in granted order.
  std::vector<std::string> excess(const std::vector<std::string>& required) const;

 private:
  struct Closure {
    std::unordered_set<std::string> scopes;
    std::unordered_set<std::string> prefixes;  // "documents:" for "documents:*"; "" for "*"
  };
  void close_over(const std::string& scope, Closure* closure) const;
  std::vector<std::string> separator_prefixes(const std::string& scope) const;

  const Vocabulary& vocabulary_;
  std::vector<std::string> granted_;
  Closure closure_;
};

}  // namespace scopegate::scope
