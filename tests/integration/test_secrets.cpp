// Secrets, checked not hoped: every command and every format, on success and
// failure paths, with --verbose, against servers that echo the token back.
// The recognisable fake token must appear in no output and no file written
// (the one exception: the ::add-mask:: lines of --format github, which the
// Actions runner consumes to hide it), in no URL, and at no other host.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "support/fake_token.h"
#include "support/mock_server.h"
#include "support/subprocess.h"
#include "support/test_ca.h"
#include "util/json_stream.h"

using namespace scopegate::testing;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;
constexpr const char* kClientSecret = "oauth-client-SECRET-never-printed-42";
// base64("ci-client:" + kClientSecret): the Basic credential of an introspection request.
constexpr const char* kClientBasic = "Y2ktY2xpZW50Om9hdXRoLWNsaWVudC1TRUNSRVQtbmV2ZXItcHJpbnRlZC00Mg==";


void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Everything an Authorization header carried, echoed back in every way a
// careless server might: TOKEN in the body becomes the token, AUTH the whole header.
MockResponse echo(const MockRequest& request, int status, const std::string& body_template) {
  const std::string auth = request.header("Authorization");
  const std::string token = auth.starts_with("Bearer ") ? auth.substr(7) : request.header("PRIVATE-TOKEN");
  std::string body = body_template;
  replace_all(body, "TOKEN", token);
  replace_all(body, "AUTH", auth);
  MockResponse response = MockResponse::json(status, body);
  response.headers.emplace_back("X-Echo", auth);
  response.headers.emplace_back("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + token + "\"");
  return response;
}

struct World {
  TempDir dir;
  TestCa ca;
  std::string ca_file = dir.write("ca.pem", ca.cert_pem());
  std::string token_file = dir.write("gitlab.token", std::string(kFakeToken) + "\n");
  int runs = 0;

  ProcessResult run(std::vector<std::string> args, std::map<std::string, std::string> extra_env = {}) {
    ProcessOptions options;
    options.args = std::move(args);
    options.env = {{"PATH", "/usr/bin:/bin"},   {"SONAR_API_KEY", kFakeToken},          {"GH_TOKEN", kFakeToken},
                   {"CLIENT_ID", "ci-client"},  {"CLIENT_SECRET", kClientSecret},   {"ACCESS_TOKEN", kFakeToken},
                   {"RUNNER_TEMP", dir.path()}, {"GITHUB_OUTPUT", dir.file("out")}, {"GITHUB_STEP_SUMMARY", dir.file("sum")}};
    const bool own_token = !extra_env.contains("SONAR_API_KEY");
    for (auto& [key, value] : extra_env) options.env[key] = value;
    options.cwd = dir.path();
    const ProcessResult result = run_process(kBinary, options);
    ++runs;
    std::string out = result.out;
    // --format github: the ::add-mask:: lines come first, for the runner.
    std::size_t masks = 0;
    while (out.starts_with("::add-mask::")) {
      out.erase(0, out.find('\n') + 1);
      ++masks;
    }
    if (masks > 0 && own_token) CHECK(has(result.out, std::string("::add-mask::") + kFakeToken + "\n"));
    CAPTURE(options.args);
    CHECK_FALSE(has(out, kFakeToken));
    CHECK_FALSE(has(result.err, kFakeToken));
    CHECK_FALSE(has(out + result.err, kClientSecret));
    CHECK_FALSE(has(out + result.err, kClientBasic));
    CHECK_FALSE(has(out + result.err, "FAKE_TOKEN"));  // not even a part of it
    return result;
  }

  // Every file the runs left behind, except the token file the test wrote.
  void no_token_on_disk() const {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
      if (!entry.is_regular_file() || entry.path() == token_file) continue;
      ++files;
      const std::string text = dir.read(std::filesystem::relative(entry.path(), dir.path()).string());
      CAPTURE(entry.path().string());
      CHECK_FALSE(has(text, kFakeToken));
      CHECK_FALSE(has(text, kClientSecret));
      CHECK_FALSE(has(text, kClientBasic));
    }
    CHECK(files >= 10);
  }
};

