#include <doctest/doctest.h>

#include <algorithm>

#include "engine/verdict.h"
#include "manifest/loader.h"
#include "support/fakes.h"
#include "util/time.h"
#include "support/load_options.h"

using namespace scopegate;
using engine::FeatureStatus;
using engine::ProviderStatus;

namespace {
// A manifest plus the evidence each provider gave, evaluated in one call.
struct Scenario {
  manifest::Manifest manifest;
  std::map<std::string, engine::ResolvedProvider> resolved;
  std::map<std::string, engine::Evidence> evidence;
  testing::FakeEnvironment environment;
  engine::EvaluateOptions options;

  explicit Scenario(const std::string& yaml) {
    manifest::Diagnostics diagnostics;
    REQUIRE(manifest::parse_manifest("m.yaml", yaml, scopegate::testing::load_options(), &manifest, &diagnostics));
    for (const manifest::ProviderSpec& spec : manifest.providers) {
      engine::ResolvedProvider provider;
      provider.spec = &spec;
      provider.preset = providers::find_preset(spec.preset.value);
      provider.vocabulary = providers::build_vocabulary(*provider.preset, spec);
      provider.token_page = "https://example.com/tokens";
      resolved.emplace(spec.name, std::move(provider));
    }
    options.now = *util::parse_timestamp("2026-11-22T12:00:00Z");
  }

  void grant(const std::string& provider, std::vector<std::string> scopes) {
    engine::Evidence said;
    said.facts.scopes_listed = true;
    said.facts.granted = std::move(scopes);
    evidence[provider] = said;
  }

  engine::Report run(std::vector<std::string> only = {}) const {
    engine::Problems problems;
    const auto features = engine::select_features(manifest, only, environment, &problems);
    REQUIRE_FALSE(problems.has_errors());
    return engine::evaluate(manifest, features, resolved, evidence, options);
  }
};

const engine::FeatureResult& feature(const engine::Report& report, const std::string& name) {
  for (const auto& f : report.features)
    if (f.name == name) return f;
  FAIL("no feature " << name);
  return report.features.front();
}

const char* kSonar = R"(version: 1
providers:
  sonar: {preset: sonar, base_url: "https://s.example"}
features:
  read: {requires: [documents:signed:read]}
  export:
    requires:
      all: [documents:signed:export]
      any: [documents:generated:read, documents:uploaded:read]
    hint: Ask an admin.
  archive:
    requires: [documents:uploaded:delete]
    optional: true
  nightly:
    requires: [documents:generated:delete]
    when: {env: NIGHTLY}
)";
}  // namespace

