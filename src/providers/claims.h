#pragma once
// Where a JWT or an RFC 7662 introspection answer carries the token's scopes,
// as one table shared by the jwt and oauth2 presets (providers.md and
// more-providers.md, "JWT issuers"):
//   scope        RFC 8693 / RFC 7662, Keycloak, Auth0's OAuth scopes: a space-separated
//                string (some RFC 7662 servers send an array)
//   scp          Microsoft Entra ID delegated scopes (a space-separated string); Okta (an array)
//   permissions  Auth0 API permissions granted to the application (RBAC): an array
//   roles        Microsoft Entra ID application permissions of app-only tokens: an array
// A manifest's `scope_claims:` replaces the list: claim names, or JSON pointers
// such as /realm_access/roles (Keycloak realm roles).
#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

#include "manifest/model.h"
#include "providers/provider.h"

namespace scopegate::providers {

// A JWT's claims (RFC 7519 section 7.2, the payload only: the signature is
// not checked), from a compact JWT (header.payload.signature) or given as
// JSON; false with the reason in `error`.
// A compact JWT (RFC 7519 section 3): three base64url parts joined by dots,
// so an object or a bare word is not one.
bool is_compact_jwt(std::string_view text);

bool read_jwt_claims(std::string_view text, boost::json::value* claims, std::string* error);

// The claims read when the manifest names none, in order: scope, scp, permissions, roles.
const std::vector<std::string>& default_scope_claims();

// The claims a provider reads: its manifest's scope_claims, else the defaults.
std::vector<std::string> scope_claims_of(const manifest::ProviderSpec& spec);

// What the scope claims of one token said.
struct ClaimScopes {
  std::vector<std::string> present;  // the claims found, in the order read
  std::vector<std::string> granted;  // the union of their scopes, deduplicated, first seen first
  std::vector<std::pair<std::string, std::string>> granted_by;  // scope -> the first claim carrying it
};

// Reads `claims` (claim names, or JSON pointers starting with '/') from `root`;
// each is a JSON array of strings or one space-separated string, and an absent
// or null claim is skipped. False, with `error` naming the claim, on any other shape.
bool read_scope_claims(const boost::json::value& root, const std::vector<std::string>& claims, ClaimScopes* out,
                       std::string* error);

// A claim-based answer's scopes into `facts` (granted, granted_by, scope_claims,
// scopes_listed), reading the claims `spec` names; with none present the scopes
// are unverifiable and the reason says `holder` ("the JWT") carries none.
// False, with `error` naming the claim, when one has the wrong shape.
bool read_scope_facts(const boost::json::value& root, const manifest::ProviderSpec& spec, std::string_view holder,
                      TokenFacts* facts, std::string* error);

// "scope, scp, permissions, roles": claim names as a manifest writes them.
std::string list_claims(const std::vector<std::string>& claims);

// Why no scope could be read: `holder` ("the JWT") carries none of `claims`.
std::string no_scope_claim_reason(std::string_view holder, const std::vector<std::string>& claims,
                                  bool from_manifest);

// How a fix names where a scope belongs: "scope or permissions claim
// (permissions: the API's permissions granted to the application)" for the
// claims the token carried; the claims `spec` reads when it carried none.
std::string claims_for_fix(const std::vector<std::string>& present, const manifest::ProviderSpec& spec);

}  // namespace scopegate::providers