std::string manifest(const std::string& base, const std::string& token_file) {
  return "version: 1\nproviders:\n"
         "  sonar: {preset: sonar, base_url: \"" + base + "\"}\n"
         "  gh: {preset: github, token_env: GH_TOKEN, base_url: \"" + base + "\"}\n"
         "  gl: {preset: gitlab, token_file: \"" + token_file + "\", base_url: \"" + base + "\"}\n"
         "  idp: {preset: oauth2, introspection_url: \"" + base + "/introspect\", client_id_env: CLIENT_ID, "
         "client_secret_env: CLIENT_SECRET, token_env: ACCESS_TOKEN}\n"
         "features:\n"
         "  read: {provider: sonar, requires: [documents:signed:read, documents:signed:export]}\n"
         "  push: {provider: gh, requires: [repo]}\n"
         "  api: {provider: gl, requires: [read_api]}\n"
         "  orders: {provider: idp, requires: [orders:read]}\n";
}
}  // namespace

TEST_SUITE("integration.secrets") {
  TEST_CASE("every command, every format, success and failure, verbose: the token is nowhere") {
    World world;
    std::atomic<int> mode{0};  // 0 answers, 1 rejects echoing the token, 2 fails echoing it
    MockServer server(
        [&](const MockRequest& r) {
          if (mode == 1) return echo(r, 401, R"({"code": "INVALID_API_KEY", "message": "TOKEN is revoked: AUTH", "error": "TOKEN"})");
          if (mode == 2) return echo(r, 500, R"({"message": "internal error for TOKEN"})");
          if (r.target == "/api/sdk/v1/scopes-allowed")
            return echo(r, 200, R"({"keyPrefix": "sk_live", "name": "key TOKEN", "scopes": ["documents:signed:read", "TOKEN"]})");
          if (r.target == "/api/sdk/v1/scopes-allowed/all")
            return echo(r, 200, R"([{"id": "documents", "label": "TOKEN", "types": [{"id": "signed", "label": "Signed", "scopes": [{"value": "documents:signed:read", "label": "TOKEN"}]}]}])");
          if (r.target == "/user") {
            MockResponse response = echo(r, 200, R"({"login": "TOKEN"})");
            response.headers.emplace_back("X-OAuth-Scopes", "gist");
            return response;
          }
          if (r.target == "/api/v4/personal_access_tokens/self")
            return echo(r, 200, R"({"name": "TOKEN", "revoked": false, "active": true, "scopes": ["read_api"]})");
          if (r.target == "/introspect") return MockResponse::json(200, R"({"active": true, "scope": "orders:read", "username": "u"})");
          return MockResponse::json(404, "{}");
        },
        {true, world.ca.issue(), false});
    const std::string path = world.dir.write("scopegate.yaml", manifest(server.url(), world.token_file));
    const std::vector<std::string> common{"-m", path, "--ca-file", world.ca_file, "-v"};
    auto with = [&](std::vector<std::string> head, std::vector<std::string> tail = {}) {
      head.insert(head.end(), common.begin(), common.end());
      head.insert(head.end(), tail.begin(), tail.end());
      return head;
    };
    for (int current : {0, 1, 2}) {
      mode = current;
      const std::string tag = std::to_string(current);
      for (const char* format : {"text", "json", "github", "junit", "markdown", "sarif"}) {
        world.run(with({"check", "--format", format}));
        world.run(with({"check", "--format", format, "-o", world.dir.file(std::string("report-") + format + tag)}));
      }
      world.run(with({"check", "--report", "json=" + world.dir.file("r.json" + tag), "--report",
                      "sarif=" + world.dir.file("r.sarif" + tag), "--report", "junit=" + world.dir.file("r.xml" + tag),
                      "--report", "markdown=" + world.dir.file("r.md" + tag)}));
      world.run(with({"scopes"}));
      world.run(with({"scopes", "--format", "json"}));
      world.run(with({"lint", "--catalog"}));
      world.run(with({"catalog"}));
      world.run(with({"catalog", "--format", "json"}));
    }
    // --verbose really logged the requests it was asked to (redacted, like everything else).
    mode = 1;
    const auto verbose = world.run(with({"check"}));
    CHECK(has(verbose.err, "scopegate: -> GET " + server.url() + "/api/sdk/v1/scopes-allowed (headers: Authorization)"));
    CHECK(has(verbose.err, ": HTTP 401,"));
    // Failure paths before any request: usage errors, a bad manifest, offline sources.
    world.run({"check", "-m", path, "--format", "nope"});
    world.run({"check", "-m", world.dir.write("bad.yaml", "version: 2\nproviders: {}\n")});
    world.run({"check", "-m", path, "--granted", "documents:signed:read", "--format", "github"});
    world.run({"check", "-m", path, "-f", "missing-feature"});
    world.run({"lint", "-m", path});
    world.run({"catalog", "-m", path, "--offline"});
    world.run({"init", "--preset", "sonar", "-o", world.dir.file("init.yaml")});
    world.run({"--help"});
    CHECK(world.runs >= 62);
    world.no_token_on_disk();

    for (const MockRequest& request : server.requests()) {
      CAPTURE(request.target);
      CHECK_FALSE(has(request.target, kFakeToken));  // never in a URL
      CHECK_FALSE(has(request.target, "FAKE_TOKEN"));
    }
  }

  TEST_CASE("the token goes only to its own provider: another provider's server never sees it") {
    World world;
    MockServer mine([](const MockRequest&) {
      return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "k", "scopes": ["documents:signed:read"]})");
    }, {true, world.ca.issue(), false});
    MockServer other([](const MockRequest& r) {
      MockResponse response = MockResponse::json(200, R"({"login": "x"})");
      response.headers.emplace_back("X-OAuth-Scopes", "repo");
      (void)r;
      return response;
    }, {true, world.ca.issue(), false});
    const std::string path = world.dir.write(
        "two.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"" + mine.url() +
                        "\"}\n  gh: {preset: github, token_env: OTHER_TOKEN, base_url: \"" + other.url() +
                        "\"}\nfeatures:\n  a: {provider: sonar, requires: [documents:signed:read]}\n"
                        "  b: {provider: gh, requires: [repo]}\n");
    const auto result = world.run({"check", "-m", path, "--ca-file", world.ca_file}, {{"OTHER_TOKEN", "ghp_other_token_abcdef"}});
    CHECK(result.exit_code == 0);
    for (const MockRequest& request : other.requests()) {
      CHECK_FALSE(has(request.header("Authorization"), kFakeToken));
      CHECK(request.header("Authorization") == "Bearer ghp_other_token_abcdef");
    }
    for (const MockRequest& request : mine.requests()) CHECK(request.header("Authorization") == std::string("Bearer ") + kFakeToken);
  }

  TEST_CASE("a token full of characters the formats escape is found in every escaped form") {
    // JSON escapes " and \, XML & < > ", markdown | and `, workflow commands % : ,
    const std::string odd = "sk_live_ODD\"<&>|`%:,\\UNIQUEMARK_42";
    World world;
    std::atomic<int> mode{0};
    MockServer server(
        [&](const MockRequest& r) {
          const std::string token = scopegate::util::json_escaped(r.header("Authorization").substr(7));
          if (mode == 1) return MockResponse::json(401, R"({"message": "key )" + token + R"( is revoked"})");
          return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": ")" + token +
                                             R"(", "scopes": ["documents:signed:read", ")" + token + R"("]})");
        },
        {true, world.ca.issue(), false});
    const std::string path = world.dir.write(
        "odd.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"" + server.url() +
                        "\"}\nfeatures:\n  read: {requires: [documents:signed:read, documents:signed:export]}\n");
    for (int current : {0, 1}) {
      mode = current;
      for (const char* format : {"text", "json", "github", "junit", "markdown", "sarif"}) {
        CAPTURE(format);
        const auto result = world.run({"check", "-m", path, "--ca-file", world.ca_file, "--format", format,
                                       "-o", world.dir.file(std::string("odd.") + format)},
                                      {{"SONAR_API_KEY", odd}});
        CHECK(result.exit_code == (current == 0 ? 1 : 3));
        std::string out = result.out;
        while (out.starts_with("::add-mask::")) out.erase(0, out.find('\n') + 1);
        CHECK_FALSE(has(out + result.err, "UNIQUEMARK"));
        CHECK_FALSE(has(world.dir.read(std::string("odd.") + format), "UNIQUEMARK"));
      }
    }
    CHECK(server.requests().size() >= 12);
  }
}