TEST_SUITE("engine.verdict") {
  TEST_CASE("all granted: exit 0, every feature ok, skipped stays skipped") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:*"});
    const engine::Report report = s.run();
    CHECK(report.exit_code == 0);
    CHECK(report.ok());
    CHECK(feature(report, "read").status == FeatureStatus::kOk);
    CHECK(feature(report, "export").status == FeatureStatus::kOk);
    CHECK(feature(report, "nightly").status == FeatureStatus::kSkipped);
    CHECK(feature(report, "nightly").reason == "NIGHTLY is not set");
    CHECK(report.missing.empty());
  }

  TEST_CASE("a missing scope: exit 1, the scope, its feature, label, hint and fix") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:read", "documents:uploaded:read", "documents:uploaded:delete"});
    s.evidence["sonar"].facts.key_name = "CI key";
    s.evidence["sonar"].facts.key_prefix = "sk_live";
    const engine::Report report = s.run();
    CHECK(report.exit_code == 1);
    const auto& exp = feature(report, "export");
    CHECK(exp.status == FeatureStatus::kMissing);
    CHECK(engine::scope_names(exp.missing) == std::vector<std::string>{"documents:signed:export"});
    CHECK(exp.hint == "Ask an admin.");
    CHECK(exp.fix == "add documents:signed:export to key 'CI key' (sk_live...) at https://example.com/tokens");
    REQUIRE(report.missing.size() == 1);
    CHECK(report.missing[0].scope == "documents:signed:export");
    CHECK(report.missing[0].label == std::optional<std::string>("Documents / Signed / Export"));
    CHECK(report.missing[0].features == std::vector<std::string>{"export"});
    CHECK(report.missing[0].where.line == 8);
    CHECK(report.providers.at(0).fix == exp.fix);
  }

  TEST_CASE("an unmet any-group is one entry 'a | b'") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:read", "documents:signed:export", "documents:uploaded:delete"});
    const engine::Report report = s.run();
    const auto& exp = feature(report, "export");
    CHECK(engine::scope_names(exp.missing) == std::vector<std::string>{"documents:generated:read | documents:uploaded:read"});
    CHECK(exp.fix == "add (documents:generated:read or documents:uploaded:read) to the key at https://example.com/tokens");
    CHECK(report.missing.at(0).scope == "documents:generated:read | documents:uploaded:read");
    CHECK(exp.required ==
          std::vector<std::string>{"documents:signed:export", "documents:generated:read | documents:uploaded:read"});
  }

  TEST_CASE("optional features warn and never fail") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:*", "documents:generated:read"});
    const engine::Report report = s.run();
    CHECK(feature(report, "archive").status == FeatureStatus::kMissing);
    CHECK(report.exit_code == 0);
    REQUIRE(report.missing.size() == 1);
    CHECK(report.missing[0].optional);
    CHECK(report.providers.at(0).fix.empty());  // nothing blocking to fix
    // ...but the optional misses have their own fix, once for the provider.
    CHECK(report.providers.at(0).optional_fix == "add documents:uploaded:delete to the key at https://example.com/tokens");
  }

  TEST_CASE("the report carries the time of the verdict, from the clock it was given") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:*"});
    CHECK(s.run().checked_at == s.options.now);
  }

  TEST_CASE("blocking and optional misses each get one fix per provider, naming only their own scopes") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:read", "documents:generated:read"});
    const engine::Report report = s.run();
    CHECK(report.providers.at(0).fix == "add documents:signed:export to the key at https://example.com/tokens");
    CHECK(report.providers.at(0).optional_fix == "add documents:uploaded:delete to the key at https://example.com/tokens");
    s.grant("sonar", {"documents:signed:read", "documents:generated:read", "documents:uploaded:delete"});
    CHECK(s.run().providers.at(0).optional_fix.empty());
  }

  TEST_CASE("when: env, env_unset and equals decide what runs") {
    Scenario s(R"(version: 1
providers:
  g: {preset: github}
features:
  a: {requires: [repo], when: {env: DEPLOY}}
  b: {requires: [repo], when: {env_unset: CONFIG_FILE}}
  c: {requires: [repo], when: {env: STAGE, equals: production}}
)");
    s.grant("g", {});
    SUBCASE("nothing set") {
      const auto report = s.run();
      CHECK(feature(report, "a").status == FeatureStatus::kSkipped);
      CHECK(feature(report, "b").status == FeatureStatus::kMissing);
      CHECK(feature(report, "c").reason == "STAGE is not set");
    }
    SUBCASE("another value: the reason does not print it") {
      s.environment.set("STAGE", "staging-secret-name");
      const auto report = s.run();
      CHECK(feature(report, "c").reason == "STAGE is not 'production'");
    }
    SUBCASE("set, empty counts as unset") {
      s.environment.set("DEPLOY", "");
      s.environment.set("CONFIG_FILE", "x.json");
      s.environment.set("STAGE", "production");
      const auto report = s.run();
      CHECK(feature(report, "a").status == FeatureStatus::kSkipped);
      CHECK(feature(report, "b").reason == "CONFIG_FILE is set");
      CHECK(feature(report, "c").status == FeatureStatus::kMissing);
    }
  }

  TEST_CASE("excess scopes are listed per provider, --fail-on-excess makes them exit 1") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:read", "documents:signed:export", "documents:uploaded:read",
                      "documents:uploaded:delete", "documents:generated:delete"});
    CHECK(s.run().providers.at(0).excess == std::vector<std::string>{"documents:generated:delete"});
    CHECK(s.run().exit_code == 0);
    s.options.fail_on_excess = true;
    const auto report = s.run();
    CHECK(report.exit_code == 1);
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].find("documents:generated:delete") != std::string::npos);
    // With the nightly feature enabled, its scope is no longer excess.
    s.environment.set("NIGHTLY", "1");
    CHECK(s.run().exit_code == 0);
  }

  TEST_CASE("-f: only the selected features are judged and count for excess") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:signed:read", "documents:uploaded:delete"});
    const auto report = s.run({"read"});
    CHECK(report.features.size() == 1);
    CHECK(report.exit_code == 0);
    CHECK(report.providers.at(0).excess == std::vector<std::string>{"documents:uploaded:delete"});
  }

  TEST_CASE("token rejected: exit 3 and features error") {
    Scenario s(kSonar);
    s.evidence["sonar"].facts = providers::TokenFacts::rejected("HTTP 401");
    const auto report = s.run();
    CHECK(report.exit_code == 3);
    CHECK(report.providers.at(0).status == ProviderStatus::kTokenRejected);
    CHECK(feature(report, "read").status == FeatureStatus::kError);
    CHECK(feature(report, "read").reason == "HTTP 401");
  }

  TEST_CASE("provider error: exit 4") {
    Scenario s(kSonar);
    s.evidence["sonar"].facts = providers::TokenFacts::failed("connect: refused");
    CHECK(s.run().exit_code == 4);
    CHECK(s.run().providers.at(0).status == ProviderStatus::kError);
  }

  TEST_CASE("unverifiable: exit 5 with the provider's reason") {
    Scenario s(R"(version: 1
providers:
  gh: {preset: github}
features:
  push: {requires: [repo]}
  any: {requires: {any: [read:org, admin:org]}}
)");
    engine::Evidence said;
    said.facts.unverifiable_reason = "fine-grained token";
    s.evidence["gh"] = said;
    const auto report = s.run();
    CHECK(report.exit_code == 5);
    CHECK(feature(report, "push").status == FeatureStatus::kUnverifiable);
    CHECK(feature(report, "push").reason == "fine-grained token");
    CHECK(engine::scope_names(feature(report, "any").unverifiable) == std::vector<std::string>{"read:org | admin:org"});
    CHECK(report.providers.at(0).unverifiable == std::vector<std::string>{"repo", "read:org | admin:org"});
    CHECK(report.providers.at(0).excess.empty());  // an unlisted token has no excess
  }

  TEST_CASE("probes: proven scopes are granted or missing, the rest unverifiable") {
    Scenario s(R"(version: 1
providers:
  socket: {preset: socket}
features:
  config: {requires: [socket-basics:read]}
  submit: {requires: [full-scans:create]}
  list: {requires: [repo:list]}
)");
    engine::Evidence said;
    said.facts.granted = {"socket-basics:read"};
    said.facts.proven_missing = {"repo:list"};
    said.facts.unverifiable_reason = "no probe";
    s.evidence["socket"] = said;
    const auto report = s.run();
    CHECK(feature(report, "config").status == FeatureStatus::kOk);
    CHECK(feature(report, "submit").status == FeatureStatus::kUnverifiable);
    CHECK(feature(report, "list").status == FeatureStatus::kMissing);
    CHECK(report.exit_code == 1);
  }

  TEST_CASE("a probe that got no answer: its features error with why (exit 4), a missing scope still wins") {
    Scenario s(R"(version: 1
providers:
  socket: {preset: socket}
features:
  config: {requires: [socket-basics:read]}
  submit: {requires: [full-scans:create]}
  either: {requires: {any: [repo:list, full-scans:create]}}
  later: {requires: [full-scans:create], optional: true}
)");
    engine::Evidence said;
    said.facts.granted = {"socket-basics:read"};
    said.facts.unanswered = {{"full-scans:create", "POST /v0/orgs/acme/full-scans answered HTTP 503"}};
    said.facts.unverifiable_reason = "no probe";
    s.evidence["socket"] = said;
    auto report = s.run();
    CHECK(feature(report, "config").status == FeatureStatus::kOk);
    CHECK(feature(report, "submit").status == FeatureStatus::kError);
    CHECK(feature(report, "submit").reason ==
          "the provider could not be asked: POST /v0/orgs/acme/full-scans answered HTTP 503");
    // An any-group with one member unanswered and none granted cannot be settled either.
    CHECK(feature(report, "either").status == FeatureStatus::kError);
    CHECK(feature(report, "later").status == FeatureStatus::kError);  // optional: reported, never decides
    CHECK(report.exit_code == 4);
    // The provider's row says why too, once, so every format can.
    CHECK(report.providers.at(0).status == ProviderStatus::kError);
    CHECK(report.providers.at(0).error == "POST /v0/orgs/acme/full-scans answered HTTP 503");
    const auto only_optional = s.run({"config", "later"});
    CHECK(only_optional.providers.at(0).status == ProviderStatus::kOk);
    CHECK(only_optional.exit_code == 0);
    s.evidence["socket"].facts.proven_missing = {"repo:list", "full-scans:create"};
    s.evidence["socket"].facts.unanswered.clear();
    CHECK(s.run().exit_code == 1);
    s.evidence["socket"].facts.proven_missing = {"socket-basics:read"};
    s.evidence["socket"].facts.granted.clear();
    s.evidence["socket"].facts.unanswered = {{"full-scans:create", "reset"}};
    report = s.run();
    CHECK(feature(report, "config").status == FeatureStatus::kMissing);
    CHECK(report.exit_code == 1);  // a proven miss is an answer: it beats "could not ask"
  }

  TEST_CASE("a preset's fix writer is told every scope the checked features need, in manifest order") {
    Scenario s(R"(version: 1
providers:
  gh: {preset: github}
features:
  release: {requires: [contents:write, pull_requests:write]}
  triage: {requires: {any: [issues:read, issues:write]}}
  nightly: {requires: [actions:write], when: {env: NIGHTLY}}
)");
    engine::Evidence said;
    said.facts.token_kind = "workflow";
    said.facts.resource = "acme/app";
    said.facts.granted = {"contents:write"};
    said.facts.proven_missing = {"pull_requests:write"};
    said.facts.fix_location = manifest::FileLocation{".github/workflows/ci.yml", {4, 3}, "job release"};
    s.evidence["gh"] = said;
    const auto report = s.run();
    REQUIRE(report.missing.size() == 1);
    // The block grants what the token holds plus every requirement of a
    // checked feature (the first of an any-group), never the skipped nightly's.
    CHECK(report.missing.at(0).fix ==
          "set `permissions: {contents: write, issues: read, pull-requests: write}` on job release in "
          ".github/workflows/ci.yml:4");
  }

  TEST_CASE("exit code order: rejected 3 beats missing 1 beats error 4 beats unverifiable 5") {
    Scenario s(R"(version: 1
providers:
  a: {preset: github}
  b: {preset: gitlab}
  c: {preset: slack}
  d: {preset: socket}
features:
  fa: {provider: a, requires: [repo]}
  fb: {provider: b, requires: [api]}
  fc: {provider: c, requires: [chat:write]}
  fd: {provider: d, requires: [repo:list]}
)");
    s.grant("a", {"repo"});
    s.grant("b", {"api"});
    s.grant("c", {"chat:write"});
    s.grant("d", {"repo:list"});
    CHECK(s.run().exit_code == 0);
    s.evidence["d"].facts = providers::TokenFacts();  // nothing listed: unverifiable
    CHECK(s.run().exit_code == 5);
    s.evidence["c"].facts = providers::TokenFacts::failed("timeout");
    CHECK(s.run().exit_code == 4);
    s.grant("b", {"read_api"});
    CHECK(s.run().exit_code == 1);
    s.evidence["a"].facts = providers::TokenFacts::rejected("revoked");
    CHECK(s.run().exit_code == 3);
  }

  TEST_CASE("a provider used only by optional features never decides the exit code") {
    Scenario s(R"(version: 1
providers:
  a: {preset: github}
  b: {preset: gitlab}
features:
  fa: {provider: a, requires: [repo]}
  fb: {provider: b, requires: [api], optional: true}
)");
    s.grant("a", {"repo"});
    s.evidence["b"].facts = providers::TokenFacts::rejected("revoked");
    const auto report = s.run();
    CHECK(report.exit_code == 0);
    CHECK(feature(report, "fb").status == FeatureStatus::kError);
  }

  TEST_CASE("--min-ttl: sooner expiry fails, never-expiring passes, unknown is unverifiable") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:*"});
    s.options.min_ttl = std::chrono::hours(24 * 7);
    SUBCASE("expires in 3 days") {
      s.evidence["sonar"].facts.expiry_known = true;
      s.evidence["sonar"].facts.expires_at = util::parse_timestamp("2026-11-25T12:00:00Z");
      const auto report = s.run();
      CHECK(report.exit_code == 1);
      CHECK(report.providers.at(0).ttl_ok == std::optional<bool>(false));
      REQUIRE(report.failures.size() == 1);
      CHECK(report.failures[0] ==
            "the sonar token expires in 3 days (2026-11-25T12:00:00Z), sooner than --min-ttl 7d");
    }
    SUBCASE("expires in 30 days") {
      s.evidence["sonar"].facts.expiry_known = true;
      s.evidence["sonar"].facts.expires_at = util::parse_timestamp("2026-12-22T12:00:00Z");
      CHECK(s.run().exit_code == 0);
      CHECK(s.run().providers.at(0).ttl_ok == std::optional<bool>(true));
    }
    SUBCASE("never expires") {
      s.evidence["sonar"].facts.expiry_known = true;
      CHECK(s.run().exit_code == 0);
      CHECK(s.run().providers.at(0).ttl_ok == std::optional<bool>(true));
    }
    SUBCASE("unknown") {
      const auto report = s.run();
      CHECK(report.exit_code == 5);
      CHECK_FALSE(report.providers.at(0).ttl_ok.has_value());
      CHECK(report.failures.empty());
      CHECK(report.unverified == std::vector<std::string>{
                                     "the sonar token's expiry is unknown (the provider does not say when it "
                                     "expires), so --min-ttl 7d could not be checked"});
    }
    SUBCASE("unreadable: the reason is the provider's") {
      s.evidence["sonar"].facts.expiry_problem = "cannot read the expiry \"/expiresAt\"";
      const auto report = s.run();
      CHECK(report.exit_code == 5);
      CHECK(report.unverified.at(0) == "the sonar token's expiry is unknown (cannot read the expiry "
                                       "\"/expiresAt\"), so --min-ttl 7d could not be checked");
    }
    SUBCASE("unknown, and a scope missing: exit 1 still wins") {
      s.grant("sonar", {"documents:signed:read"});
      const auto report = s.run();
      CHECK(report.exit_code == 1);
      CHECK(report.unverified.size() == 1);
    }
  }

  TEST_CASE("--min-ttl with an unknown expiry on a provider only optional features use: a note, exit 0") {
    Scenario s(R"(version: 1
providers:
  g: {preset: github}
  j: {preset: jwt, token_env: T}
features:
  a: {provider: g, requires: [repo]}
  b: {provider: j, requires: [x], optional: true}
)");
    s.grant("g", {"repo"});
    s.evidence["g"].facts.expiry_known = true;
    s.grant("j", {"x"});
    s.evidence["j"].facts.expiry_problem = "the JWT has no exp claim";
    s.options.min_ttl = std::chrono::hours(24);
    const auto report = s.run();
    CHECK(report.exit_code == 0);
    CHECK(report.unverified.empty());
    CHECK(report.providers.at(1).notes ==
          std::vector<std::string>{"the j token's expiry is unknown (the JWT has no exp claim), so --min-ttl 1d could "
                                   "not be checked"});
  }

  TEST_CASE("a token past its expiry is rejected whatever the answer said") {
    Scenario s(kSonar);
    s.grant("sonar", {"documents:*"});
    s.evidence["sonar"].facts.expires_at = util::parse_timestamp("2026-11-01T00:00:00Z");
    const auto report = s.run();
    CHECK(report.exit_code == 3);
    CHECK(report.providers.at(0).error == "the token expired at 2026-11-01T00:00:00Z");
  }
}

