#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "manifest/model.h"
#include "net/http_response.h"
#include "providers/error_hints.h"
#include "providers/presets.h"
#include "providers/provider.h"
#include "support/check_strings.h"
#include "support/fake_transport.h"
#include "support/fakes.h"
#include "util/redactor.h"
#include "util/time.h"

using namespace scopegate;
using providers::TokenFacts;
using Outcome = providers::TokenFacts::Outcome;
using testing::FakeTransport;
using testing::header_count;
using testing::header_of;
using testing::kFakeToken;
using testing::Strings;

namespace {
using Headers = std::vector<std::pair<std::string, std::string>>;
using Catalog = std::vector<std::pair<std::string, std::string>>;

manifest::Text text(std::string value) { return manifest::Text{std::move(value), {}}; }

// One provider, its LiveContext and the fake network behind it. Every request
// the provider sent is checked for the token in its URL when the rig goes.
struct Rig {
  manifest::ProviderSpec spec;
  FakeTransport transport;
  testing::FakeEnvironment environment;
  providers::LiveContext context;

  Rig(const std::string& preset, std::string base_url, std::string token = kFakeToken)
      : context{spec, transport, environment, std::move(base_url), "", std::move(token), "", "", {}, {},
                true, false, false, ""} {
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

std::string expiry(const TokenFacts& facts) {
  return facts.expires_at ? util::format_timestamp(*facts.expires_at) : std::string("none");
}

net::HttpResponse answer(int status, std::string body, Headers headers = {}) {
  net::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

std::string bearer() { return std::string("Bearer ") + kFakeToken; }

// ----- sonar -----
constexpr const char* kSonarBase = "https://session.sonar.de/acme";
constexpr const char* kSonarScopes = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed";
constexpr const char* kSonarCatalog = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed/all";
constexpr const char* kSonarAnswer =
    R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read", "documents:generated:read"]})";
constexpr const char* kSonarCatalogAnswer = R"([
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
constexpr const char* kSocketBase = "https://api.socket.dev";
constexpr const char* kQuota = "GET https://api.socket.dev/v0/quota";
constexpr const char* kOrganizations = "GET https://api.socket.dev/v0/organizations";
constexpr const char* kBasics = "GET https://api.socket.dev/v0/orgs/acme/settings/socket-basics";
constexpr const char* kScanList = "GET https://api.socket.dev/v0/orgs/acme/full-scans?per_page=1";
constexpr const char* kRepos = "GET https://api.socket.dev/v0/orgs/acme/repos?per_page=1";
constexpr const char* kScanCreate = "POST https://api.socket.dev/v0/orgs/acme/full-scans";
constexpr const char* kSocketDenied =
    R"({"error": {"message": "Insufficient permissions for API method getOrgFullScanList", "details": null}})";
constexpr const char* kNoListing = "Socket has no endpoint that lists a token's scopes; only a probe request can prove one";

void socket_ok_quota(Rig& rig) { rig.transport.answer(kQuota, 200, R"({"quota": 1000})"); }

Rig& socket_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.context.org = "acme";
  rig.context.wanted = std::move(wanted);
  socket_ok_quota(rig);
  return rig;
}
}  // namespace

// ---------------------------------------------------------------------------
TEST_SUITE("providers.live.sonar") {
  TEST_CASE("sonar asks GET scopes-allowed with a Bearer token and reads the answer") {
    Rig rig("sonar", kSonarBase);
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
    const net::HttpRequest& request = rig.request(0);
    CHECK(request.method == "GET");
    CHECK(request.url.to_string() == "https://session.sonar.de/acme/api/sdk/v1/scopes-allowed");
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_count(request, "Authorization") == 1);
    CHECK(request.body.empty());
    CHECK(request.retry);

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.error.empty());
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK(facts.key_name == std::optional<std::string>("CI key"));
    CHECK(facts.key_prefix == std::optional<std::string>("sk_live"));
    CHECK_FALSE(facts.expiry_known);
    CHECK(facts.proven_missing.empty());
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a base_url with a trailing slash gives the same request") {
    Rig rig("sonar", "https://session.sonar.de/acme/");
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    CHECK(rig.ask().outcome == Outcome::kAccepted);
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
  }