TEST_SUITE("integration.secrets.origins") {
  TEST_CASE("a probe url on another origin than base_url: exit 2, and neither server receives anything") {
    World world;
    MockServer mine([](const MockRequest&) { return MockResponse::json(200, "{}"); });
    MockServer other([](const MockRequest&) { return MockResponse::json(200, "{}"); });
    auto manifest = [&](const std::string& name, const std::string& probe_url) {
      return world.dir.write(name, "version: 1\nproviders:\n  api:\n    preset: generic\n    base_url: " + mine.url() +
                                       "\n    token_env: ACCESS_TOKEN\n    probes:\n"
                                       "      - {scope: orders:read, url: /v1/orders}\n"
                                       "      - {scope: orders:write, url: \"" + probe_url + "\"}\n"
                                       "features:\n  a: {requires: [orders:read, orders:write]}\n");
    };
    // Line 9 holds the second probe's url, at column 36.
    const std::string literal = manifest("literal.yaml", other.url() + "/steal");
    const std::string where = literal + ":9:36: error: probe url " + other.url() + "/steal is on another origin";
    const auto check = world.run({"check", "-m", literal});
    CHECK(check.exit_code == 2);
    CHECK(has(check.err, where));
    const auto lint = world.run({"lint", "-m", literal});
    CHECK(lint.exit_code == 2);
    CHECK(has(lint.err, where));

    // The same through ${VAR}: check refuses it after expansion, at the url.
    const std::string variable = manifest("variable.yaml", "${STEAL_BASE}/steal");
    const auto expanded = world.run({"check", "-m", variable, "-v"}, {{"STEAL_BASE", other.url()}});
    CHECK(expanded.exit_code == 2);
    CHECK(has(expanded.err, variable + ":9:36: error: probe url " + other.url() + "/steal is on another origin"));
    CHECK(other.requests().empty());
    CHECK(mine.requests().empty());

    // On its own origin both probes go out, with the token.
    CHECK(world.run({"check", "-m", variable}, {{"STEAL_BASE", mine.url()}}).exit_code == 0);
    CHECK(other.requests().empty());
    REQUIRE(mine.requests().size() == 2);
    for (const MockRequest& request : mine.requests())
      CHECK(request.header("Authorization") == std::string("Bearer ") + kFakeToken);
  }
}