TEST_SUITE("engine.claims") {
  const char* kJwt = R"(version: 1
providers:
  api: {preset: jwt, token_env: API_TOKEN}
features:
  reports: {requires: [export:reports]}
  admin: {requires: [admin:all]}
)";

  // The facts the jwt preset reads from an Auth0 access token (see test_providers.cpp).
  providers::TokenFacts auth0_facts() {
    providers::TokenFacts facts;
    facts.scopes_listed = true;
    facts.granted = {"openid", "export:reports"};
    facts.scope_claims = {"scope", "permissions"};
    facts.granted_by = {{"openid", "scope"}, {"export:reports", "permissions"}};
    return facts;
  }

  TEST_CASE("granted_by reaches the provider's row, and a fix names the claims the token carried") {
    Scenario s(kJwt);
    s.evidence["api"].facts = auth0_facts();
    const auto report = s.run();
    CHECK(report.exit_code == 1);
    CHECK(feature(report, "reports").status == FeatureStatus::kOk);
    const auto& api = report.providers.at(0);
    CHECK(api.scope_claims == std::vector<std::string>{"scope", "permissions"});
    CHECK(api.granted_by ==
          std::vector<std::pair<std::string, std::string>>{{"openid", "scope"}, {"export:reports", "permissions"}});
    CHECK(feature(report, "admin").fix ==
          "issue a token that carries admin:all in its scope or permissions claim (permissions: the API's "
          "permissions granted to the application) (https://example.com/tokens)");
  }

  TEST_CASE("with no claim to go by (an offline --granted), the fix names the claims that would be read") {
    Scenario s(kJwt);
    s.grant("api", {"export:reports"});
    s.resolved.at("api").token_page.clear();
    CHECK(feature(s.run(), "admin").fix == "issue a token that carries admin:all in its scope, scp, permissions or "
                                           "roles claim");
  }

  TEST_CASE("claim names and scopes from the token are neutralised") {
    Scenario s(kJwt);
    s.evidence["api"].facts = auth0_facts();
    s.evidence["api"].facts.granted_by.emplace_back("x\n::error::y", "permissions\r");
    s.evidence["api"].facts.scope_claims.push_back("a\x1b[31m");
    const auto report = s.run();
    CHECK(report.providers.at(0).granted_by.back() ==
          std::pair<std::string, std::string>{"x\\n::error::y", "permissions\\r"});
    CHECK(report.providers.at(0).scope_claims.back() == "a\\x1b[31m");
  }
}

