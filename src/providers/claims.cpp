#include "providers/claims.h"

#include <algorithm>
#include <unordered_set>

#include "providers/json_helpers.h"
#include "util/base64.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace json = boost::json;

namespace {
// The claim's value, or nullptr when it is absent or null.
const json::value* find_claim(const json::value& root, const std::string& claim) {
  const json::value* found = nullptr;
  if (claim.starts_with('/')) {
    json::error_code ignored;
    found = root.find_pointer(json::string_view(claim.data(), claim.size()), ignored);
  } else if (root.is_object()) {
    found = root.get_object().if_contains(json::string_view(claim.data(), claim.size()));
  }
  return found && !found->is_null() ? found : nullptr;
}

const char* kind_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::object: return "an object";
    case json::kind::array: return "an array";
    case json::kind::string: return "a string";
    case json::kind::bool_: return "a boolean";
    case json::kind::null: return "null";
    default: return "a number";
  }
}

// RFC 6749 section 3.3 separates scopes with spaces; issuers also send
// commas and tabs, and arrays whose items hold several. No scope name holds
// one of these, so splitting on all of them never cuts a name.
constexpr std::string_view kScopeSeparators = " ,\t";

// The scope names of one claim's value: an array of strings, or a space-separated string.
bool claim_scopes(const json::value& value, const std::string& claim, std::vector<std::string>* scopes,
                  std::string* error) {
  const std::string name = "the claim " + util::quoted(claim);
  if (value.is_string()) {
    *scopes = util::split_any(std::string_view(value.get_string()), kScopeSeparators);
    return true;
  }
  if (!value.is_array()) {
    *error = name + " is " + kind_of(value) +
             ", not a list of scopes (an array of strings or a space-separated string)";
    return false;
  }
  const json::array& items = value.get_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) {
      *error = name + " holds " + kind_of(items[i]) + " at index " + std::to_string(i) + ", not a scope name";
      return false;
    }
    for (std::string& scope : util::split_any(std::string_view(items[i].get_string()), kScopeSeparators))
      scopes->push_back(std::move(scope));
  }
  return true;
}

// The default scope claims, in the order read, with what a person grants to
// put a scope there when that is not simply asking for the scope.
struct ScopeClaim {
  std::string_view name;
  std::string_view granted_as;
};
constexpr ScopeClaim kScopeClaims[] = {
    {"scope", ""},                                                     // RFC 7662, Keycloak, Auth0's OAuth scopes
    {"scp", ""},                                                       // Entra ID delegated scopes, Okta
    {"permissions", "the API's permissions granted to the application"},  // Auth0 RBAC
    {"roles", "the application permissions granted to the app"},          // Entra ID app-only tokens
};

std::string_view granted_as(std::string_view claim) {
  for (const ScopeClaim& row : kScopeClaims)
    if (row.name == claim) return row.granted_as;
  return {};
}

// "a", "a or b", "a, b or c"
std::string or_list(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return text;
}
}  // namespace

const std::vector<std::string>& default_scope_claims() {
  static const std::vector<std::string> claims = [] {
    std::vector<std::string> names;
    for (const ScopeClaim& row : kScopeClaims) names.emplace_back(row.name);
    return names;
  }();
  return claims;
}

std::vector<std::string> scope_claims_of(const manifest::ProviderSpec& spec) {
  if (spec.scope_claims.empty()) return default_scope_claims();
  std::vector<std::string> claims;
  for (const manifest::Text& claim : spec.scope_claims) claims.push_back(claim.value);
  return claims;
}

bool read_scope_claims(const json::value& root, const std::vector<std::string>& claims, ClaimScopes* out,
                       std::string* error) {
  std::unordered_set<std::string> seen;
  for (const std::string& claim : claims) {
    const json::value* value = find_claim(root, claim);
    if (!value) continue;
    std::vector<std::string> scopes;
    if (!claim_scopes(*value, claim, &scopes, error)) return false;
    out->present.push_back(claim);
    for (std::string& scope : scopes) {
      if (!seen.insert(scope).second) continue;
      out->granted_by.emplace_back(scope, claim);
      out->granted.push_back(std::move(scope));
    }
  }
  return true;
}

bool read_scope_facts(const json::value& root, const manifest::ProviderSpec& spec, std::string_view holder,
                      TokenFacts* facts, std::string* error) {
  const std::vector<std::string> claims = scope_claims_of(spec);
  ClaimScopes scopes;
  if (!read_scope_claims(root, claims, &scopes, error)) return false;
  facts->scopes_listed = !scopes.present.empty();
  if (!facts->scopes_listed)
    facts->unverifiable_reason = no_scope_claim_reason(holder, claims, !spec.scope_claims.empty());
  facts->granted = std::move(scopes.granted);
  facts->granted_by = std::move(scopes.granted_by);
  facts->scope_claims = std::move(scopes.present);
  return true;
}

std::string list_claims(const std::vector<std::string>& claims) { return util::join(claims, ", "); }

std::string no_scope_claim_reason(std::string_view holder, const std::vector<std::string>& claims,
                                  bool from_manifest) {
  const std::string which = claims.size() == 1 ? "no claim " + claims.front()
                                                : "none of the claims " + list_claims(claims);
  return std::string(holder) + " carries " + which +
         (from_manifest ? " (scope_claims:)" : "; name the claim with scope_claims:");
}

std::string claims_for_fix(const std::vector<std::string>& present, const manifest::ProviderSpec& spec) {
  if (present.empty()) return or_list(scope_claims_of(spec)) + " claim";
  std::string text = or_list(present) + " claim";
  std::vector<std::string> notes;
  for (const std::string& claim : present)
    if (const std::string_view as = granted_as(claim); !as.empty()) notes.push_back(claim + ": " + std::string(as));
  return notes.empty() ? text : text + " (" + util::join(notes, "; ") + ")";
}

bool is_compact_jwt(std::string_view text) {
  return std::count(text.begin(), text.end(), '.') == 2 && std::all_of(text.begin(), text.end(), [](char c) {
           return util::is_token_character(c) && c != '=' && c != '+' && c != '/';
         });
}

bool read_jwt_claims(std::string_view text, boost::json::value* claims, std::string* error) {
  text = util::trim(text);
  if (!text.empty() && text.front() == '{') return parse_json_body(text, claims, error);
  const std::size_t first = text.find('.');
  const std::size_t second = first == std::string_view::npos ? first : text.find('.', first + 1);
  const auto payload = second == std::string_view::npos
                           ? std::nullopt
                           : util::base64_decode(text.substr(first + 1, second - first - 1));
  if (!payload) {
    *error = "the token is not a JWT (expected three base64url parts separated by dots)";
    return false;
  }
  if (!parse_json_body(*payload, claims, error) || !claims->is_object()) {
    *error = "the JWT payload is not a JSON object";
    return false;
  }
  return true;
}

}  // namespace scopegate::providers