TEST_SUITE("integration.secrets.files") {
  const std::filesystem::perms kOwnerOnly = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;

  TEST_CASE("report files are created private, and in a directory others can write to nothing planted is followed") {
    World world;
    const std::string manifest = world.dir.write("m.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: "
                                                           "https://x.example}\nfeatures:\n  a: {requires: [x:y]}\n");
    const std::vector<std::string> offline{"check", "-m", manifest, "--granted", "x:y", "--format", "json", "-o"};
    auto with_output = [&](const std::string& path) {
      std::vector<std::string> args = offline;
      args.push_back(path);
      return world.run(args);
    };
    CHECK(with_output(world.dir.file("r.json")).exit_code == 0);
    CHECK((std::filesystem::status(world.dir.file("r.json")).permissions() & std::filesystem::perms::all) == kOwnerOnly);

    // A shared directory, as /tmp is: world-writable and sticky.
    const std::string shared = world.dir.path() + "/shared";
    std::filesystem::create_directory(shared);
    std::filesystem::permissions(shared, std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
    const std::string victim = world.dir.write("victim.txt", "keep me");
    std::filesystem::create_symlink(victim, shared + "/planted.json");
    const auto planted = with_output(shared + "/planted.json");
    CHECK(planted.exit_code == 2);
    CHECK(has(planted.err, "is a symbolic link in a directory others can write to; not following it"));
    CHECK(read_file(victim) == "keep me");

    const std::string foreign = shared + "/foreign.json";
    world.dir.write("shared/foreign.json", "someone else's");
    if (::chown(foreign.c_str(), 4242, 4242) == 0) {  // as root, CI's case; skipped elsewhere
      const auto other_user = with_output(foreign);
      CHECK(other_user.exit_code == 2);
      CHECK(has(other_user.err, "belongs to another user, in a directory others can write to; not writing it"));
      CHECK(read_file(foreign) == "someone else's");
    }
    // A FIFO planted there would block the write forever (after the providers were asked): refused up front.
    const std::string fifo = shared + "/fifo.json";
    REQUIRE(::mkfifo(fifo.c_str(), 0666) == 0);
    const auto blocked = with_output(fifo);
    CHECK(blocked.exit_code == 2);
    CHECK(has(blocked.err, "is not a regular file, in a directory others can write to"));
    CHECK(has(blocked.err, "(nothing was checked)"));
    CHECK(blocked.seconds < 5);
    // A file of one's own there is written as usual.
    CHECK(with_output(shared + "/mine.json").exit_code == 0);
    // An existing report of one's own is made private as it is written again.
    const std::string old = world.dir.write("old.json", "{}");
    std::filesystem::permissions(old, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                          std::filesystem::perms::others_read);
    CHECK(with_output(old).exit_code == 0);
    CHECK((std::filesystem::status(old).permissions() & std::filesystem::perms::all) == kOwnerOnly);
  }

  TEST_CASE("--format github outside Actions prints no ::add-mask:: line, so no token") {
    World world;
    MockServer server([](const MockRequest&) {
      return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "CI", "scopes": ["x:y"]})");
    });
    const std::string manifest = world.dir.write(
        "m.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"" + server.url() +
                      "\"}\nfeatures:\n  a: {requires: [x:y]}\n");
    const auto outside = world.run({"check", "-m", manifest, "--format", "github"});
    CHECK(outside.exit_code == 0);
    CHECK_FALSE(has(outside.out, "::add-mask::"));
    const auto inside = world.run({"check", "-m", manifest, "--format", "github"}, {{"GITHUB_ACTIONS", "true"}});
    CHECK(has(inside.out, std::string("::add-mask::") + kFakeToken));
  }
}