TEST_SUITE("engine.untrusted_text") {
  TEST_CASE("hints, server messages and scope names arrive on one line, their breaks shown escaped") {
    Scenario s(R"(version: 1
providers:
  g: {preset: github}
features:
  a:
    requires: [repo]
    hint: |
      first line
      ::error::second
)");
    s.grant("g", {"gist\n::warning::x"});
    s.evidence["g"].facts.key_name = "name\r\nwith break";
    const auto report = s.run();
    CHECK(feature(report, "a").hint == "first line\\n::error::second\\n");
    CHECK(report.providers.at(0).granted == std::vector<std::string>{"gist\\n::warning::x"});
    CHECK(report.providers.at(0).key_name == std::optional<std::string>("name\\r\\nwith break"));
    s.evidence["g"].facts = providers::TokenFacts::failed("HTTP 500: oops\n::error::injected");
    CHECK(s.run().providers.at(0).error == "HTTP 500: oops\\n::error::injected");
  }

  TEST_CASE("excess scopes too: a bare CR from the server is shown escaped, not sent to the log") {
    Scenario s(R"(version: 1
providers:
  g: {preset: github}
features:
  a: {requires: [repo]}
)");
    s.grant("g", {"repo", "x\r::error title=Injected::text", "\x1b]0;title\x07"});
    const auto report = s.run();
    CHECK(report.providers.at(0).excess ==
          std::vector<std::string>{"x\\r::error title=Injected::text", "\\x1b]0;title\\x07"});
  }
}