  TEST_CASE("with fetch_catalog sonar also GETs scopes-allowed/all and labels every scope") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    rig.transport.answer(kSonarCatalog, 200, kSonarCatalogAnswer);
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK(facts.outcome == Outcome::kAccepted);
    REQUIRE(facts.catalog.has_value());
    CHECK(*facts.catalog == Catalog{{"documents:signed:read", "Documents / Signed / Read"},
                                    {"documents:signed:export", "Documents / Signed / Export"},
                                    {"documents:generated:read", "Documents / Generated / Read"},
                                    {"webhooks:endpoints:manage", "Webhooks / Endpoints / Manage"}});
  }

  TEST_CASE("a catalog that cannot be fetched leaves the facts as they were") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    SUBCASE("404") {}
    SUBCASE("500") { rig.transport.answer(kSonarCatalog, 500, R"({"message": "boom"})"); }
    SUBCASE("transport error") { rig.transport.fail(kSonarCatalog, "connection reset"); }
    SUBCASE("not a catalog") { rig.transport.answer(kSonarCatalog, 200, R"({"scopes": []})"); }
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes, kSonarCatalog});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a rejected sonar key: kRejected with the code, and no catalog request") {
    Rig rig("sonar", kSonarBase);
    rig.context.fetch_catalog = true;
    rig.transport.answer(kSonarScopes, 401,
                         R"({"success": false, "code": "REVOKED_API_KEY", "message": "This API key was revoked"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Sonar rejected the key: REVOKED_API_KEY (This API key was revoked)");
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
    CHECK_FALSE(facts.catalog.has_value());
  }

  TEST_CASE("a sonar INSUFFICIENT_SCOPE answer is an error with a hint") {
    Rig rig("sonar", kSonarBase);
    rig.transport.answer(kSonarScopes, 403,
                         R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "Missing keys:read"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the provider answered HTTP 403: Missing keys:read (the provider says: Missing keys:read)");
  }

  TEST_CASE("sonar does not probe even when wanted scopes are not granted") {
    Rig rig("sonar", kSonarBase);
    rig.context.wanted = {"documents:signed:export"};
    rig.context.manifest_probes = {{"documents:signed:export", "GET", "/api/sdk/v1/documents?limit=1", {200}, {403}}};
    rig.transport.answer(kSonarScopes, 200, kSonarAnswer);
    const TokenFacts facts = rig.ask();
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(rig.transport.sent(), {kSonarScopes});
  }
}