TEST_SUITE("integration.secrets.manifest") {
  TEST_CASE("a generic provider's other header variables are redacted like its token when a server echoes them") {
    World world;
    MockServer server([](const MockRequest& request) {
      return MockResponse::json(500, R"({"message": "bad key )" + request.header("X-Api-Key") + R"("})");
    });
    const std::string manifest = world.dir.write(
        "m.yaml", "version: 1\nproviders:\n  api:\n    preset: generic\n    token_env: ACCESS_TOKEN\n    request:\n"
                  "      url: " + server.url() + "/t\n      headers: {Authorization: \"Bearer ${TOKEN}\", "
                  "X-Api-Key: \"${EXTRA_KEY}\"}\n    scopes: /scopes\nfeatures:\n  a: {requires: [x]}\n");
    const auto result = world.run({"check", "-m", manifest, "--format", "json"}, {{"EXTRA_KEY", "extra-api-key-0123456789"}});
    CHECK(result.exit_code == 4);
    CHECK(has(result.all(), "bad key [REDACTED]"));
    CHECK_FALSE(has(result.all(), "extra-api-key-0123456789"));
  }

  TEST_CASE("a password written into base_url is refused and never printed, not even in the quoted line") {
    World world;
    const std::string manifest = world.dir.write(
        "m.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"https://ci:Passw0rd-very-secret@sonar.example.com\"}\n"
                  "features:\n  a: {requires: [documents:signed:read]}\n");
    for (const char* command : {"check", "lint"}) {
      const auto result = world.run({command, "-m", manifest});
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, "carries a user name or password: credentials never go in a URL"));
      CHECK_FALSE(has(result.all(), "Passw0rd-very-secret"));
    }
  }
}
