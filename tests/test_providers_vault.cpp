#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/vault.cpp: lookup-self and sys/capabilities-self, asked together.
namespace {
constexpr const char* kVault = "https://vault.example:8200";
constexpr const char* kLookup = "GET https://vault.example:8200/v1/auth/token/lookup-self";
constexpr const char* kCapabilities = "POST https://vault.example:8200/v1/sys/capabilities-self";
const std::string kVaultToken = "hvs.CAESIFakeFakeFakeFakeFake";

constexpr const char* kLookupAnswer = R"({"data": {"display_name": "approle-deployer",
  "policies": ["default", "deploy"], "expire_time": "2026-12-08T10:00:00.123456Z", "ttl": 3600}})";

void vault_rig(Rig& rig, std::vector<std::string> wanted) {
  rig.context.wanted = std::move(wanted);
  rig.transport.answer(kLookup, 200, kLookupAnswer);
}

std::string scope_problem(std::string_view scope) { return scope_problem_of("vault", scope); }

std::string fix_for(const TokenFacts& facts, std::vector<std::vector<std::string>> scopes) {
  return fix_of("vault", facts, std::move(scopes), "vault", kVault);
}
}  // namespace

TEST_SUITE("providers.vault") {
  TEST_CASE("lookup-self: the display name, the policies and the expiry, capabilities unverifiable offline") {
    const auto facts = interpret("vault", 200, kLookupAnswer);
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.account == std::optional<std::string>("approle-deployer"));
    CHECK_STRINGS(facts.policies, {"default", "deploy"});
    CHECK(expiry(facts) == "2026-12-08T10:00:00Z");
    CHECK_FALSE(facts.scopes_listed);
    CHECK(contains(facts.unverifiable_reason, "names the token's policies, not its capabilities"));
  }

  TEST_CASE("a token that never expires has expire_time null") {
    const auto facts = interpret("vault", 200, R"({"data": {"display_name": "root", "policies": ["root"],
                                                  "expire_time": null}})");
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at);
  }

  TEST_CASE("403 on lookup-self is Vault's word for an invalid, expired or revoked token") {
    const auto facts = interpret("vault", 403, R"({"errors": ["permission denied"]})");
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(facts.error == "Vault refused the token (HTTP 403: permission denied): it is invalid, expired or revoked");
  }

  TEST_CASE("odd shapes: no data object, a body that is not JSON, a 5xx") {
    CHECK(interpret("vault", 200, R"({"data": []})").outcome == Outcome::kError);
    CHECK(interpret("vault", 200, "<html>").outcome == Outcome::kError);
    const auto failed = interpret("vault", 503, R"({"errors": ["Vault is sealed"]})");
    CHECK(failed.outcome == Outcome::kError);
    CHECK(contains(failed.error, "Vault is sealed"));
  }

  TEST_CASE("both questions go out together, the token in X-Vault-Token, every path once in one body") {
    Rig rig("vault", kVault, kVaultToken);
    vault_rig(rig, {"read secret/data/web/prod", "list secret/data/web/prod", "update transit/sign/release"});
    rig.environment.set("VAULT_NAMESPACE", "team-a");
    rig.transport.answer(kCapabilities, 200,
                         R"({"secret/data/web/prod": ["read"], "transit/sign/release": ["update", "create"],
                             "request_id": "x", "data": {}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kLookup, kCapabilities});
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(header_of(rig.request(i), "X-Vault-Token") == std::optional<std::string>(kVaultToken));
      CHECK(header_of(rig.request(i), "X-Vault-Namespace") == std::optional<std::string>("team-a"));
      CHECK_FALSE(header_of(rig.request(i), "Authorization"));
    }
    CHECK(rig.request(1).body == R"({"paths":["secret/data/web/prod","transit/sign/release"]})");
    CHECK_STRINGS(facts.granted, {"read secret/data/web/prod", "update transit/sign/release"});
    CHECK_STRINGS(facts.proven_missing, {"list secret/data/web/prod"});
    CHECK(has_note(facts, "list secret/data/web/prod: the token has read on secret/data/web/prod"));
  }

  TEST_CASE("one path: the bare capabilities array, root grants all, deny refuses all and is said so") {
    Rig rig("vault", kVault, kVaultToken);
    SUBCASE("one path, answered only as capabilities") {
      vault_rig(rig, {"read secret/data/a"});
      rig.transport.answer(kCapabilities, 200, R"({"capabilities": ["read", "list"]})");
      CHECK_STRINGS(rig.ask().granted, {"read secret/data/a"});
    }
    SUBCASE("root, in data") {
      vault_rig(rig, {"sudo sys/rotate", "delete secret/data/a"});
      rig.transport.answer(kCapabilities, 200, R"({"data": {"sys/rotate": ["root"], "secret/data/a": ["root"]}})");
      CHECK_STRINGS(rig.ask().granted, {"sudo sys/rotate", "delete secret/data/a"});
    }
    SUBCASE("deny") {
      vault_rig(rig, {"read secret/data/a", "read secret/data/b"});
      rig.transport.answer(kCapabilities, 200, R"({"secret/data/a": ["deny"], "secret/data/b": []})");
      const TokenFacts facts = rig.ask();
      CHECK_STRINGS(facts.proven_missing, {"read secret/data/a", "read secret/data/b"});
      CHECK_STRINGS(facts.explicitly_denied, {"read secret/data/a"});
      CHECK(has_note(facts, "read secret/data/b: the token has no capability on secret/data/b"));
    }
  }

  TEST_CASE("faults on the question: no answer is exit 4's 'could not ask', 403 is unverifiable with the fix") {
    Rig rig("vault", kVault, kVaultToken);
    vault_rig(rig, {"read secret/data/a"});
    SUBCASE("a reset") {
      rig.transport.fail(kCapabilities, "reading the answer from vault.example:8200: connection reset by peer");
      const TokenFacts facts = rig.ask();
      REQUIRE(facts.unanswered.size() == 1);
      CHECK(contains(facts.unanswered[0].second, "POST /v1/sys/capabilities-self failed: reading the answer"));
    }
    SUBCASE("a 503, a 429, a body that is not JSON, an answer that leaves the path out") {
      for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
               {503, R"({"errors": ["Vault is sealed"]})"}, {429, "{}"}, {200, "<html>"}, {200, R"({"other": []})"}}) {
        CAPTURE(status);
        CAPTURE(body);
        rig.transport.answer(kCapabilities, status, body);
        const TokenFacts facts = rig.ask();
        CHECK(facts.outcome == Outcome::kAccepted);
        CHECK(facts.granted.empty());
        CHECK(facts.proven_missing.empty());
        CHECK(facts.unanswered.size() == 1);
      }
    }
    SUBCASE("403: a policy took away the default's capabilities-self") {
      rig.transport.answer(kCapabilities, 403, R"({"errors": ["1 error occurred: permission denied"]})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.unanswered.empty());
      CHECK(contains(facts.unverifiable_reason, "may not ask POST /v1/sys/capabilities-self (HTTP 403"));
      CHECK(contains(facts.unverifiable_reason, R"(path "sys/capabilities-self" { capabilities = ["update"] })"));
    }
    SUBCASE("the token refused: nothing else is read") {
      rig.transport.answer(kLookup, 403, R"({"errors": ["permission denied"]})");
      rig.transport.answer(kCapabilities, 200, R"({"secret/data/a": ["read"]})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.granted.empty());
    }
  }

  TEST_CASE("a namespace that cannot be a header value is never sent") {
    Rig rig("vault", kVault, kVaultToken);
    vault_rig(rig, {"read secret/data/a"});
    rig.environment.set("VAULT_NAMESPACE", "team-a\r\nX-Evil: 1");
    const TokenFacts facts = rig.ask();
    CHECK(facts.outcome == Outcome::kError);
    CHECK(contains(facts.error, "the Vault namespace ($VAULT_NAMESPACE)"));
    CHECK(rig.transport.sent().empty());
  }

  TEST_CASE("a scope is CAPABILITY PATH, checked at the manifest's line with did-you-mean") {
    CHECK(scope_problem("read secret/data/web/prod").empty());
    CHECK(scope_problem("sudo sys/rotate").empty());
    CHECK(scope_problem("secret/data/web/prod") ==
          "a Vault scope is CAPABILITY PATH, as in 'read secret/data/web/prod'; 'secret/data/web/prod' names no "
          "capability before the path");
    CHECK(contains(scope_problem("reed secret/a"), "'reed' is not a Vault capability"));
    CHECK(contains(scope_problem("reed secret/a"), "did you mean 'read'"));
    CHECK(contains(scope_problem("root secret/a"), "root is a policy's word"));
    CHECK(contains(scope_problem("read /secret/a"), "without the leading /"));
    CHECK(contains(scope_problem("read secret/*"), "reads * and + literally"));
    CHECK(contains(scope_problem("read secret/a b"), "U+0020"));
  }

  TEST_CASE("the fix: one policy stanza per path, the token's policies, and a deny that may have to go") {
    TokenFacts facts;
    facts.policies = {"default", "deploy"};
    CHECK(fix_for(facts, {{"read secret/data/web/prod"}, {"list secret/data/web/prod"}, {"update transit/sign/x"}}) ==
          "add to a policy of the token (it has default, deploy): path \"secret/data/web/prod\" { capabilities = "
          "[\"read\", \"list\"] } path \"transit/sign/x\" { capabilities = [\"update\"] }");
    facts.explicitly_denied = {"read secret/data/a"};
    // Vault answers deny both when no policy grants the path and when one denies it: the fix covers both.
    CHECK(fix_for(facts, {{"read secret/data/a"}}) ==
          "add to a policy of the token (it has default, deploy): path \"secret/data/a\" { capabilities = [\"read\"] }; "
          "if a policy of the token denies secret/data/a (Vault answers deny for both), remove that deny: deny wins "
          "over every grant");
  }
}

