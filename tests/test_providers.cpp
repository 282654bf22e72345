#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "manifest/model.h"
#include "net/http_response.h"
#include "providers/provider.h"
#include "util/strings.h"
#include "util/time.h"
#include "support/check_strings.h"

using namespace scopegate;
using providers::TokenFacts;
using Outcome = providers::TokenFacts::Outcome;

namespace {
using testing::Strings;
using Headers = std::vector<std::pair<std::string, std::string>>;
using Pairs = std::vector<std::pair<std::string, std::string>>;  // granted_by: scope -> claim

net::HttpResponse answer(int status, std::string body, Headers headers = {}) {
  net::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

// Creates the preset's provider the way the engine does and reads one answer.
TokenFacts interpret(std::string_view preset, const net::HttpResponse& response,
                     const manifest::ProviderSpec& spec = {}) {
  const providers::PresetInfo* info = providers::find_preset(preset);
  REQUIRE(info != nullptr);
  const auto provider = info->create(spec);
  REQUIRE(provider != nullptr);
  return provider->interpret(response);
}

TokenFacts interpret(std::string_view preset, int status, std::string body, Headers headers = {}) {
  return interpret(preset, answer(status, std::move(body), std::move(headers)));
}

util::TimePoint at(std::string_view text) {
  const auto time = util::parse_timestamp(text);
  REQUIRE(time.has_value());
  return *time;
}

std::string expiry(const TokenFacts& facts) {
  return facts.expires_at ? util::format_timestamp(*facts.expires_at) : std::string("none");
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string base64url(std::string_view data) {
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

std::string make_jwt(std::string_view claims) {
  return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claims) + "." +
         base64url("not-a-real-signature");
}

manifest::Text text(std::string value) { return manifest::Text{std::move(value), {}}; }

manifest::ProviderSpec generic_pointer(std::string pointer, manifest::SplitMode split) {
  manifest::ProviderSpec spec;
  spec.name = "api";
  spec.preset = text("generic");
  manifest::ScopeLocation where;
  where.json_pointer = text(std::move(pointer));
  where.split = split;
  spec.scopes = where;
  return spec;
}

manifest::ProviderSpec generic_header(std::string header, manifest::SplitMode split) {
  manifest::ProviderSpec spec;
  spec.name = "api";
  spec.preset = text("generic");
  manifest::ScopeLocation where;
  where.header = text(std::move(header));
  where.split = split;
  spec.scopes = where;
  return spec;
}

constexpr const char* kJwtNote =
    "scopes read from the token's own claims without checking its signature; the provider still "
    "decides";
}  // namespace


// ---------------------------------------------------------------------------
TEST_SUITE("providers/registry") {
  TEST_CASE("the preset table lists the eight presets in order") {
    const Strings expected = {"sonar", "socket", "github", "gitlab", "slack", "oauth2", "jwt", "generic"};
    const auto& table = providers::preset_table();
    REQUIRE(table.size() == 8);
    for (std::size_t i = 0; i < table.size(); ++i) {
      CAPTURE(expected[i]);
      CHECK(table[i].name == expected[i]);
      CHECK(static_cast<bool>(table[i].vocabulary));
      CHECK(static_cast<bool>(table[i].create));
      CHECK_FALSE(table[i].summary.empty());
      CHECK_FALSE(table[i].fix_template.empty());
      CHECK(contains(table[i].fix_template, "{scopes}"));
    }
    CHECK_STRINGS(providers::preset_names(), {"sonar", "socket", "github", "gitlab", "slack", "oauth2", "jwt", "generic"});
  }

  TEST_CASE("find_preset finds exact names only") {
    for (const std::string& name : providers::preset_names()) {
      CAPTURE(name);
      const auto* preset = providers::find_preset(name);
      REQUIRE(preset != nullptr);
      CHECK(preset->name == name);
      CHECK(preset == &*std::find_if(providers::preset_table().begin(), providers::preset_table().end(),
                                     [&](const providers::PresetInfo& p) { return p.name == name; }));
      manifest::ProviderSpec spec;
      CHECK(preset->create(spec) != nullptr);
    }
    CHECK(providers::find_preset("nope") == nullptr);
    CHECK(providers::find_preset("") == nullptr);
    CHECK(providers::find_preset("Sonar") == nullptr);
    CHECK(providers::find_preset("sonar ") == nullptr);
    CHECK(providers::find_preset("git") == nullptr);
  }

  TEST_CASE("preset rows carry the defaults the spec describes") {
    const auto* sonar = providers::find_preset("sonar");
    const auto* github = providers::find_preset("github");
    const auto* gitlab = providers::find_preset("gitlab");
    const auto* socket = providers::find_preset("socket");
    const auto* jwt = providers::find_preset("jwt");
    const auto* generic = providers::find_preset("generic");
    const auto* oauth2 = providers::find_preset("oauth2");
    REQUIRE((sonar && github && gitlab && socket && jwt && generic && oauth2));
    CHECK(sonar->needs_base_url);
    CHECK(sonar->default_token_env == "SONAR_API_KEY");
    CHECK(github->default_base_url == "https://api.github.com");
    CHECK(github->default_token_env == "GITHUB_TOKEN");
    CHECK_FALSE(github->needs_base_url);
    CHECK(gitlab->default_base_url == "https://gitlab.com");
    CHECK(socket->default_base_url == "https://api.socket.dev");
    CHECK(socket->default_token_env == "SOCKET_SECURITY_API_KEY");
    CHECK_FALSE(jwt->uses_network);
    CHECK(github->uses_network);
    CHECK(std::find(generic->own_keys.begin(), generic->own_keys.end(), "scopes") != generic->own_keys.end());
    CHECK(std::find(oauth2->own_keys.begin(), oauth2->own_keys.end(), "introspection_url") !=
          oauth2->own_keys.end());
    CHECK(std::find(socket->own_keys.begin(), socket->own_keys.end(), "org") != socket->own_keys.end());
    for (const auto* claim_based : {jwt, oauth2})
      CHECK(std::find(claim_based->own_keys.begin(), claim_based->own_keys.end(), "scope_claims") !=
            claim_based->own_keys.end());
  }

  TEST_CASE("build_vocabulary keeps the preset's vocabulary") {
    const auto* github = providers::find_preset("github");
    REQUIRE(github);
    const scope::Vocabulary vocabulary = providers::build_vocabulary(*github, manifest::ProviderSpec{});
    CHECK(vocabulary.wildcard_separator() == "");
    const auto* repo = vocabulary.implied_by("repo");
    REQUIRE(repo);
    CHECK_STRINGS(*repo, {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"});
    CHECK(vocabulary.is_known("read:org"));
    CHECK_FALSE(vocabulary.is_known("raed:org"));

    const auto* sonar = providers::find_preset("sonar");
    REQUIRE(sonar);
    CHECK(providers::build_vocabulary(*sonar, manifest::ProviderSpec{}).wildcard_separator() == ":");
  }

  TEST_CASE("build_vocabulary merges the manifest's implies and wildcards") {
    manifest::ProviderSpec spec;
    spec.wildcards = text(":");
    spec.implies.push_back({text("repo"), {text("custom:thing"), text("public_repo")}});
    spec.implies.push_back({text("my:admin"), {text("my:read"), text("my:write")}});

    SUBCASE("on a preset with its own implications") {
      const auto* github = providers::find_preset("github");
      REQUIRE(github);
      const scope::Vocabulary vocabulary = providers::build_vocabulary(*github, spec);
      CHECK(vocabulary.wildcard_separator() == ":");
      const auto* repo = vocabulary.implied_by("repo");
      REQUIRE(repo);
      // The preset's list, then the manifest's additions; "public_repo" is not repeated.
      CHECK_STRINGS(*repo, {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events",
                            "custom:thing"});
      const auto* admin = vocabulary.implied_by("my:admin");
      REQUIRE(admin);
      CHECK_STRINGS(*admin, {"my:read", "my:write"});
      const auto* org = vocabulary.implied_by("admin:org");
      REQUIRE(org);
      CHECK(std::find(org->begin(), org->end(), "write:org") != org->end());
    }
    SUBCASE("on an open vocabulary") {
      const auto* generic = providers::find_preset("generic");
      REQUIRE(generic);
      CHECK(providers::build_vocabulary(*generic, manifest::ProviderSpec{}).implied_by("repo") == nullptr);
      const scope::Vocabulary vocabulary = providers::build_vocabulary(*generic, spec);
      CHECK(vocabulary.wildcard_separator() == ":");
      REQUIRE(vocabulary.implied_by("repo"));
      CHECK_STRINGS(*vocabulary.implied_by("repo"), {"custom:thing", "public_repo"});
      CHECK(vocabulary.implied_by("my:read") == nullptr);
      CHECK_FALSE(vocabulary.has_known_names());
    }
    SUBCASE("a manifest separator overrides the preset's") {
      const auto* sonar = providers::find_preset("sonar");
      REQUIRE(sonar);
      manifest::ProviderSpec dotted;
      dotted.wildcards = text(".");
      CHECK(providers::build_vocabulary(*sonar, dotted).wildcard_separator() == ".");
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/sonar") {
  TEST_CASE("a success lists the key's scopes, name and prefix") {
    const auto facts = interpret(
        "sonar", 200,
        R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read", "documents:generated:read"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.error.empty());
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"documents:signed:read", "documents:generated:read"});
    CHECK(facts.key_name == std::optional<std::string>("CI key"));
    CHECK(facts.key_prefix == std::optional<std::string>("sk_live"));
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK(facts.unverifiable_reason.empty());
    CHECK(facts.notes.empty());
  }

  TEST_CASE("an empty scope list is a complete, empty list") {
    const auto facts = interpret("sonar", 200, R"({"scopes": []})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK_FALSE(facts.key_name);
    CHECK_FALSE(facts.key_prefix);
  }

  TEST_CASE("an expiry is read when the answer has one") {
    SUBCASE("timestamp") {
      const auto facts = interpret("sonar", 200, R"({"scopes": ["a"], "expiresAt": "2026-12-31T00:00:00Z"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
    }
    SUBCASE("unreadable expiry is a note, not a failure") {
      const auto facts = interpret("sonar", 200, R"({"scopes": ["a"], "expiresAt": "soon"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/expiresAt\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
    }
  }

  TEST_CASE("INVALID_API_KEY at 401 rejects the key") {
    const auto facts =
        interpret("sonar", 401, R"({"success": false, "code": "INVALID_API_KEY", "message": "Invalid API key"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Sonar rejected the key: INVALID_API_KEY (Invalid API key)");
    CHECK(facts.granted.empty());
    CHECK_FALSE(facts.scopes_listed);
  }

  TEST_CASE("rejection codes reject the key at any status") {
    for (const char* code : {"INVALID_API_KEY", "REVOKED_API_KEY", "EXPIRED_API_KEY"}) {
      for (int status : {200, 400, 401, 403, 500}) {
        CAPTURE(std::string(code));
        CAPTURE(status);
        const auto facts =
            interpret("sonar", status, std::string(R"({"success": false, "code": ")") + code + R"("})");
        CHECK(facts.outcome == Outcome::kRejected);
        CHECK(facts.error == std::string("Sonar rejected the key: ") + code);
      }
    }
  }

  TEST_CASE("a 401 without a rejection code still rejects") {
    SUBCASE("json body") {
      const auto facts = interpret("sonar", 401, R"({"message": "Unauthorized"})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: Unauthorized)");
    }
    SUBCASE("empty body") {
      const auto facts = interpret("sonar", 401, "");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401)");
    }
  }

  TEST_CASE("other failures are errors naming the status") {
    SUBCASE("429 with Sonar's error body") {
      const auto facts = interpret("sonar", 429,
                                   R"({"success": false, "code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"})",
                                   {{"Retry-After", "30"}});
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 429: Too many requests");
    }
    SUBCASE("503 with an HTML page") {
      const auto facts = interpret("sonar", 503, "<html><body>Service Unavailable</body></html>");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 503");
    }
    SUBCASE("503 with a short text body") {
      const auto facts = interpret("sonar", 503, "upstream connect error\n");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 503: upstream connect error");
    }
    SUBCASE("403 INSUFFICIENT_SCOPE is not a rejection") {
      const auto facts =
          interpret("sonar", 403, R"({"success": false, "code": "INSUFFICIENT_SCOPE", "message": "no"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 403: no");
    }
    SUBCASE("a redirect is not a success") {
      const auto facts = interpret("sonar", 302, "");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 302");
    }
  }

  TEST_CASE("invalid JSON in a success is an error") {
    for (const char* body : {"", "not json", "{\"scopes\": [\"a\"", "{\"scopes\": [\"a\"]} trailing"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("sonar", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("answers of the wrong shape are errors") {
    const struct {
      const char* body;
      const char* error;
    } cases[] = {
        {R"({"scopes": "x"})", R"(cannot read Sonar's answer: "/scopes" is a string, expected a list of scopes)"},
        {R"({"scopes": [1, 2]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 0)"},
        {R"({"scopes": ["a", null]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 1)"},
        {R"({"scopes": ["a", ["b"]]})", R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 1)"},
        {R"({"scopes": {"a": true}})", R"(cannot read Sonar's answer: "/scopes" is not a list of scopes)"},
        {R"({"scopes": 7})", R"(cannot read Sonar's answer: "/scopes" is not a list of scopes)"},
        {R"({"scopes": null})", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"({"name": "CI key"})", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"(["a", "b"])", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
        {R"("scopes")", R"(cannot read Sonar's answer: the answer has no "/scopes")"},
    };
    for (const auto& c : cases) {
      CAPTURE(std::string(c.body));
      const auto facts = interpret("sonar", 200, c.body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == c.error);
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("deeply nested answers fail cleanly") {
    SUBCASE("nesting within the parser's limit is read as a wrong shape") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(50) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read Sonar's answer: "/scopes" holds a non-string at index 0)");
    }
    SUBCASE("100 levels") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(100) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK_FALSE(facts.error.empty());
      CHECK(facts.granted.empty());
    }
    SUBCASE("10000 levels of arrays") {
      const auto facts = interpret("sonar", 200, R"({"scopes": [)" + nested_arrays(10000) + "]}");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("10000 levels of objects") {
      std::string body;
      for (int i = 0; i < 10000; ++i) body += R"({"a":)";
      body += "1" + std::string(10000, '}');
      const auto facts = interpret("sonar", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("10000 levels in an error answer") {
      const auto facts = interpret("sonar", 401, nested_arrays(10000));
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401)");
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/github") {
  TEST_CASE("a classic token lists its scopes in X-OAuth-Scopes") {
    const auto facts = interpret("github", 200, R"({"login": "octocat", "id": 1})",
                                 {{"X-OAuth-Scopes", "repo, read:org, gist"},
                                  {"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo", "read:org", "gist"});
    CHECK(facts.expiry_known);
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at == at("2026-12-01T12:00:00Z"));
    CHECK(facts.account == std::optional<std::string>("octocat"));
    CHECK(facts.unverifiable_reason.empty());
    CHECK(facts.notes.empty());
  }

  TEST_CASE("header names are case-insensitive (HTTP/2 sends them in lower case)") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"x-oauth-scopes", "repo"},
                                  {"github-authentication-token-expiration", "2027-01-02 03:04:05 UTC"}});
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK(expiry(facts) == "2027-01-02T03:04:05Z");
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("a classic token without an expiry header never expires") {
    const auto facts = interpret("github", 200, R"({"login": "octocat"})", {{"X-OAuth-Scopes", "repo, workflow"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.granted, {"repo", "workflow"});
  }

  TEST_CASE("an empty X-OAuth-Scopes header is a token with no scopes") {
    const auto facts = interpret("github", 200, "{}", {{"X-OAuth-Scopes", ""}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("without X-OAuth-Scopes the scopes cannot be listed") {
    SUBCASE("no expiry either") {
      const auto facts = interpret("github", 200, R"({"login": "octocat"})");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(contains(facts.unverifiable_reason, "fine-grained"));
      CHECK(contains(facts.unverifiable_reason, "X-OAuth-Scopes"));
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
      CHECK(facts.account == std::optional<std::string>("octocat"));
    }
    SUBCASE("a fine-grained token with an expiry") {
      const auto facts = interpret("github", 200, "{}",
                                   {{"GitHub-Authentication-Token-Expiration", "2026-12-01 12:00:00 UTC"}});
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-01T12:00:00Z");
    }
  }

  TEST_CASE("an unreadable expiry header is a note") {
    const auto facts = interpret("github", 200, "{}",
                                 {{"X-OAuth-Scopes", "repo"}, {"GitHub-Authentication-Token-Expiration", "someday"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
    CHECK_STRINGS(facts.notes, {"cannot read the token expiry \"someday\""});
  }

  TEST_CASE("a body that is not JSON does not matter") {
    const auto facts = interpret("github", 200, "<html>", {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"repo"});
    CHECK_FALSE(facts.account);
  }

  TEST_CASE("401 Bad credentials rejects the token") {
    const auto facts = interpret(
        "github", 401,
        R"({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the provider rejected the token (HTTP 401: Bad credentials)");
  }

  TEST_CASE("403 rate limiting is an error") {
    const auto facts = interpret("github", 403, R"({"message": "API rate limit exceeded for user ID 1."})",
                                 {{"X-OAuth-Scopes", "repo"}});
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "the provider answered HTTP 403: API rate limit exceeded for user ID 1.");
    CHECK(facts.granted.empty());
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/gitlab") {
  TEST_CASE("an active token lists its scopes, name and expiry date") {
    const auto facts = interpret(
        "gitlab", 200,
        R"({"id": 4, "name": "ci", "revoked": false, "created_at": "2026-01-01T00:00:00.000Z",
            "scopes": ["api", "read_repository"], "user_id": 3, "last_used_at": null, "active": true,
            "expires_at": "2026-12-31"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"api", "read_repository"});
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-12-31T00:00:00Z");
    CHECK(facts.notes.empty());
  }

  TEST_CASE("expires_at null means the token never expires") {
    const auto facts =
        interpret("gitlab", 200, R"({"name": "ci", "revoked": false, "active": true, "scopes": ["api"], "expires_at": null})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("no expires_at member leaves the expiry unknown") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("a far-future expiry stays in the future") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"], "expires_at": "9999-12-31"})");
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "9999-12-31T00:00:00Z");
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at > at("2026-11-22T12:00:00Z"));
  }

  TEST_CASE("an unreadable expiry is a note") {
    const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": ["api"], "expires_at": "2026-02-30"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.expiry_known);
    CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/expires_at\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
  }

  TEST_CASE("revoked or inactive tokens are rejected") {
    SUBCASE("revoked") {
      const auto facts =
          interpret("gitlab", 200, R"({"name": "ci", "revoked": true, "active": true, "scopes": ["api"]})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is revoked");
    }
    SUBCASE("inactive") {
      const auto facts =
          interpret("gitlab", 200, R"({"name": "ci", "revoked": false, "active": false, "scopes": ["api"]})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "GitLab says the token is not active (expired or revoked)");
    }
    SUBCASE("401") {
      const auto facts = interpret("gitlab", 401, R"({"message": "401 Unauthorized"})");
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: 401 Unauthorized)");
    }
  }

  TEST_CASE("non-boolean revoked/active values are not read as rejections") {
    const auto facts =
        interpret("gitlab", 200, R"({"revoked": "true", "active": 0, "scopes": ["read_api"]})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read_api"});
  }

  TEST_CASE("bad answers are errors") {
    SUBCASE("invalid JSON") {
      const auto facts = interpret("gitlab", 200, "{");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("scopes as a string") {
      const auto facts = interpret("gitlab", 200, R"({"active": true, "scopes": "api"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read GitLab's answer: "/scopes" is a string, expected a list of scopes)");
    }
    SUBCASE("no scopes") {
      const auto facts = interpret("gitlab", 200, R"({"active": true})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read GitLab's answer: the answer has no "/scopes")");
    }
    SUBCASE("server error") {
      const auto facts = interpret("gitlab", 500, R"({"message": "500 Internal Server Error"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 500: 500 Internal Server Error");
    }
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/slack") {
  TEST_CASE("ok: true with x-oauth-scopes lists the scopes") {
    const auto facts = interpret("slack", 200,
                                 R"({"ok": true, "url": "https://acme.slack.com/", "team": "Acme", "user": "ci-bot",
                                     "team_id": "T1", "user_id": "U1"})",
                                 {{"x-oauth-scopes", "chat:write,channels:read"}});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"chat:write", "channels:read"});
    CHECK(facts.account == std::optional<std::string>("ci-bot on Acme"));
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("ok: true without the header cannot list scopes") {
    const auto facts = interpret("slack", 200, R"({"ok": true, "user": "ci-bot"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "Slack sent no x-oauth-scopes header with this answer");
    CHECK(facts.account == std::optional<std::string>("ci-bot"));
  }

  TEST_CASE("ok: false with an auth error rejects the token at HTTP 200") {
    for (const char* code : {"invalid_auth", "token_revoked", "token_expired", "account_inactive", "not_authed"}) {
      CAPTURE(std::string(code));
      const auto facts = interpret("slack", 200, std::string(R"({"ok": false, "error": ")") + code + R"("})",
                                   {{"x-oauth-scopes", "chat:write"}});
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == std::string("Slack rejected the token: ") + code);
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("ok: false with any other error is an error") {
    SUBCASE("ratelimited") {
      const auto facts = interpret("slack", 200, R"({"ok": false, "error": "ratelimited"})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack answered ok: false (ratelimited)");
    }
    SUBCASE("no error code") {
      const auto facts = interpret("slack", 200, R"({"ok": false})");
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack answered ok: false (unknown_error)");
    }
  }

  TEST_CASE("answers without a boolean ok are errors") {
    for (const char* body : {R"({})", R"({"ok": "true"})", R"({"ok": 1})", R"([true])", R"("ok")"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("slack", 200, body, {{"x-oauth-scopes", "chat:write"}});
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "Slack's answer has no \"ok\" field");
    }
    const auto invalid = interpret("slack", 200, "ok");
    CHECK(invalid.outcome == Outcome::kError);
    CHECK(invalid.error.starts_with("the answer is not valid JSON ("));
  }

  TEST_CASE("HTTP failures follow the status") {
    const auto limited = interpret("slack", 429, "", {{"Retry-After", "1"}});
    CHECK(limited.outcome == Outcome::kError);
    CHECK(limited.error == "the provider answered HTTP 429");
    const auto unauthorized = interpret("slack", 401, "");
    CHECK(unauthorized.outcome == Outcome::kRejected);
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/oauth2") {
  TEST_CASE("an active token lists its space-separated scopes and expiry") {
    const auto facts = interpret(
        "oauth2", 200,
        R"({"active": true, "scope": "read write", "exp": 1767225600, "client_id": "ci-client", "username": "alice", "sub": "u-1"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.expiry_known);
    REQUIRE(facts.expires_at);
    CHECK(*facts.expires_at == util::from_unix_seconds(1767225600));
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.key_name == std::optional<std::string>("ci-client"));
    CHECK(facts.account == std::optional<std::string>("alice"));
  }

  TEST_CASE("extra spaces in scope and sub as the account") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "scope": "  read   write ", "sub": "u-1"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(facts.account == std::optional<std::string>("u-1"));
    CHECK_FALSE(facts.key_name);
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("an answer without scope leaves the scopes unknown, not empty (RFC 7662: scope is optional)") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "client_id": "ci"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "the introspection answer carries none of the claims scope, scp, permissions, "
                                       "roles; name the claim with scope_claims:");
  }

  TEST_CASE("active: false rejects the token") {
    const auto facts = interpret("oauth2", 200, R"({"active": false})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "the authorization server says the token is not active");
  }

  TEST_CASE("a missing or non-boolean active is an error") {
    for (const char* body : {R"({"scope": "read"})", R"({"active": "true", "scope": "read"})", R"({"active": 1})",
                             R"([{"active": true}])", "null"}) {
      CAPTURE(std::string(body));
      const auto facts = interpret("oauth2", 200, body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the introspection answer has no boolean \"active\" (RFC 7662)");
    }
  }

  TEST_CASE("a scope of the wrong type is an error naming the claim") {
    const auto facts = interpret("oauth2", 200, R"({"active": true, "scope": 5})");
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot read the introspection answer: the claim 'scope' is a number, not a list of scopes "
                         "(an array of strings or a space-separated string)");
  }

  TEST_CASE("RFC 7662 servers that send scope as an array and exp as a string of digits") {
    const auto facts =
        interpret("oauth2", 200, R"({"active": true, "scope": ["orders:read", "orders:write"], "exp": "4102444800"})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"orders:read", "orders:write"});
    CHECK(facts.granted_by == Pairs{{"orders:read", "scope"}, {"orders:write", "scope"}});
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2100-01-01T00:00:00Z");
    CHECK(facts.notes.empty());
  }

  TEST_CASE("introspection answers with Auth0 permissions or Entra roles, and scope_claims") {
    const auto auth0 = interpret("oauth2", 200, R"({"active": true, "permissions": ["export:reports"]})");
    CHECK_STRINGS(auth0.granted, {"export:reports"});
    CHECK(auth0.granted_by == Pairs{{"export:reports", "permissions"}});
    manifest::ProviderSpec spec;
    spec.scope_claims = {text("/realm_access/roles"), text("scope")};
    const auto keycloak = interpret(
        "oauth2", answer(200, R"({"active": true, "scope": "email", "realm_access": {"roles": ["deploy"]}})"), spec);
    CHECK_STRINGS(keycloak.granted, {"deploy", "email"});
    CHECK_STRINGS(keycloak.scope_claims, {"/realm_access/roles", "scope"});
  }

  TEST_CASE("an implausible exp is a note") {
    for (const char* exp : {"-5", R"("-5")", R"("12e3")", R"("")", R"("99999999999999")"}) {
      CAPTURE(exp);
      const auto facts =
          interpret("oauth2", 200, std::string(R"({"active": true, "scope": "read", "exp": )") + exp + "}");
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
      CHECK(facts.expiry_problem == "cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)");
    }
  }

  TEST_CASE("HTTP failures follow the status, and a 401 refuses the client, not the token (RFC 7662 2.3)") {
    manifest::ProviderSpec spec;
    spec.client_id_env = manifest::Text{"CLIENT_ID", {}};
    spec.client_secret_env = manifest::Text{"CLIENT_SECRET", {}};
    const auto unauthorized = interpret("oauth2", answer(401, R"({"error": "invalid_client"})"), spec);
    CHECK(unauthorized.outcome == Outcome::kError);
    CHECK(unauthorized.error == "the authorization server refused scopegate's client credentials (HTTP 401: "
                                "invalid_client), so the token was not checked; check the client id and secret in "
                                "CLIENT_ID and CLIENT_SECRET (client_id_env, client_secret_env)");
    const auto broken = interpret("oauth2", 500, R"({"error": "server_error", "error_description": "boom"})");
    CHECK(broken.outcome == Outcome::kError);
    CHECK(broken.error == "the provider answered HTTP 500: boom");
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/jwt") {
  TEST_CASE("the test's base64url encoder matches known values") {
    CHECK(base64url("") == "");
    CHECK(base64url("f") == "Zg");
    CHECK(base64url("fo") == "Zm8");
    CHECK(base64url("foo") == "Zm9v");
    CHECK(base64url("\xfb\xff") == "-_8");
  }

  TEST_CASE("a compact JWT with a scope string") {
    // "~~~?" encodes with '-' and '_' in base64url, so the URL-safe alphabet is exercised.
    const std::string claims =
        R"({"sub":"svc-ci","scope":"read:org write:org","exp":1767225600,"client_id":"app-1","pad":"~~~???>>>"})";
    const std::string token = make_jwt(claims);
    REQUIRE(base64url(claims).find_first_of("-_") != std::string::npos);
    const auto facts = interpret("jwt", 200, token);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"read:org", "write:org"});
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.account == std::optional<std::string>("svc-ci"));
    CHECK(facts.key_name == std::optional<std::string>("app-1"));
    CHECK_STRINGS(facts.notes, {kJwtNote});
  }

  TEST_CASE("a compact JWT with an scp array") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scp":["Files.Read","User.Read"],"azp":"client-9"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"Files.Read", "User.Read"});
    CHECK(facts.key_name == std::optional<std::string>("client-9"));
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("an scp string is space separated") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scp":"a b"})"));
    CHECK_STRINGS(facts.granted, {"a", "b"});
  }

  TEST_CASE("scope and scp together grant the union of both") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":"one","scp":["two","one"]})"));
    CHECK_STRINGS(facts.granted, {"one", "two"});
    CHECK_STRINGS(facts.scope_claims, {"scope", "scp"});
  }

  TEST_CASE("surrounding whitespace and base64 padding are tolerated") {
    const std::string claims = R"({"scope":"x"})";  // 13 bytes: padding would be "=="
    const std::string token = base64url("{}") + "." + base64url(claims) + "==" + ".sig";
    const auto facts = interpret("jwt", 200, "  " + token + "\n");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"x"});
  }

  TEST_CASE("claims given as a JSON object") {
    const auto facts =
        interpret("jwt", 200, R"(  {"scope": "read write", "exp": 1767225600, "sub": "alice"})" "\n");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"read", "write"});
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    CHECK(facts.account == std::optional<std::string>("alice"));
  }

  TEST_CASE("no scope claim leaves the scopes unverifiable") {
    for (const std::string& body : {make_jwt(R"({"sub":"svc","exp":1767225600})"), std::string(R"({"sub":"svc"})")}) {
      CAPTURE(body);
      const auto facts = interpret("jwt", 200, body);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(facts.unverifiable_reason ==
            "the JWT carries none of the claims scope, scp, permissions, roles; name the claim with scope_claims:");
      CHECK_STRINGS(facts.notes, {kJwtNote});
    }
  }

  TEST_CASE("garbage is an error") {
    const std::string not_a_jwt = "the token is not a JWT (expected three base64url parts separated by dots)";
    const std::string bad_payload = "the JWT payload is not a JSON object";
    const struct {
      std::string body;
      std::string error;
    } cases[] = {
        {"not-a-jwt", not_a_jwt},
        {"", not_a_jwt},
        {"only.two", not_a_jwt},
        {"a.b!c.d", not_a_jwt},
        {"a." + base64url("not json") + ".c", bad_payload},
        {"a." + base64url("[1,2]") + ".c", bad_payload},
        {"a..c", bad_payload},
    };
    for (const auto& c : cases) {
      CAPTURE(c.body);
      const auto facts = interpret("jwt", 200, c.body);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == c.error);
    }
    const auto broken_json = interpret("jwt", 200, "{\"scope\": ");
    CHECK(broken_json.outcome == Outcome::kError);
    CHECK(broken_json.error.starts_with("the answer is not valid JSON ("));
  }

  TEST_CASE("a scope claim of the wrong type is an error naming the claim") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":42})"));
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "cannot read the JWT's scopes: the claim 'scope' is a number, not a list of scopes (an "
                         "array of strings or a space-separated string)");
    const auto roles = interpret("jwt", 200, make_jwt(R"({"scp":"a","roles":{"admin":true}})"));
    CHECK(roles.outcome == Outcome::kError);
    CHECK(contains(roles.error, "the claim 'roles' is an object"));
  }

  TEST_CASE("Auth0: API permissions in the permissions array count, and say which claim granted them") {
    const auto facts = interpret("jwt", 200,
                                 make_jwt(R"({"scope":"openid","permissions":["export:reports"],"azp":"ci-app"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"openid", "export:reports"});
    CHECK(facts.granted_by == Pairs{{"openid", "scope"}, {"export:reports", "permissions"}});
    CHECK_STRINGS(facts.scope_claims, {"scope", "permissions"});
  }

  TEST_CASE("Entra ID app-only: application permissions in roles, no scp") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"roles":["Reports.Read.All"],"appid":"a-1","oid":"o-1"})"));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"Reports.Read.All"});
    CHECK(facts.granted_by == Pairs{{"Reports.Read.All", "roles"}});
  }

