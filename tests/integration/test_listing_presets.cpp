// The seven presets whose provider lists a token's scopes in one answer
// (sentry, shopify, sendgrid, fastly, huggingface, bitbucket, cloudflare),
// each against its own HTTPS mock: ok and missing with the fix, the token only
// in its own header, every fault a provider commits (401, 403, 429, 500, a
// reset, a truncated body, an odd shape) with the contract's exit code, and
// the same answer saved for --response-file. Then all of them in one manifest,
// each answering 1 s late: checked in about the time of one.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
struct Preset {
  std::string name;
  std::string token_env;
  std::string path;                 // the introspection request's target
  std::string auth_header;          // where the token goes
  std::string auth_prefix;          // "Bearer " or ""
  std::string granted;              // a scope the mock's token holds
  std::string missing;              // one it does not
  std::string fix;                  // in the fix for `missing`
  std::function<MockResponse(const MockRequest&)> answer;  // the mock's good answers
  std::string odd_body;             // a 200 of the wrong shape: exit 4
  int forbidden_exit = 4;           // a 403 without the scope headers
  int odd_exit = 4;                 // what the odd shape means
};

MockResponse with_header(MockResponse response, std::string name, std::string value) {
  response.headers.emplace_back(std::move(name), std::move(value));
  return response;
}

const std::string kCloudflareId = "ed17574386854bf78a67040be0a770b0";

std::vector<Preset> presets() {
  return {
      {"sentry", "SENTRY_AUTH_TOKEN", "/api/0/", "Authorization", "Bearer ", "project:releases", "event:write",
       "create a token with event:write at ",
       [](const MockRequest&) { return MockResponse::json(200, R"({"auth": {"scopes": ["project:releases", "org:read"]}, "user": {"email": "ci@acme.dev"}})"); },
       R"({"version": "0"})"},
      {"shopify", "SHOPIFY_ACCESS_TOKEN", "/admin/oauth/access_scopes.json", "X-Shopify-Access-Token", "",
       "read_products", "write_themes", "add write_themes to the app's Admin API access scopes",
       [](const MockRequest&) { return MockResponse::json(200, R"({"access_scopes": [{"handle": "write_products"}]})"); },
       R"({"access_scopes": "write_products"})"},
      {"sendgrid", "SENDGRID_API_KEY", "/v3/scopes", "Authorization", "Bearer ", "mail.send", "templates.read",
       "give the API key templates.read",
       [](const MockRequest&) { return MockResponse::json(200, R"({"scopes": ["mail.send"]})"); },
       R"({"scope": ["mail.send"]})", 3},
      {"fastly", "FASTLY_API_TOKEN", "/tokens/self", "Fastly-Key", "", "purge_all", "global",
       "create a token with global",
       [](const MockRequest&) { return MockResponse::json(200, R"({"name": "ci", "scope": "purge_all", "expires_at": "", "services": []})"); },
       R"({"scope": 7})"},
      {"huggingface", "HF_TOKEN", "/api/whoami-v2", "Authorization", "Bearer ", "read", "write",
       "create a token with write at https://huggingface.co/settings/tokens/new?preset=write",
       [](const MockRequest&) { return MockResponse::json(200, R"({"name": "acme-ci", "auth": {"accessToken": {"role": "read"}}})"); },
       R"({"auth": {"accessToken": {"role": "owner"}}})"},
      {"bitbucket", "BITBUCKET_ACCESS_TOKEN", "/2.0/user", "Authorization", "Bearer ", "repository", "pipeline:variable",
       "create a repository access token with pipeline:variable under Access tokens in the repository's settings",
       [](const MockRequest&) {
         return with_header(with_header(MockResponse::json(403, R"({"type": "error"})"), "x-oauth-scopes", "pullrequest:write"),
                            "x-credential-type", "repo_access_token");
       },
       R"({"username": "x"})", 4, 5},  // a 200 without x-oauth-scopes: nothing to list, unverifiable
      {"cloudflare", "CLOUDFLARE_API_TOKEN", "/client/v4/user/tokens/verify", "Authorization", "Bearer ",
       "Workers Scripts Write", "Cache Purge", "add Cache Purge to the token's permissions",
       [](const MockRequest& r) {
         if (r.target == "/client/v4/user/tokens/" + kCloudflareId)
           return MockResponse::json(200, R"({"success": true, "result": {"policies": [{"effect": "allow",
               "permission_groups": [{"name": "Workers Scripts Write"}]}]}})");
         return MockResponse::json(200, R"({"success": true, "result": {"id": ")" + kCloudflareId +
                                            R"(", "status": "active"}})");
       },
       R"({"success": true, "result": {}})", 3},
  };
}