TEST_SUITE("providers.live.sonar_catalog") {
  TEST_CASE("parse_sonar_catalog reads the documented shape") {
    const auto catalog = providers::parse_sonar_catalog(kSonarCatalogAnswer);
    REQUIRE(catalog.has_value());
    CHECK(catalog->size() == 4);
    CHECK(catalog->front() == std::pair<std::string, std::string>{"documents:signed:read", "Documents / Signed / Read"});
  }

  TEST_CASE("parse_sonar_catalog: ids stand in for missing labels, the value for a missing scope label") {
    const auto catalog = providers::parse_sonar_catalog(
        R"([{"id": "documents", "types": [{"id": "signed", "scopes": [{"value": "documents:signed:read"}]}]}])");
    REQUIRE(catalog.has_value());
    CHECK(*catalog == Catalog{{"documents:signed:read", "documents / signed / documents:signed:read"}});

    const auto nameless = providers::parse_sonar_catalog(R"([{"types": [{"scopes": [{"value": "a:b:c", "label": "C"}]}]}])");
    REQUIRE(nameless.has_value());
    CHECK(*nameless == Catalog{{"a:b:c", "? / ? / C"}});
  }

  TEST_CASE("parse_sonar_catalog skips entries of the wrong shape and keeps the rest") {
    const auto catalog = providers::parse_sonar_catalog(R"([
      1, "x", null, [],
      {"id": "g1", "label": "G1", "types": "not a list"},
      {"id": "g2", "label": "G2"},
      {"id": "g3", "label": "G3", "types": [
        7, {"id": "t0", "label": "T0"}, {"id": "t1", "label": "T1", "scopes": {"value": "x"}},
        {"id": "t2", "label": "T2", "scopes": [
          {"label": "no value"}, {"value": 5, "label": "number"}, "g3:t2:bare", null,
          {"value": "g3:t2:read", "label": "Read"}, {"value": "g3:t2:write", "label": 42}]}]}
    ])");
    REQUIRE(catalog.has_value());
    CHECK(*catalog == Catalog{{"g3:t2:read", "G3 / T2 / Read"}, {"g3:t2:write", "G3 / T2 / g3:t2:write"}});
  }

  TEST_CASE("parse_sonar_catalog: nothing usable is no catalog") {
    CHECK_FALSE(providers::parse_sonar_catalog("").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog("not json").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog("[]").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"({"id": "documents", "types": []})").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"([{"id": "documents", "types": []}])").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(R"([{"id": "d", "types": [{"id": "s", "scopes": []}]}])").has_value());
    CHECK_FALSE(providers::parse_sonar_catalog(std::string(100000, '[') + std::string(100000, ']')).has_value());
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers.live.presets") {
  TEST_CASE("gitlab sends PRIVATE-TOKEN and no Authorization header") {
    Rig rig("gitlab", "https://gitlab.example.com");
    rig.transport.answer(
        "GET https://gitlab.example.com/api/v4/personal_access_tokens/self", 200,
        R"({"id": 7, "name": "ci", "revoked": false, "active": true, "scopes": ["api", "read_repository"], "expires_at": "2026-12-31"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"GET https://gitlab.example.com/api/v4/personal_access_tokens/self"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "PRIVATE-TOKEN") == std::optional<std::string>(kFakeToken));
    CHECK(header_count(request, "PRIVATE-TOKEN") == 1);
    CHECK_FALSE(header_of(request, "Authorization").has_value());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"api", "read_repository"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
  }

  TEST_CASE("gitlab: a revoked token is rejected, a 403 carries GitLab's scope hint") {
    SUBCASE("revoked") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 200,
                           R"({"name": "ci", "revoked": true, "active": false, "scopes": ["api"]})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is revoked");
    }
    SUBCASE("insufficient_scope") {
      Rig rig("gitlab", "https://gitlab.com");
      rig.transport.answer("GET https://gitlab.com/api/v4/personal_access_tokens/self", 403,
                           R"({"error": "insufficient_scope", "scope": "api read_api"})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error ==
            "the provider answered HTTP 403: insufficient_scope (the provider says it needs one of: api read_api)");
    }
  }

  TEST_CASE("github asks GET /user with a Bearer token and reads X-OAuth-Scopes") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "octocat", "id": 1})",
                         {{"X-OAuth-Scopes", "repo, read:org"},
                          {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_of(request, "X-GitHub-Api-Version") == std::optional<std::string>("2022-11-28"));
    CHECK(request.body.empty());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org"});
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
  }

  TEST_CASE("github Enterprise Server: GET {base}/user under /api/v3") {
    Rig rig("github", "https://ghe.example.com/api/v3");
    rig.transport.answer("GET https://ghe.example.com/api/v3/user", 200, R"({"login": "ci"})", {{"X-OAuth-Scopes", ""}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://ghe.example.com/api/v3/user"});
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
  }

  TEST_CASE("github: a token without X-OAuth-Scopes is unverifiable, and nothing more is sent") {
    Rig rig("github", "https://api.github.com");
    rig.context.wanted = {"repo"};
    rig.transport.answer("GET https://api.github.com/user", 200, R"({"login": "github-actions[bot]"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason.starts_with("GitHub lists scopes only for classic personal access tokens"));
    CHECK_FALSE(facts.expiry_known);
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.github.com/user"});
  }

  TEST_CASE("github: 401 Bad credentials rejects the token") {
    Rig rig("github", "https://api.github.com");
    rig.transport.answer("GET https://api.github.com/user", 401,
                         R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }

  TEST_CASE("slack POSTs /api/auth.test with a Bearer token and reads x-oauth-scopes") {
    Rig rig("slack", "https://slack.com");
    rig.transport.answer("POST https://slack.com/api/auth.test", 200,
                         R"({"ok": true, "url": "https://acme.slack.com/", "team": "Acme", "user": "ci-bot"})",
                         {{"x-oauth-scopes", "chat:write,channels:read"}});
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://slack.com/api/auth.test"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(header_of(request, "Authorization") == bearer());
    CHECK(header_of(request, "Content-Type") == std::optional<std::string>("application/x-www-form-urlencoded"));
    CHECK(request.body.empty());

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"chat:write", "channels:read"});
    CHECK(facts.account == std::optional<std::string>("ci-bot on Acme"));
  }

  TEST_CASE("slack: ok false with invalid_auth, at HTTP 200, rejects the token") {
    Rig rig("slack", "https://slack.com");
    rig.transport.answer("POST https://slack.com/api/auth.test", 200, R"({"ok": false, "error": "invalid_auth"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Slack rejected the token: invalid_auth");
  }

  TEST_CASE("oauth2 POSTs the percent-encoded token to the introspection URL as a client") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect", "tok+en/with=chars&more");
    rig.context.client_id = "ci-client";
    rig.context.client_secret = "s3cr:t";
    rig.transport.answer(
        "POST https://auth.example.com/oauth2/introspect", 200,
        R"({"active": true, "scope": "read write", "exp": 1767225600, "client_id": "ci", "username": "build-bot"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://auth.example.com/oauth2/introspect"});
    const net::HttpRequest& request = rig.request(0);
    CHECK(request.body == "token=tok%2Ben%2Fwith%3Dchars%26more&token_type_hint=access_token");
    // RFC 6749 2.3.1: id and secret form-encoded, then Basic: base64("ci-client:s3cr%3At").
    CHECK(header_of(request, "Authorization") == std::optional<std::string>("Basic Y2ktY2xpZW50OnMzY3IlM0F0"));
    CHECK(header_count(request, "Authorization") == 1);
    CHECK(header_of(request, "Content-Type") == std::optional<std::string>("application/x-www-form-urlencoded"));
    CHECK(request.headers.size() == 2);
    for (const auto& [name, value] : request.headers) CHECK(value.find("tok+en") == std::string::npos);

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.account == std::optional<std::string>("build-bot"));
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
  }

  TEST_CASE("oauth2: active false rejects the token") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": false})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the authorization server says the token is not active");
  }

  TEST_CASE("oauth2 probes carry the token as Bearer, only the introspection request carries the client") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.context.client_id = "ci-client";
    rig.context.client_secret = "s3cr:t";
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "https://auth.example.com/v1/orders", {200}, {403}}};
    // No "scope" in the answer: only the probe can tell.
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": true})");
    rig.transport.answer("GET https://auth.example.com/v1/orders", 200, "[]");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(),
                  {"POST https://auth.example.com/oauth2/introspect", "GET https://auth.example.com/v1/orders"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>("Basic Y2ktY2xpZW50OnMzY3IlM0F0"));
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK(header_count(rig.request(1), "Authorization") == 1);
    CHECK_STRINGS(facts.granted, {"orders:read"});
  }

  TEST_CASE("oauth2: the introspection_url is asked, probes go to base_url") {
    Rig rig("oauth2", "https://api.example.com");
    rig.context.introspection_url = "https://auth.example.com/oauth2/introspect";
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "/v1/orders", {200}, {403}}};
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 200, R"({"active": true})");
    rig.transport.answer("GET https://api.example.com/v1/orders", 403, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(),
                  {"POST https://auth.example.com/oauth2/introspect", "GET https://api.example.com/v1/orders"});
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK_STRINGS(facts.proven_missing, {"orders:read"});
  }

  TEST_CASE("oauth2: HTTP 401 from introspection means the client was refused (RFC 7662), not the token") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.spec.client_id_env = text("IDP_CLIENT_ID");
    rig.spec.client_secret_env = text("IDP_CLIENT_SECRET");
    rig.transport.answer("POST https://auth.example.com/oauth2/introspect", 401, R"({"error": "invalid_client"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the authorization server refused scopegate's client credentials (HTTP 401: invalid_client), "
                         "so the token was not checked; check the client id and secret in IDP_CLIENT_ID and "
                         "IDP_CLIENT_SECRET (client_id_env, client_secret_env)");
  }

  TEST_CASE("a transport error on the introspection request is kError with the transport's message") {
    Rig rig("oauth2", "https://auth.example.com/oauth2/introspect");
    rig.context.fetch_catalog = true;
    rig.transport.fail("POST https://auth.example.com/oauth2/introspect",
                       "cannot connect to auth.example.com:443: Connection refused");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot connect to auth.example.com:443: Connection refused");
    CHECK(facts.granted.empty());
    CHECK_STRINGS(rig.transport.sent(), {"POST https://auth.example.com/oauth2/introspect"});
  }

  TEST_CASE("jwt reads the token's own claims and sends nothing at all") {
    // {"alg":"none"} . {"scope":"orders.read profile","exp":1900000000} . "sig"
    Rig rig("jwt", "",
            "eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9yZGVycy5yZWFkIHByb2ZpbGUiLCJleHAiOjE5MDAwMDAwMDB9.c2ln");
    rig.context.wanted = {"orders.read", "orders.write"};
    rig.context.fetch_catalog = true;
    rig.context.manifest_probes = {{"orders.write", "GET", "https://api.example.com/orders", {200}, {403}}};
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.requests.empty());
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders.read", "profile"});
    CHECK(expiry(facts) == "2030-03-17T17:46:40Z");
  }

  TEST_CASE("jwt: a token that is not a JWT is an error, still without a request") {
    Rig rig("jwt", "", "not-a-jwt");
    const TokenFacts facts = rig.ask();
    CHECK(rig.transport.requests.empty());
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the token is not a JWT (expected three base64url parts separated by dots)");
  }
}