  TEST_CASE("Okta's scp array and Keycloak's scope string") {
    const auto okta = interpret("jwt", 200, make_jwt(R"({"scp":["orders.read","orders.write"],"cid":"0oa1"})"));
    CHECK_STRINGS(okta.granted, {"orders.read", "orders.write"});
    CHECK(okta.granted_by == Pairs{{"orders.read", "scp"}, {"orders.write", "scp"}});
    const auto keycloak = interpret("jwt", 200, make_jwt(R"({"scope":"profile email orders:read","azp":"ci"})"));
    CHECK_STRINGS(keycloak.granted, {"profile", "email", "orders:read"});
    CHECK_STRINGS(keycloak.scope_claims, {"scope"});
  }

  TEST_CASE("scope_claims replaces the defaults: Keycloak realm roles by JSON pointer") {
    manifest::ProviderSpec spec;
    spec.scope_claims = {text("/realm_access/roles")};
    const std::string token = make_jwt(R"({"scope":"profile","realm_access":{"roles":["deploy"]}})");
    const auto facts = interpret("jwt", answer(200, token), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"deploy"});
    CHECK(facts.granted_by == Pairs{{"deploy", "/realm_access/roles"}});
    const auto absent = interpret("jwt", answer(200, make_jwt(R"({"scope":"profile"})")), spec);
    CHECK_FALSE(absent.scopes_listed);
    CHECK(absent.unverifiable_reason == "the JWT carries no claim /realm_access/roles (scope_claims:)");
  }

  TEST_CASE("exp as a string of digits is Unix seconds, and a missing exp is said") {
    const auto facts = interpret("jwt", 200, make_jwt(R"({"scope":"a","exp":"1767225600"})"));
    CHECK(facts.expiry_known);
    CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
    const auto none = interpret("jwt", 200, make_jwt(R"({"scope":"a"})"));
    CHECK_FALSE(none.expiry_known);
    CHECK(none.expiry_problem == "the JWT has no exp claim");
    const auto garbled = interpret("jwt", 200, make_jwt(R"({"scope":"a","exp":"soon"})"));
    CHECK_FALSE(garbled.expiry_known);
    CHECK(garbled.expiry_problem == "cannot read the expiry \"/exp\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)");
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/socket") {
  TEST_CASE("the quota answer proves the token is accepted, not its scopes") {
    const auto facts = interpret("socket", 200, R"({"quota": 1000})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason ==
          "Socket has no endpoint that lists a token's scopes; only a probe request can prove one");
    CHECK_FALSE(facts.expiry_known);
  }

  TEST_CASE("failures") {
    const auto unauthorized = interpret("socket", 401, R"({"error": {"message": "Invalid API token", "details": null}})");
    CHECK(unauthorized.outcome == Outcome::kRejected);
    CHECK(unauthorized.error == "the provider rejected the token (HTTP 401: Invalid API token)");
    const auto limited = interpret("socket", 429, R"({"error": {"message": "Too many requests"}})");
    CHECK(limited.outcome == Outcome::kError);
    CHECK(limited.error == "the provider answered HTTP 429: Too many requests");
    const auto garbled = interpret("socket", 200, "<html>");
    CHECK(garbled.outcome == Outcome::kError);
    CHECK(garbled.error.starts_with("the answer is not valid JSON ("));
  }
}