std::string provider_yaml(const Preset& preset, const std::string& base) {
  return "  " + preset.name + ": {preset: " + preset.name + ", base_url: \"" + base + "\"}\n";
}

std::string manifest_for(const Preset& preset, const std::string& base) {
  return "version: 1\nproviders:\n" + provider_yaml(preset, base) + "features:\n  held: {provider: " + preset.name +
         ", requires: [\"" + preset.granted + "\"]}\n  lacking: {provider: " + preset.name + ", requires: [\"" +
         preset.missing + "\"]}\n";
}

std::string held_only(const Preset& preset, const std::string& base) {
  return "version: 1\nproviders:\n" + provider_yaml(preset, base) + "features:\n  held: {provider: " + preset.name +
         ", requires: [\"" + preset.granted + "\"]}\n";
}

// All seven presets in one manifest, each on its own mock whose good answer
// passes through `wrap` (a delay, an echo), one feature each needing the
// scope `scope` names (granted or missing); the tokens set in `world`.
struct AllSeven {
  using Wrap = MockResponse (*)(const MockHandler& answer, const MockRequest& request);
  std::vector<std::unique_ptr<MockServer>> servers;
  std::string yaml;

  AllSeven(World& world, std::string Preset::*scope, Wrap wrap) {
    std::string providers, features;
    for (const Preset& preset : presets()) {
      world.env[preset.token_env] = kFakeToken;
      servers.push_back(std::make_unique<MockServer>(
          [answer = MockHandler(preset.answer), wrap](const MockRequest& r) { return wrap(answer, r); }, world.https()));
      providers += provider_yaml(preset, servers.back()->url());
      features += "  " + preset.name + ": {provider: " + preset.name + ", requires: [\"" + preset.*scope + "\"]}\n";
    }
    yaml = "version: 1\nproviders:\n" + providers + "features:\n" + features;
  }
};

MockResponse faulty(MockResponse::Fault fault) {
  MockResponse response = MockResponse::json(200, std::string(400, ' ') + "{}");
  response.fault = fault;
  return response;
}

// The token must arrive in the preset's own header, and only there.
void token_in_its_header(const Preset& preset, const std::vector<MockRequest>& requests) {
  REQUIRE_FALSE(requests.empty());
  for (const MockRequest& request : requests) {
    CHECK(request.header(preset.auth_header) == preset.auth_prefix + kFakeToken);
    if (preset.auth_header != "Authorization") CHECK(request.header("Authorization").empty());
  }
  token_only_in_headers(requests);
}
}  // namespace