TEST_SUITE("providers.live.generic") {
  TEST_CASE("generic sends the manifest's request: method, URL, headers with ${TOKEN}, form") {
    Rig rig("generic", "", "abc&def=1 x");
    rig.environment.set("TENANT", "acme");
    manifest::RequestSpec request;
    request.method = "POST";
    request.url = text("https://api.example.com/v1/tenants/${TENANT}/introspect");
    request.headers = {{"X-Api-Key", text("${TOKEN}")}, {"Accept", text("application/json")}};
    request.form = {{"token", text("${TOKEN}")}, {"tenant", text("${TENANT}")}, {"kind", text("a b")}};
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.json_pointer = text("/data/scopes");
    rig.spec.scopes = where;
    rig.spec.key_name = text("/name");
    rig.transport.answer("POST https://api.example.com/v1/tenants/acme/introspect", 200,
                         R"({"name": "ci", "data": {"scopes": ["orders:read", "orders:write"]}})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {"POST https://api.example.com/v1/tenants/acme/introspect"});
    const net::HttpRequest& sent = rig.request(0);
    CHECK(sent.headers == Headers{{"X-Api-Key", "abc&def=1 x"},
                                  {"Accept", "application/json"},
                                  {"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK_FALSE(header_of(sent, "Authorization").has_value());
    CHECK(sent.body == "token=abc%26def%3D1%20x&tenant=acme&kind=a%20b");

    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders:read", "orders:write"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
  }

  TEST_CASE("generic: a request without headers authenticates with Bearer, a relative URL uses base_url") {
    Rig rig("generic", "https://api.example.com/base/");
    manifest::RequestSpec request;
    request.url = text("/v1/token/info");
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.header = text("X-Scopes");
    where.split = manifest::SplitMode::kComma;
    rig.spec.scopes = where;
    rig.transport.answer("GET https://api.example.com/base/v1/token/info", 200, "{}", {{"X-Scopes", "a, b"}});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.example.com/base/v1/token/info"});
    CHECK(rig.request(0).headers == Headers{{"Authorization", bearer()}});
    CHECK(rig.request(0).body.empty());
    CHECK_STRINGS(facts.granted, {"a", "b"});
  }

  TEST_CASE("generic with only probes: no introspection, a probe per wanted scope") {
    Rig rig("generic", "https://api.example.com");
    rig.context.wanted = {"orders:read", "refunds:read"};
    rig.context.manifest_probes = {
        {"orders:read", "GET", "/v1/orders?limit=1", {200}, {403}},
        {"refunds:read", "GET", "/v1/refunds?limit=1", {200}, {401, 403}},
        {"customers:read", "GET", "/v1/customers?limit=1", {200}, {403}},  // not wanted
    };
    rig.transport.answer("GET https://api.example.com/v1/orders?limit=1", 200, "[]");
    rig.transport.answer("GET https://api.example.com/v1/refunds?limit=1", 403, R"({"message": "Forbidden"})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(),
                  {"GET https://api.example.com/v1/orders?limit=1", "GET https://api.example.com/v1/refunds?limit=1"});
    for (const net::HttpRequest& request : rig.transport.requests) {
      CHECK(request.headers == Headers{{"Authorization", bearer()}});
      CHECK(request.retry);
    }
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.unverifiable_reason == "the provider declares no scope list; only probes can prove scopes");
    CHECK_STRINGS(facts.granted, {"orders:read"});
    CHECK_STRINGS(facts.proven_missing, {"refunds:read"});
    CHECK_STRINGS(facts.notes, {"orders:read proven by GET /v1/orders?limit=1 (HTTP 200)",
                                "refunds:read refused by GET /v1/refunds?limit=1 (HTTP 403)"});
  }

  TEST_CASE("generic: the manifest headers replace Bearer, and an answer without the scope header is an error") {
    Rig rig("generic", "https://api.example.com");
    manifest::RequestSpec request;
    request.url = text("/v1/whoami");
    request.headers = {{"X-Api-Key", text("${TOKEN}")}};
    rig.spec.request = request;
    manifest::ScopeLocation where;
    where.header = text("X-Scopes");
    rig.spec.scopes = where;
    rig.context.wanted = {"orders:read"};
    rig.context.manifest_probes = {{"orders:read", "GET", "https://api.example.com/v1/orders", {200}, {403}}};
    // The answer has no X-Scopes header: an error, and no probe follows it.
    rig.transport.answer("GET https://api.example.com/v1/whoami", 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the answer has no X-Scopes header");
    CHECK_STRINGS(rig.transport.sent(), {"GET https://api.example.com/v1/whoami"});
    CHECK(rig.request(0).headers == Headers{{"X-Api-Key", kFakeToken}});
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers.live.socket") {
  TEST_CASE("socket checks the token with GET /v0/quota first") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {});
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
    CHECK(header_of(rig.request(0), "Authorization") == bearer());
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.unverifiable_reason == kNoListing);
  }

  TEST_CASE("socket: 401 to /v0/quota rejects the token and nothing else is sent") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read", "full-scans:list"};
    SUBCASE("with org") { rig.context.org = "acme"; }
    SUBCASE("without org") {}
    rig.transport.answer(kQuota, 401, R"({"error": {"message": "Invalid API key", "details": null}})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Invalid API key)");
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
  }

  TEST_CASE("socket: a transport error on /v0/quota is kError with its message") {
    Rig rig("socket", kSocketBase);
    rig.context.org = "acme";
    rig.context.wanted = {"socket-basics:read"};
    rig.transport.fail(kQuota, "TLS handshake with api.socket.dev:443 failed: certificate verify failed");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "TLS handshake with api.socket.dev:443 failed: certificate verify failed");
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
  }

  TEST_CASE("socket with org: probes only the wanted scopes, 200 granted, 403 missing") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "full-scans:list"});
    rig.transport.answer(kBasics, 200, R"({"settings": {}})");
    rig.transport.answer(kScanList, 403, kSocketDenied);
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics, kScanList});
    for (const net::HttpRequest& request : rig.transport.requests) {
      CHECK(request.method == "GET");
      CHECK(header_of(request, "Authorization") == bearer());
      CHECK(request.retry);
    }
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"socket-basics:read"});
    CHECK_STRINGS(facts.proven_missing, {"full-scans:list"});
    CHECK(facts.unverifiable_reason == kNoListing);
    CHECK_STRINGS(facts.notes,
                  {"socket-basics:read proven by GET /v0/orgs/acme/settings/socket-basics (HTTP 200)",
                   "full-scans:list refused by GET /v0/orgs/acme/full-scans?per_page=1 (HTTP 403): the provider says: "
                   "Insufficient permissions for API method getOrgFullScanList"});
  }

  TEST_CASE("socket: any 2xx to a read probe is granted (providers.md)") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "full-scans:list"});
    rig.transport.answer(kBasics, 204, "");
    rig.transport.answer(kScanList, 203, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(facts.granted, {"socket-basics:read", "full-scans:list"});
    CHECK(facts.proven_missing.empty());
  }

  TEST_CASE("socket without org: 401 to GET /v0/organizations rejects the token, nothing is probed") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read"};
    socket_ok_quota(rig);
    rig.transport.answer(kOrganizations, 401, R"({"error": {"message": "Unauthorized"}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kOrganizations});
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401 to GET /v0/organizations)");
  }

  TEST_CASE("socket: repo:list is probed with GET repos?per_page=1") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"repo:list"});
    rig.transport.answer(kRepos, 200, R"({"results": []})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kRepos});
    CHECK_STRINGS(facts.granted, {"repo:list"});
  }

  TEST_CASE("socket: the org is percent-encoded in probe paths") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read"});
    rig.context.org = "my org/x";
    rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, "GET https://api.socket.dev/v0/orgs/my%20org%2Fx/settings/socket-basics"});
  }

  TEST_CASE("socket without org: the only organisation is found and probed") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read"};
    socket_ok_quota(rig);
    rig.transport.answer(kOrganizations, 200,
                         R"({"organizations": {"9f3c": {"id": "9f3c", "name": "Acme Inc", "image": null, "plan": "team", "slug": "acme"}}})");
    rig.transport.answer(kBasics, 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kOrganizations, kBasics});
    CHECK(header_of(rig.request(1), "Authorization") == bearer());
    CHECK_STRINGS(facts.granted, {"socket-basics:read"});
    CHECK_STRINGS(facts.notes, {"probing organisation acme (the only one the token sees)",
                                "socket-basics:read proven by GET /v0/orgs/acme/settings/socket-basics (HTTP 200)"});
    CHECK(facts.unverifiable_reason == kNoListing);
  }

  TEST_CASE("socket without org: several organisations are reported, nothing is probed") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read"};
    socket_ok_quota(rig);
    rig.transport.answer(kOrganizations, 200,
                         R"({"organizations": {"1": {"id": "1", "slug": "acme"}, "2": {"id": "2", "slug": "beta"}}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kOrganizations});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == std::string(kNoListing) +
                                           "; the token sees 2 organisations (acme, beta), so set org: to the one to probe");
  }

  TEST_CASE("socket without org: a token that sees no organisation") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read"};
    socket_ok_quota(rig);
    rig.transport.answer(kOrganizations, 200, R"({"organizations": {}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kOrganizations});
    CHECK(facts.unverifiable_reason == std::string(kNoListing) + ", and the token sees no organisation to probe");
  }

  TEST_CASE("socket without org: an organisation list that cannot be read") {
    Rig rig("socket", kSocketBase);
    rig.context.wanted = {"socket-basics:read"};
    socket_ok_quota(rig);
    rig.transport.answer(kOrganizations, 403, kSocketDenied);
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kOrganizations});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.unverifiable_reason ==
          std::string(kNoListing) + ", and the organisation to probe is unknown (set org:)");
  }

  TEST_CASE("socket: full-scans:create is not probed without allow_write_probes") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"full-scans:create"});
    rig.transport.answer(kScanCreate, 400, R"({"error": {"message": "no files"}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
    for (const net::HttpRequest& request : rig.transport.requests) CHECK(request.method != "POST");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.granted.empty());
    CHECK(facts.proven_missing.empty());
    CHECK_STRINGS(facts.notes, {"full-scans:create has only a write probe (POST /v0/orgs/acme/full-scans); allow it "
                                "with --allow-write-probes or allow_write_probes: true"});
  }

  TEST_CASE("socket write probe allowed: POST full-scans, 400 or 422 granted, 403 missing") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"full-scans:create"});
    rig.context.allow_write_probes = true;
    int status = 0;
    SUBCASE("400") { status = 400; }
    SUBCASE("422") { status = 422; }
    SUBCASE("403") { status = 403; }
    CAPTURE(status);
    rig.transport.answer(kScanCreate, status,
                         status == 403 ? R"({"error": {"message": "Insufficient permissions for API method CreateOrgFullScan"}})"
                                       : R"({"error": {"message": "At least one file is required"}})");
    const TokenFacts facts = rig.ask();

    CHECK_STRINGS(rig.transport.sent(), {kQuota, kScanCreate});
    const net::HttpRequest& probe = rig.request(1);
    CHECK(probe.method == "POST");
    CHECK(header_of(probe, "Authorization") == bearer());
    CHECK(probe.body.empty());
    CHECK_FALSE(probe.retry);  // a write request is never repeated
    CHECK(facts.outcome == Outcome::kAccepted);
    if (status == 403) {
      CHECK(facts.granted.empty());
      CHECK_STRINGS(facts.proven_missing, {"full-scans:create"});
      CHECK_STRINGS(facts.notes, {"full-scans:create refused by POST /v0/orgs/acme/full-scans (HTTP 403): the provider "
                                  "says: Insufficient permissions for API method CreateOrgFullScan"});
    } else {
      CHECK_STRINGS(facts.granted, {"full-scans:create"});
      CHECK(facts.proven_missing.empty());
      CHECK_STRINGS(facts.notes,
                    {"full-scans:create proven by POST /v0/orgs/acme/full-scans (HTTP " + std::to_string(status) + ")"});
    }
  }

  TEST_CASE("socket: a write probe that succeeds is a loud error") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"full-scans:create"});
    rig.context.allow_write_probes = true;
    rig.transport.answer(kScanCreate, 201, R"({"id": "scan-1"})");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error ==
          "the write probe POST /v0/orgs/acme/full-scans succeeded (HTTP 201): it was built to fail validation and "
          "may have changed something; check the provider and report this");
    CHECK(facts.granted.empty());
  }

  TEST_CASE("socket: probes_enabled false sends no probe and says so") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "full-scans:create"});
    rig.context.probes_enabled = false;
    rig.context.allow_write_probes = true;
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.granted.empty());
    CHECK(facts.proven_missing.empty());
    CHECK_STRINGS(facts.notes, {"--no-probe: socket-basics:read was not probed", "--no-probe: full-scans:create was not probed"});
  }

  TEST_CASE("socket: without probes, no organisation lookup either") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read"});
    rig.context.org.clear();
    rig.context.probes_enabled = false;
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota});
    CHECK_STRINGS(facts.notes, {"--no-probe: socket-basics:read was not probed"});
  }

  TEST_CASE("socket: 401 to a probe rejects the token and stops probing") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "full-scans:list"});
    rig.transport.answer(kBasics, 401, R"({"error": {"message": "Token revoked"}})");
    rig.transport.answer(kScanList, 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics});
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401 to GET /v0/orgs/acme/settings/socket-basics)");
    CHECK(facts.granted.empty());
  }

  TEST_CASE("socket: a probe answer that proves nothing, and a probe the network failed") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "repo:list"});
    rig.transport.answer(kBasics, 404, R"({"error": {"message": "Organization not found"}})");
    rig.transport.fail(kRepos, "read from api.socket.dev:443: connection reset by peer");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics, kRepos});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.granted.empty());
    CHECK(facts.proven_missing.empty());
    CHECK_STRINGS(facts.notes,
                  {"probe GET /v0/orgs/acme/settings/socket-basics answered HTTP 404, which proves nothing",
                   "probe for repo:list (GET /v0/orgs/acme/repos?per_page=1) failed: read from api.socket.dev:443: "
                   "connection reset by peer"});
  }

  TEST_CASE("socket: manifest probes run after the preset's") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "audit-log:list"});
    rig.context.manifest_probes = {{"audit-log:list", "GET", "/v0/orgs/acme/audit-log?per_page=1", {200}, {403}}};
    rig.transport.answer(kBasics, 200, "{}");
    rig.transport.answer("GET https://api.socket.dev/v0/orgs/acme/audit-log?per_page=1", 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics, "GET https://api.socket.dev/v0/orgs/acme/audit-log?per_page=1"});
    CHECK_STRINGS(facts.granted, {"socket-basics:read", "audit-log:list"});
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers.live.secrets") {
  TEST_CASE("a URL that would carry the token is never sent") {
    SUBCASE("base_url") {
      Rig rig("sonar", std::string("https://session.sonar.de/") + kFakeToken);
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.find(kFakeToken) == std::string::npos);
      CHECK(facts.error.find("would carry the token") != std::string::npos);
    }
    SUBCASE("a probe URL") {
      Rig rig("generic", "https://api.example.com");
      rig.context.wanted = {"orders:read"};
      rig.context.manifest_probes = {
          {"orders:read", "GET", std::string("/v1/orders?api_key=") + kFakeToken, {200}, {403}}};
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.granted.empty());
      REQUIRE(facts.notes.size() == 1);
      CHECK(facts.notes[0].starts_with("probe for orders:read: "));
    }
    SUBCASE("a probe URL on another origin: refused, an error, nothing sent there") {
      Rig rig("generic", "http://127.0.0.1:18463");
      rig.context.wanted = {"orders:read"};
      rig.context.manifest_probes = {{"orders:read", "GET", "http://127.0.0.1:18464/steal", {200}, {403}}};
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the probe for orders:read (GET http://127.0.0.1:18464/steal) was refused: the token goes "
                           "only to its provider's origin http://127.0.0.1:18463, not to http://127.0.0.1:18464; the "
                           "request was not sent");
    }
    SUBCASE("a generic request URL on another origin than base_url") {
      Rig rig("generic", "https://api.example.com");
      manifest::RequestSpec request;
      request.url = text("https://api.example.com.evil.example/whoami");
      rig.spec.request = request;
      manifest::ScopeLocation where;
      where.json_pointer = text("/scopes");
      rig.spec.scopes = where;
      const TokenFacts facts = rig.ask();
      CHECK(rig.transport.requests.empty());
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.find("the token goes only to its provider's origin https://api.example.com:443") != std::string::npos);
    }
    SUBCASE("the socket org") {
      Rig rig("socket", kSocketBase);
      socket_rig(rig, {"socket-basics:read"});
      rig.context.org = kFakeToken;
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(rig.transport.sent(), {kQuota});
      CHECK(facts.granted.empty());
      REQUIRE(facts.notes.size() == 1);
      CHECK(facts.notes[0] == "probe for socket-basics:read: the URL of this request would carry the token (check "
                              "base_url, org and the probe URLs); it was not sent");
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers.error_hints") {
  TEST_CASE("RFC 6750 WWW-Authenticate insufficient_scope with a scope") {
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate",
                                                  R"(Bearer realm="api", error="insufficient_scope", scope="orders:read orders:write")"}})) ==
          "the provider says it needs scope orders:read orders:write");
    // Header names are case-insensitive, parameters may come in any order, unquoted.
    CHECK(providers::scope_hint(answer(403, "", {{"www-authenticate", R"(Bearer scope=admin, error=insufficient_scope)"}})) ==
          "the provider says it needs scope admin");
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate",
                                                  R"(Bearer error_description="scope=x", error="insufficient_scope")"}})) ==
          "the provider says the token has insufficient scope");
  }

  TEST_CASE("RFC 6750 WWW-Authenticate insufficient_scope without a scope, and other errors") {
    CHECK(providers::scope_hint(answer(403, "", {{"WWW-Authenticate", R"(Bearer error="insufficient_scope")"}})) ==
          "the provider says the token has insufficient scope");
    CHECK(providers::scope_hint(answer(401, "", {{"WWW-Authenticate", R"(Bearer error="invalid_token", scope="a")"}})) == "");
    CHECK(providers::scope_hint(answer(401, "", {{"WWW-Authenticate", R"(Basic realm="insufficient_scope")"}})) == "");
  }

  TEST_CASE("GitLab insufficient_scope") {
    CHECK(providers::scope_hint(answer(403, R"({"error": "insufficient_scope", "error_description": "The request requires higher privileges than provided by the access token.", "scope": "api read_api"})")) ==
          "the provider says it needs one of: api read_api");
    CHECK(providers::scope_hint(answer(403, R"({"error": "insufficient_scope"})")) ==
          "the provider says the token has insufficient scope");
  }

  TEST_CASE("Slack missing_scope with needed") {
    CHECK(providers::scope_hint(answer(200, R"({"ok": false, "error": "missing_scope", "needed": "chat:write", "provided": "channels:read"})")) ==
          "the provider says it needs scope chat:write");
    CHECK(providers::scope_hint(answer(200, R"({"ok": false, "error": "missing_scope"})")) ==
          "the provider says it needs scope (unnamed)");
  }

  TEST_CASE("Sonar INSUFFICIENT_SCOPE") {
    CHECK(providers::scope_hint(answer(403, R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "This key lacks documents:signed:export"})")) ==
          "the provider says: This key lacks documents:signed:export");
    CHECK(providers::scope_hint(answer(403, R"({"success": false, "code": "INSUFFICIENT_SCOPE"})")) ==
          "the provider says: INSUFFICIENT_SCOPE");
  }

  TEST_CASE("Socket insufficient permissions") {
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "Insufficient permissions for API method getOrgRepoList", "details": null}})")) ==
          "the provider says: Insufficient permissions for API method getOrgRepoList");
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "Organization not found", "details": null}})")) == "");
  }

  TEST_CASE("Stripe's permission text, plain or inside a JSON error") {
    CHECK(providers::scope_hint(answer(403, "Having the 'rak_charge_read' permission would allow this request.")) ==
          "the provider says it needs permission rak_charge_read");
    CHECK(providers::scope_hint(answer(403, R"({"error": {"message": "The provided key 'rk_live_...abc' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_read' permission would allow this request.", "type": "invalid_request_error"}})")) ==
          "the provider says it needs permission rak_charge_read");
    CHECK(providers::scope_hint(answer(403, "Having the 'x' hat would be nice")) == "");
  }

  TEST_CASE("GitHub X-Accepted-OAuth-Scopes") {
    CHECK(providers::scope_hint(answer(404, R"({"message": "Not Found"})", {{"X-Accepted-OAuth-Scopes", "repo, read:org"}})) ==
          "the provider accepts scopes repo, read:org for this request");
    CHECK(providers::scope_hint(answer(403, R"({"message": "Forbidden"})", {{"X-Accepted-OAuth-Scopes", "  "}})) == "");
  }

  TEST_CASE("an unrelated 403 gives no hint") {
    CHECK(providers::scope_hint(answer(403, R"({"message": "Forbidden"})")) == "");
    CHECK(providers::scope_hint(answer(403, "Forbidden")) == "");
    CHECK(providers::scope_hint(answer(403, "")) == "");
    CHECK(providers::scope_hint(answer(403, R"({"error": "access_denied"})")) == "");
    CHECK(providers::scope_hint(answer(403, R"({"code": "FORBIDDEN", "message": "no"})")) == "");
    CHECK(providers::scope_hint(answer(403, "<html><body>403 Forbidden</body></html>")) == "");
    CHECK(providers::scope_hint(answer(403, R"(["insufficient_scope"])")) == "");
  }

  TEST_CASE("a hint from the header wins over one from the body") {
    CHECK(providers::scope_hint(answer(403, R"({"ok": false, "error": "missing_scope", "needed": "b"})",
                                       {{"WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="a")"}})) ==
          "the provider says it needs scope a");
  }
}
