#include "manifest/value_checks.h"

#include <algorithm>
#include <cctype>

#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::manifest {

bool is_secret_key(std::string_view key) {
  const std::string lowered = util::to_lower(key);
  for (std::string_view word : {"token", "secret", "password", "passwd", "bearer", "credential", "apikey", "api_key",
                                "api-key"})
    if (lowered.find(word) != std::string::npos) return true;
  return lowered == "key" || lowered == "auth" || lowered == "authorization";
}

void find_pasted_tokens(std::string_view text, std::vector<std::string>* secrets, Diagnostics* diagnostics) {
  for (std::size_t at = 0; at < text.size();) {
    if (!util::is_token_character(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && util::is_token_character(text[end])) ++end;
    const std::string_view word = text.substr(at, end - at);
    if (util::looks_like_secret(word, false) == util::SecretLook::kKnownPrefix) {
      secrets->emplace_back(word);
      diagnostics->error(location_of_offset(text, at), kPastedToken);
    }
    at = end;
  }
}

std::optional<std::string> url_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const std::string_view authority = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - (scheme + 3));
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  return std::string(authority.substr(0, at));
}

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string unsafe_character(std::string_view text) {
  std::size_t position = 1;
  for (std::size_t at = 0; at < text.size(); ++position) {
    if (text[at] >= 0x20 && text[at] < 0x7F) {  // printable ASCII, the common case
      ++at;
      continue;
    }
    const util::Utf8Char c = util::decode_utf8_at(text, at);
    if (!c.valid || util::is_unsafe_code_point(c.code_point))
      return "contains " + util::describe_character(text, at) + " at position " + std::to_string(position);
    at += c.length;
  }
  return {};
}

std::string name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  // A name opens lines of the text report: it must not look like a CI command ("::warning").
  if (!std::isalnum(static_cast<unsigned char>(name.front()))) return "must start with a letter or a digit";
  if (std::string unsafe = unsafe_character(name); !unsafe.empty()) return unsafe;
  for (char c : name) {
    if (c == ',' || c == '=' || c == '|') return std::string("contains '") + c + "'";
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)))
      return "contains white space or a control character";
  }
  return {};
}

std::string scope_problem(std::string_view scope) {
  if (scope.empty()) return "is empty; write the scope's name, or remove the item";
  // One space between words is a scope of its own (Vault's "read PATH",
  // kubectl's "get pods", "PERMISSION on RESOURCE"); whether the provider
  // reads such a scope is its preset's rule (providers/manifest_rules).
  if (scope.front() == ' ' || scope.back() == ' ' || scope.find("  ") != std::string_view::npos)
    return "has white space at an end or two spaces in a row; write each scope as its own list item";
  bool plain_ascii = true;
  for (char c : scope) {
    if (c == ',') return "contains ','; write each scope as its own list item";
    if (c == '|') return "contains '|'; use `any:` for alternatives";
    plain_ascii = plain_ascii && c > ' ' && c < 0x7F;
  }
  return plain_ascii ? std::string() : unsafe_character(scope);
}

std::string claim_problem(std::string_view claim) {
  if (util::trim(claim).empty()) return "is empty; write the claim's name, or remove the item";
  if (std::string unsafe = unsafe_character(claim); !unsafe.empty()) return unsafe;
  if (claim.find(' ') != std::string_view::npos) return "contains white space; write each claim as its own list item";
  if (!claim.starts_with('/')) return {};
  if (claim.ends_with('/') || claim.find("//") != std::string_view::npos)
    return "has an empty step; write a JSON pointer such as /realm_access/roles";
  for (std::size_t at = claim.find('~'); at != std::string_view::npos; at = claim.find('~', at + 1))
    if (at + 1 == claim.size() || (claim[at + 1] != '0' && claim[at + 1] != '1'))
      return "is not a JSON pointer: '~' must be followed by 0 or 1 (~1 stands for '/')";
  return {};
}

bool check_is_text(std::string_view text, Diagnostics* diagnostics) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    diagnostics->error({1, 1}, "the manifest is UTF-16 encoded; save it as UTF-8");
    return false;
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    diagnostics->error(location_of_offset(text, nul),
                       "the manifest is not text: it contains a NUL byte");
    return false;
  }
  std::size_t bad = 0;
  if (!util::is_valid_utf8(text, &bad)) {
    diagnostics->error(location_of_offset(text, bad),
                       "the manifest is not valid UTF-8 (bad byte here); save it as UTF-8");
    return false;
  }
  return true;
}

std::optional<Location> tab_in_indentation(std::string_view text, int last) {
  int line = 1;
  for (std::size_t start = 0; start < text.size() && (last == 0 || line <= last); ++line) {
    std::size_t at = start;  // only the indentation is looked at: one pass over the text
    while (at < text.size() && text[at] == ' ') ++at;
    if (at < text.size() && text[at] == '\t') return Location{line, static_cast<int>(at - start) + 1};
    const std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace scopegate::manifest
