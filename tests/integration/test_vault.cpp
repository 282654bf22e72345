// The real binary against a mock Vault over HTTPS that behaves as Vault's
// API does: X-Vault-Token, 403 for a bad token, capabilities-self reading a
// JSON body of paths and answering per path from the token's policies.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <map>
#include <string>

#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
const std::string kVaultToken = "hvs.CAESIFakeFakeFakeFakeFakeFake";

// A Vault that knows one token and its capabilities per path.
struct FakeVault {
  std::string token = kVaultToken;
  std::map<std::string, std::vector<std::string>> capabilities;  // path -> ["read", ...], or ["deny"]
  int capabilities_status = 200;

  MockResponse answer(const MockRequest& r) const {
    if (r.header("X-Vault-Token") != token) return MockResponse::json(403, R"({"errors": ["permission denied"]})");
    if (r.method == "GET" && r.target == "/v1/auth/token/lookup-self")
      return MockResponse::json(200, R"({"data": {"display_name": "approle-deployer", "policies": ["default", "web"],
                                         "expire_time": null, "ttl": 0}})");
    if (r.method == "POST" && r.target == "/v1/sys/capabilities-self") {
      if (capabilities_status != 200) return MockResponse::json(capabilities_status, R"({"errors": ["sealed"]})");
      boost::json::object answer;
      const boost::json::value asked = boost::json::parse(r.body);  // kept: the loop reads into it
      for (const auto& path : asked.at("paths").as_array()) {
        const std::string name(path.as_string());
        const auto found = capabilities.find(name);
        boost::json::array held;
        for (const std::string& capability : found == capabilities.end() ? std::vector<std::string>{} : found->second)
          held.emplace_back(capability);
        answer[name] = held;
      }
      return MockResponse::json(200, boost::json::serialize(answer));
    }
    return MockResponse::json(404, R"({"errors": []})");
  }
};

std::string vault_manifest(const std::string& features) {
  return "version: 1\nproviders:\n  vault: {preset: vault}\nfeatures:\n" + features;
}

const std::string kFeatures =
    "  secrets: {requires: [\"read secret/data/web/prod\"]}\n"
    "  sign: {requires: [\"update transit/sign/release\"]}\n";
}  // namespace

TEST_SUITE("integration.vault") {
  TEST_CASE("VAULT_ADDR and VAULT_TOKEN: one round trip, a miss with its policy stanza, the token nowhere") {
    World world;
    FakeVault vault;
    vault.capabilities["secret/data/web/prod"] = {"read", "list"};
    vault.capabilities["transit/sign/release"] = {"read"};
    MockServer server([&](const MockRequest& r) { return vault.answer(r); }, world.https());
    world.env["VAULT_ADDR"] = server.url();
    world.env["VAULT_TOKEN"] = kVaultToken;
    const auto result = world.check(vault_manifest(kFeatures));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "vault: account approle-deployer"));
    CHECK(has(result.out, "  ok          secrets"));
    CHECK(has(result.out, "  MISSING     sign"));
    CHECK(has(result.out, "fix: add to a policy of the token (it has default, web): path \"transit/sign/release\" "
                          "{ capabilities = [\"update\"] }"));
    CHECK(server.requests().size() == 2);
    for (const MockRequest& request : server.requests()) CHECK_FALSE(has(request.target, kVaultToken));
  }

  TEST_CASE("deny is missing with both fixes, a bad token is exit 3, a sealed Vault is exit 4 and says why") {
    World world;
    FakeVault vault;
    vault.capabilities["secret/data/web/prod"] = {"deny"};
    vault.capabilities["transit/sign/release"] = {"update"};
    MockServer server([&](const MockRequest& r) { return vault.answer(r); }, world.https());
    world.env["VAULT_ADDR"] = server.url();
    world.env["VAULT_TOKEN"] = kVaultToken;
    const auto denied = world.check(vault_manifest(kFeatures));
    CHECK(denied.exit_code == 1);
    CHECK(has(denied.out, "path \"secret/data/web/prod\" { capabilities = [\"read\"] }; if a policy of the token "
                          "denies secret/data/web/prod (Vault answers deny for both), remove that deny"));

    vault.capabilities_status = 503;
    const auto sealed = world.check(vault_manifest(kFeatures));
    CHECK(sealed.exit_code == 4);
    CHECK(has(sealed.out, "the provider could not be asked: POST /v1/sys/capabilities-self answered HTTP 503"));
    // The provider's row and the summary say why, not only the features.
    CHECK(has(sealed.out, "could not ask: POST /v1/sys/capabilities-self answered HTTP 503: sealed"));
    CHECK(has(sealed.err + sealed.out, "could not ask vault"));

    world.env["VAULT_TOKEN"] = "hvs.CAESIRevokedRevokedRevoked";
    const auto revoked = world.check(vault_manifest(kFeatures));
    CHECK(revoked.exit_code == 3);
    CHECK(has(revoked.out, "Vault refused the token (HTTP 403: permission denied)"));
  }

  TEST_CASE("no VAULT_ADDR and no base_url: a usage error at the provider's line, nothing sent") {
    World world;
    world.env["VAULT_TOKEN"] = kVaultToken;
    const auto result = world.check(vault_manifest(kFeatures));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "scopegate.yaml:3:3: error: the default base_url of provider 'vault' uses ${VAULT_ADDR}, "
                          "which is not set"));
  }

  TEST_CASE("a scope that is not CAPABILITY PATH is a manifest error at its line, with did-you-mean") {
    World world;
    world.env["VAULT_TOKEN"] = kVaultToken;
    const auto result = world.run({"lint", "-m", world.manifest(vault_manifest(
                                                    "  secrets: {requires: [\"reed secret/data/web/prod\"]}\n"))});
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "scopegate.yaml:5:24: error: 'reed' is not a Vault capability"));
    CHECK(has(result.err, "did you mean 'read'"));
  }
}

TEST_SUITE("integration.vault.tls") {
  TEST_CASE("VAULT_CACERT is the CA trusted, VAULT_CLIENT_CERT and VAULT_CLIENT_KEY a client certificate, as the CLI reads them") {
    World world;
    FakeVault vault;
    vault.capabilities["secret/data/web/prod"] = {"read"};
    vault.capabilities["transit/sign/release"] = {"update"};
    TestCa client_ca("vault client CA");
    const auto client = client_ca.issue({{"vault-ci"}, {}, -1, 30, true});
    MockServer server([&](const MockRequest& r) { return vault.answer(r); },
                      {true, world.ca.issue(), false, client_ca.cert_pem()});
    world.env["VAULT_ADDR"] = server.url();
    world.env["VAULT_TOKEN"] = kVaultToken;
    world.env["VAULT_CACERT"] = world.ca_file;
    const auto manifest = world.manifest(vault_manifest(kFeatures));
    // Without the client certificate the server refuses the handshake: exit 4, naming it.
    auto result = world.run({"check", "-m", manifest});
    CHECK(result.exit_code == 4);
    world.env["VAULT_CLIENT_CERT"] = world.dir.write("client.pem", client.cert_pem);
    world.env["VAULT_CLIENT_KEY"] = world.dir.write("client.key", client.key_pem);
    result = world.run({"check", "-m", manifest});  // no --ca-file: VAULT_CACERT stands for it
    CAPTURE(result.err);
    CHECK(result.exit_code == 0);
    CHECK(server.requests().back().client_name == "vault-ci");
    world.env["VAULT_CACERT"] = world.dir.file("missing.pem");
    result = world.run({"check", "-m", manifest});
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "provider 'vault': cannot read VAULT_CACERT " + world.dir.file("missing.pem")));
  }
}
