#pragma once
// What the providers' tests share: a provider's answer made by hand and read
// the way the engine reads it, JWTs made at test time, and a Rig (one
// provider, its LiveContext and a fake network) with the requests and
// answers several presets' tests use.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/model.h"
#include "net/http_response.h"
#include "providers/presets.h"
#include "providers/provider.h"
#include "support/check_strings.h"
#include "support/fake_transport.h"
#include "support/fakes.h"
#include "support/provider_requests.h"
#include "util/redactor.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::testing::provider_tests {

using testing::FakeTransport;
using testing::kFakeToken;
using testing::kBasics;
using testing::kOrganizations;
using testing::kQuota;
using testing::kRepos;
using testing::kScanCreate;
using testing::kScanList;
using testing::kSonarCatalog;
using testing::kSonarScopes;

using providers::TokenFacts;
using Outcome = providers::TokenFacts::Outcome;
using Headers = std::vector<std::pair<std::string, std::string>>;
using Pairs = std::vector<std::pair<std::string, std::string>>;  // granted_by: scope -> claim

inline net::HttpResponse answer(int status, std::string body, Headers headers = {}) {
  net::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

// Creates the preset's provider the way the engine does and reads one answer.
inline TokenFacts interpret(std::string_view preset, const net::HttpResponse& response,
                     const manifest::ProviderSpec& spec = {}) {
  const providers::PresetInfo* info = providers::find_preset(preset);
  REQUIRE(info != nullptr);
  const auto provider = info->create(spec);
  REQUIRE(provider != nullptr);
  return provider->interpret(response);
}

inline TokenFacts interpret(std::string_view preset, int status, std::string body, Headers headers = {}) {
  return interpret(preset, answer(status, std::move(body), std::move(headers)));
}

inline util::TimePoint at(std::string_view text) {
  const auto time = util::parse_timestamp(text);
  REQUIRE(time.has_value());
  return *time;
}

inline std::string expiry(const TokenFacts& facts) {
  return facts.expires_at ? util::format_timestamp(*facts.expires_at) : std::string("none");
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

inline std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

inline std::string base64url(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(data[i]) << 16) |
                   (static_cast<unsigned char>(data[i + 1]) << 8) | static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (data.size() - i == 1) {
    const auto n = static_cast<unsigned char>(data[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (data.size() - i == 2) {
    const auto n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;  // unpadded, as JWTs are
}

inline std::string make_jwt(std::string_view claims) {
  return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claims) + "." +
         base64url("not-a-real-signature");
}

inline manifest::Text text(std::string value) { return manifest::Text{std::move(value), {}}; }

inline manifest::ProviderSpec generic_pointer(std::string pointer, manifest::SplitMode split) {
  manifest::ProviderSpec spec;
  spec.name = "api";
  spec.preset = text("generic");
  manifest::ScopeLocation where;
  where.json_pointer = text(std::move(pointer));
  where.split = split;
  spec.scopes = where;
  return spec;
}

inline manifest::ProviderSpec generic_header(std::string header, manifest::SplitMode split) {
  manifest::ProviderSpec spec;
  spec.name = "api";
  spec.preset = text("generic");
  manifest::ScopeLocation where;
  where.header = text(std::move(header));
  where.split = split;
  spec.scopes = where;
  return spec;
}

inline constexpr const char* kJwtNote =
    "scopes read from the token's own claims without checking its signature; the provider still "
    "decides";

using Catalog = std::vector<std::pair<std::string, std::string>>;

// One provider, its LiveContext and the fake network behind it. Every request
// the provider sent is checked for the token in its URL when the rig goes.
struct Rig {
  manifest::ProviderSpec spec;
  FakeTransport transport;
  testing::FakeEnvironment environment;
  testing::FakeFileSystem files;
  util::Redactor redactor;
  providers::LiveContext context;

  Rig(const std::string& preset, std::string base_url, std::string token = kFakeToken)
      : context{spec, transport, environment, std::move(base_url), "", std::move(token), "", "", {}, {},
                true, false, false, "", "", &files, {}, {}, {}, &redactor} {
    spec.name = preset;
    spec.preset = text(preset);
  }
  Rig(const Rig&) = delete;
  Rig& operator=(const Rig&) = delete;

  ~Rig() {
    for (const net::HttpRequest& request : transport.requests) {
      const std::string url = request.url.to_string();
      CHECK_MESSAGE(url.find(context.token) == std::string::npos, "the token is in the URL of a request");
      CHECK_MESSAGE(url.find(util::percent_encode(context.token)) == std::string::npos,
                    "the token is in the URL of a request, percent-encoded");
      CHECK_MESSAGE(request.url.userinfo.find(context.token) == std::string::npos, "the token is in a URL's userinfo");
    }
  }

  TokenFacts ask() {
    const providers::PresetInfo* info = providers::find_preset(spec.preset.value);
    REQUIRE(info != nullptr);
    const auto provider = info->create(spec);
    return testing::run_awaitable(provider->ask(context));
  }

  const net::HttpRequest& request(std::size_t index) const {
    REQUIRE(transport.requests.size() > index);
    return transport.requests[index];
  }
};

inline std::string bearer() { return std::string("Bearer ") + kFakeToken; }

// True when a note contains `part`; when none does, the notes are logged so
// a failing check shows what was said instead.
inline bool has_note(const TokenFacts& facts, std::string_view part) {
  for (const std::string& note : facts.notes)
    if (contains(note, part)) return true;
  for (const std::string& note : facts.notes) MESSAGE("note: " << note);
  return false;
}

// The preset's own verdict on a scope's shape (PresetInfo::scope_problem).
inline std::string scope_problem_of(std::string_view preset, std::string_view scope) {
  const providers::PresetInfo* info = providers::find_preset(preset);
  REQUIRE(info != nullptr);
  REQUIRE((info->scope_problem != nullptr));
  return info->scope_problem(scope);
}

// The preset's fix writer for `scopes` missing from `facts`, for a provider named `provider` at `base_url`.
inline std::string fix_of(std::string_view preset, const TokenFacts& facts, std::vector<std::vector<std::string>> scopes,
                          std::string provider, std::string_view base_url) {
  manifest::ProviderSpec spec;
  spec.name = std::move(provider);
  const std::vector<std::string> required;
  const providers::FixRequest request{scopes, required, spec, base_url, "", facts};
  const providers::PresetInfo* info = providers::find_preset(preset);
  REQUIRE(info != nullptr);
  REQUIRE((info->fix_writer != nullptr));
  return info->fix_writer(request);
}

// ----- sonar -----
inline constexpr const char* kSonarBase = "https://session.sonar.de/acme";
inline constexpr const char* kSonarAnswer =
    R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read", "documents:generated:read"]})";
inline constexpr const char* kSonarCatalogAnswer = R"([
  {"id": "documents", "label": "Documents", "types": [
    {"id": "signed", "label": "Signed", "scopes": [
      {"value": "documents:signed:read", "label": "Read"},
      {"value": "documents:signed:export", "label": "Export"}]},
    {"id": "generated", "label": "Generated", "scopes": [
      {"value": "documents:generated:read", "label": "Read"}]}]},
  {"id": "webhooks", "label": "Webhooks", "types": [
    {"id": "endpoints", "label": "Endpoints", "scopes": [
      {"value": "webhooks:endpoints:manage", "label": "Manage"}]}]}
])";

// ----- socket -----
inline constexpr const char* kSocketBase = "https://api.socket.dev";
inline constexpr const char* kSocketDenied =
    R"({"error": {"message": "Insufficient permissions for API method getOrgFullScanList", "details": null}})";
inline constexpr const char* kNoListing = "Socket has no endpoint that lists a token's scopes; only a probe request can prove one";

inline void socket_ok_quota(Rig& rig) { rig.transport.answer(kQuota, 200, R"({"quota": 1000})"); }

inline Rig& socket_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.context.org = "acme";
  rig.context.wanted = std::move(wanted);
  socket_ok_quota(rig);
  return rig;
}

}  // namespace scopegate::testing::provider_tests