// ---------------------------------------------------------------------------
TEST_SUITE("providers/generic") {
  TEST_CASE("a JSON pointer to an array") {
    const auto spec = generic_pointer("/data/scopes", manifest::SplitMode::kJsonArray);
    const auto facts = interpret("generic", answer(200, R"({"data": {"scopes": ["a:read", "b:write"]}})"), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"a:read", "b:write"});
    CHECK(facts.unverifiable_reason.empty());
  }

  TEST_CASE("the empty pointer is the whole answer") {
    const auto spec = generic_pointer("", manifest::SplitMode::kJsonArray);
    const auto facts = interpret("generic", answer(200, R"(["x", "y"])"), spec);
    CHECK_STRINGS(facts.granted, {"x", "y"});
    const auto wrong = interpret("generic", answer(200, R"({"x": 1})"), spec);
    CHECK(wrong.outcome == Outcome::kError);
    CHECK(wrong.error == "cannot read the scopes: the answer is not a list of scopes");
  }

  TEST_CASE("split modes for a string") {
    SUBCASE("none: a string is an error") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, R"({"scopes": "a b"})"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read the scopes: "/scopes" is a string, expected a list of scopes)");
    }
    SUBCASE("space") {
      const auto spec = generic_pointer("/scope", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, R"({"scope": " read\twrite  admin:org "})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_STRINGS(facts.granted, {"read", "write", "admin:org"});
    }
    SUBCASE("space does not split on commas") {
      const auto spec = generic_pointer("/scope", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, R"({"scope": "a,b c"})"), spec);
      CHECK_STRINGS(facts.granted, {"a,b", "c"});
    }
    SUBCASE("comma") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, R"({"scopes": "a, b,c,,"})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_STRINGS(facts.granted, {"a", "b", "c"});
    }
    SUBCASE("a split mode still accepts an array") {
      const auto spec = generic_pointer("/scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, R"({"scopes": ["a b", "c"]})"), spec);
      CHECK_STRINGS(facts.granted, {"a b", "c"});
    }
  }

  TEST_CASE("header mode") {
    SUBCASE("default split reads commas and spaces") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, "not json", {{"x-scopes", "a, b c"}}), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.scopes_listed);
      CHECK_STRINGS(facts.granted, {"a", "b", "c"});
    }
    SUBCASE("comma") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kComma);
      const auto facts = interpret("generic", answer(200, "{}", {{"X-Scopes", "a,b"}}), spec);
      CHECK_STRINGS(facts.granted, {"a", "b"});
    }
    SUBCASE("space keeps commas inside names") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kSpace);
      const auto facts = interpret("generic", answer(200, "{}", {{"X-Scopes", "a,b c"}}), spec);
      CHECK_STRINGS(facts.granted, {"a,b", "c"});
    }
    SUBCASE("a missing header is an error") {
      const auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
      const auto facts = interpret("generic", answer(200, R"({"scopes": ["a"]})", {{"X-Other", "a"}}), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the answer has no X-Scopes header");
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("key name, key prefix and expiry pointers") {
    auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
    spec.key_name = text("/key/name");
    spec.key_prefix = text("/key/prefix");
    spec.expires_at = text("/key/expires");
    SUBCASE("all present") {
      const auto facts = interpret(
          "generic",
          answer(200, R"({"scopes": ["a"], "key": {"name": "deploy", "prefix": "pk_", "expires": "2026-12-01T12:00:00+01:00"}})"),
          spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK(facts.key_name == std::optional<std::string>("deploy"));
      CHECK(facts.key_prefix == std::optional<std::string>("pk_"));
      CHECK(facts.expiry_known);
      CHECK(expiry(facts) == "2026-12-01T11:00:00Z");
    }
    SUBCASE("unix seconds") {
      const auto facts =
          interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": 1767225600}})"), spec);
      CHECK(expiry(facts) == "2026-01-01T00:00:00Z");
      CHECK_FALSE(facts.key_name);
      CHECK_FALSE(facts.key_prefix);
    }
    SUBCASE("null expiry never expires") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": null}})"), spec);
      CHECK(facts.expiry_known);
      CHECK_FALSE(facts.expires_at);
    }
    SUBCASE("absent expiry is unknown, non-string names are ignored") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"name": 5}})"), spec);
      CHECK_FALSE(facts.expiry_known);
      CHECK_FALSE(facts.key_name);
    }
    SUBCASE("unreadable expiry is a note") {
      const auto facts = interpret("generic", answer(200, R"({"scopes": [], "key": {"expires": true}})"), spec);
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.expiry_known);
      CHECK_STRINGS(facts.notes, {"cannot read the expiry \"/key/expires\" (expected Unix seconds, as a number or a string of digits, or an ISO 8601 time)"});
    }
  }

  TEST_CASE("header mode also reads pointers from a JSON body") {
    auto spec = generic_header("X-Scopes", manifest::SplitMode::kJsonArray);
    spec.key_name = text("/name");
    const auto facts = interpret("generic", answer(200, R"({"name": "ci"})", {{"X-Scopes", "a"}}), spec);
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    CHECK_STRINGS(facts.granted, {"a"});
  }

  TEST_CASE("without a scope location only probes can prove scopes") {
    manifest::ProviderSpec spec;
    spec.key_name = text("/name");
    const auto facts = interpret("generic", answer(200, R"({"name": "ci", "scopes": ["a"]})"), spec);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_FALSE(facts.scopes_listed);
    CHECK(facts.granted.empty());
    CHECK(facts.unverifiable_reason == "the provider declares no scope list; only probes can prove scopes");
    CHECK(facts.key_name == std::optional<std::string>("ci"));
    // A body that is not JSON is fine when nothing needs to be read from it.
    const auto plain = interpret("generic", answer(204, ""), spec);
    CHECK(plain.outcome == Outcome::kAccepted);
    CHECK_FALSE(plain.key_name);
  }

  TEST_CASE("errors") {
    const auto spec = generic_pointer("/scopes", manifest::SplitMode::kJsonArray);
    SUBCASE("invalid JSON with a pointer") {
      const auto facts = interpret("generic", answer(200, "scopes: a"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
    SUBCASE("missing member") {
      const auto facts = interpret("generic", answer(200, R"({"other": []})"), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == R"(cannot read the scopes: the answer has no "/scopes")");
    }
    SUBCASE("401 rejects") {
      const auto facts = interpret("generic", answer(401, R"({"error": {"message": "bad token"}})"), spec);
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == "the provider rejected the token (HTTP 401: bad token)");
    }
    SUBCASE("500 is an error") {
      const auto facts = interpret("generic", answer(500, ""), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error == "the provider answered HTTP 500");
    }
    SUBCASE("deep nesting") {
      const auto facts = interpret("generic", answer(200, nested_arrays(10000)), spec);
      CHECK(facts.outcome == Outcome::kError);
      CHECK(facts.error.starts_with("the answer is not valid JSON ("));
    }
  }
}