TEST_SUITE("providers.vault.tls") {
  TEST_CASE("VAULT_CACERT and a client certificate, read as the vault CLI reads them - half of one is said") {
    const providers::PresetInfo* vault = providers::find_preset("vault");
    manifest::ProviderSpec spec;
    testing::FakeEnvironment environment;
    testing::FakeFileSystem files;
    util::Redactor redactor;
    std::string error;
    const auto read = [&] {
      return vault->read_connection({spec, environment, files, nullptr, redactor, std::chrono::seconds(30)}, &error);
    };
    CHECK_FALSE(read());  // none set: the run's trust
    CHECK(error.empty());
    files.files["/ca.pem"] = "CA";
    files.files["/key.pem"] = "-----BEGIN PRIVATE KEY-----\nVAULTKEYLINE0123456789\n-----END PRIVATE KEY-----\n";
    environment.set("VAULT_CACERT", "/ca.pem");
    environment.set("VAULT_CLIENT_KEY", "/key.pem");
    CHECK_FALSE(read());
    CHECK(error == "VAULT_CLIENT_KEY is set, but not VAULT_CLIENT_CERT (its certificate)");
    CHECK(redactor.redact("VAULTKEYLINE0123456789") == "[REDACTED]");
    files.files["/cert.pem"] = "CERT";
    environment.set("VAULT_CLIENT_CERT", "/cert.pem");
    const auto connection = read();
    REQUIRE_MESSAGE(connection, error);
    CHECK(connection->tls->ca_pem == "CA");
    CHECK(connection->tls->source == "VAULT_CACERT, VAULT_CLIENT_CERT, VAULT_CLIENT_KEY");
    environment.set("VAULT_CACERT", "/missing.pem");
    CHECK_FALSE(read());
    CHECK(error == "cannot read VAULT_CACERT /missing.pem: No such file or directory");
  }
}