TEST_SUITE("engine.fix") {
  TEST_CASE("require_key_prefix: another prefix, or none reported, fails like --min-ttl") {
    Scenario s(R"(version: 1
providers:
  sonar: {preset: sonar, base_url: "https://s.example", require_key_prefix: sk_live}
features:
  read: {requires: [documents:signed:read]}
)");
    s.grant("sonar", {"documents:signed:read"});
    SUBCASE("sk_live") {
      s.evidence["sonar"].facts.key_prefix = "sk_live";
      const auto report = s.run();
      CHECK(report.exit_code == 0);
      CHECK(report.failures.empty());
      CHECK(report.providers.at(0).key_prefix_ok == std::optional<bool>(true));
      CHECK(report.providers.at(0).required_key_prefix == std::optional<std::string>("sk_live"));
    }
    SUBCASE("a longer prefix that starts with it") {
      s.evidence["sonar"].facts.key_prefix = "sk_live_4f2a";
      CHECK(s.run().exit_code == 0);
    }
    SUBCASE("sk_test") {
      s.evidence["sonar"].facts.key_prefix = "sk_test";
      const auto report = s.run();
      CHECK(report.exit_code == 1);
      CHECK(report.providers.at(0).key_prefix_ok == std::optional<bool>(false));
      CHECK(feature(report, "read").status == FeatureStatus::kOk);
      CHECK(report.failures == std::vector<std::string>{
                                   "the sonar token has the key prefix sk_test, not sk_live as require_key_prefix "
                                   "asks: use a sk_live key from https://example.com/tokens"});
    }
    SUBCASE("no prefix reported") {
      const auto report = s.run();
      CHECK(report.exit_code == 1);
      CHECK(report.providers.at(0).key_prefix_ok == std::optional<bool>(false));
      CHECK(report.failures == std::vector<std::string>{
                                   "the sonar token has no key prefix (its answer names none), not sk_live as "
                                   "require_key_prefix asks: use a sk_live key from https://example.com/tokens"});
    }
    SUBCASE("a rejected token is exit 3, without a prefix verdict") {
      s.evidence["sonar"].facts = providers::TokenFacts::rejected("invalid");
      const auto report = s.run();
      CHECK(report.exit_code == 3);
      CHECK(report.failures.empty());
      CHECK_FALSE(report.providers.at(0).key_prefix_ok.has_value());
    }
  }
}