TEST_SUITE("integration.listing") {
  TEST_CASE("each listing preset: ok and missing with its fix, the token only in its own header") {
    for (const Preset& preset : presets()) {
      CAPTURE(preset.name);
      World world;
      world.env[preset.token_env] = kFakeToken;
      MockServer server(preset.answer, world.https());
      const auto result = world.check(manifest_for(preset, server.url()));
      CHECK(result.exit_code == 1);
      CHECK(has(result.out, "  ok          held"));
      CHECK(has(result.out, "  MISSING     lacking"));
      CHECK(has(result.out, preset.fix));
      CHECK(server.requests().front().target == preset.path);
      token_in_its_header(preset, server.requests());
    }
  }

  TEST_CASE("each listing preset: 401 is exit 3, 403 its own, 500 and resets and truncation exit 4, odd shapes too") {
    for (const Preset& preset : presets()) {
      CAPTURE(preset.name);
      World world;
      world.env[preset.token_env] = kFakeToken;
      const auto run = [&](const MockHandler& handler) {
        MockServer server(handler, world.https());
        return world.check(held_only(preset, server.url()));
      };
      const auto rejected =
          run([](const MockRequest&) { return MockResponse::json(401, R"({"message": "bad token"})"); });
      CHECK(rejected.exit_code == 3);
      CHECK(has(rejected.out + rejected.err, preset.token_env));
      CHECK(run([](const MockRequest&) { return MockResponse::json(403, R"({"message": "no"})"); }).exit_code ==
            preset.forbidden_exit);
      const auto busy = run([](const MockRequest&) { return MockResponse::json(500, R"({"message": "down"})"); });
      CHECK(busy.exit_code == 4);
      CHECK(has(busy.out, "HTTP 500"));
      CHECK(run([](const MockRequest&) { return faulty(MockResponse::Fault::kResetMidHeaders); }).exit_code == 4);
      CHECK(run([](const MockRequest&) { return faulty(MockResponse::Fault::kTruncateBody); }).exit_code == 4);
      const auto odd = run([&](const MockRequest&) { return MockResponse::json(200, preset.odd_body); });
      CHECK(odd.exit_code == preset.odd_exit);
      if (preset.odd_exit == 4) CHECK(has(odd.out, "could not ask " + preset.name));
    }
  }

  TEST_CASE("each listing preset: a rejection quoting parts of the token (no prefix, cut short) shows none of them") {
    const std::string token(kFakeToken);
    const std::vector<std::string> parts{token.substr(8), token.substr(0, 20)};
    for (const Preset& preset : presets()) {
      CAPTURE(preset.name);
      World world;
      world.env[preset.token_env] = kFakeToken;
      MockServer server(
          [&](const MockRequest&) {
            const std::string quoted = "bad token " + parts[0] + " (" + parts[1] + ")";
            return MockResponse::json(401, R"({"message": ")" + quoted + R"(", "detail": ")" + quoted +
                                               R"(", "errors": [{"message": ")" + quoted + "\"}]}");
          },
          world.https());
      const auto result = world.check(held_only(preset, server.url()));
      CHECK(result.exit_code == 3);
      CHECK(has(result.out + result.err, "bad token [REDACTED]"));
      for (const std::string& part : parts) CHECK_FALSE(has(result.out + result.err, part));
    }
  }

  TEST_CASE("each listing preset: 429 with Retry-After is waited out, then answered") {
    for (const Preset& preset : presets()) {
      CAPTURE(preset.name);
      World world;
      world.env[preset.token_env] = kFakeToken;
      std::atomic<int> calls{0};
      MockServer server(
          [&](const MockRequest& r) {
            if (++calls == 1) return with_header(MockResponse::json(429, "{}"), "Retry-After", "1");
            return preset.answer(r);
          },
          world.https());
      const auto result = world.check(held_only(preset, server.url()));
      CHECK(result.exit_code == 0);
      CHECK(result.seconds >= 0.9);
    }
  }

  TEST_CASE("each listing preset: the answer saved for --response-file gives the same verdict, offline") {
    for (const Preset& preset : presets()) {
      if (preset.name == "cloudflare") continue;  // two answers: its saved verify answer is tested below
      CAPTURE(preset.name);
      World world;
      MockRequest request;
      request.target = preset.path;
      const MockResponse answer = preset.answer(request);
      std::string saved = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\n";
      for (const auto& [name, value] : answer.headers) saved += name + ": " + value + "\r\n";
      saved += "\r\n" + answer.body;
      const std::string file = world.dir.write(preset.name + ".http", saved);
      const auto result = world.run({"check", "-m", world.manifest(manifest_for(preset, "https://127.0.0.1:9")),
                                     "--response-file", file});
      CHECK(result.exit_code == 1);
      CHECK(has(result.out, "  ok          held"));
      CHECK(has(result.out, "  MISSING     lacking"));
    }
  }

  TEST_CASE("cloudflare: a token without API Tokens Read is unverifiable (exit 5), a disabled one exit 3") {
    World world;
    world.env["CLOUDFLARE_API_TOKEN"] = kFakeToken;
    std::string status = "active";
    MockServer server(
        [&](const MockRequest& r) {
          if (r.target != "/client/v4/user/tokens/verify")
            return MockResponse::json(403, R"({"success": false, "errors": [{"code": 9109, "message": "Unauthorized"}]})");
          return MockResponse::json(200, R"({"success": true, "result": {"id": ")" + kCloudflareId + R"(", "status": ")" +
                                             status + "\"}}");
        },
        world.https());
    const Preset cloudflare = presets().back();
    const auto unseen = world.check(held_only(cloudflare, server.url()));
    CHECK(unseen.exit_code == 5);
    CHECK(has(unseen.out, "grant it \"API Tokens Read\" to let scopegate see them"));
    status = "disabled";
    const auto disabled = world.check(held_only(cloudflare, server.url()));
    CHECK(disabled.exit_code == 3);
    CHECK(has(disabled.out, "Cloudflare says the token is disabled"));
  }

  TEST_CASE("fastly: a token limited to other services is missing everything on resource:, with the service in the fix") {
    World world;
    world.env["FASTLY_API_TOKEN"] = kFakeToken;
    world.env["FASTLY_SERVICE_ID"] = "svc9";
    MockServer server(
        [](const MockRequest&) { return MockResponse::json(200, R"({"scope": "global", "services": ["svc1", "svc2"]})"); },
        world.https());
    const auto result = world.check("version: 1\nproviders:\n  fastly: {preset: fastly, base_url: \"" + server.url() +
                                    "\", resource: \"${FASTLY_SERVICE_ID}\"}\nfeatures:\n  purge: {requires: [purge_all]}\n");
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "create a token with purge_all for service svc9 (or all services)"));
  }

  TEST_CASE("all seven in one manifest, each answering 1 s late: about the time of one") {
    World world;
    const AllSeven seven(world, &Preset::granted, [](const MockHandler& answer, const MockRequest& r) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      return answer(r);
    });
    const auto result = world.check(seven.yaml);
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "all 7 checked features have the scopes they need"));
    // Cloudflare asks twice, one after the other: the slowest takes 2 s.
    CHECK(result.seconds < seconds_bound(3.5));
    std::printf("  seven listing presets, each 1 s late (cloudflare 2 x 1 s): %.2f s\n", result.seconds);
  }

  TEST_CASE("all seven, every format, verbose, a server that echoes the token: the token is in no output or file") {
    World world;
    const AllSeven seven(world, &Preset::missing, [](const MockHandler& answer, const MockRequest& r) {
      MockResponse response = answer(r);
      response.headers.emplace_back("X-Echo", r.header("Authorization") + r.header("Fastly-Key") +
                                                  r.header("X-Shopify-Access-Token"));
      return response;
    });
    const std::string manifest = world.manifest(seven.yaml);
    for (const char* format : {"text", "json", "sarif", "junit", "markdown", "github"}) {
      CAPTURE(std::string(format));
      const std::string report = world.dir.file(std::string("report.") + format);
      const auto result = world.run({"check", "-m", manifest, "--ca-file", world.ca_file, "--verbose", "--format",
                                     format, "-o", report});
      CHECK(result.exit_code == 1);
      CHECK_FALSE(has(read_file(report), kFakeToken));
    }
  }
}
