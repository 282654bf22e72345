#include <doctest/doctest.h>

#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

// providers/socket.cpp: the socket preset, its answers read and asked live.
TEST_SUITE("providers.socket") {
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

  TEST_CASE("socket: 401 to a probe rejects the token, whatever the probes sent with it said") {
    Rig rig("socket", kSocketBase);
    socket_rig(rig, {"socket-basics:read", "full-scans:list"});
    rig.transport.answer(kBasics, 401, R"({"error": {"message": "Token revoked"}})");
    rig.transport.answer(kScanList, 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics, kScanList});  // the probes go out together
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
    rig.context.manifest_probes = {{"audit-log:list", "GET", "/v0/orgs/acme/audit-log?per_page=1", {200}, {403}, {}}};
    rig.transport.answer(kBasics, 200, "{}");
    rig.transport.answer("GET https://api.socket.dev/v0/orgs/acme/audit-log?per_page=1", 200, "{}");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kQuota, kBasics, "GET https://api.socket.dev/v0/orgs/acme/audit-log?per_page=1"});
    CHECK_STRINGS(facts.granted, {"socket-basics:read", "audit-log:list"});
  }
}
