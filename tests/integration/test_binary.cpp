// Runs the built scopegate binary as a user or a CI job would, on the bundled
// examples and on broken manifests, and checks exit codes and output.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <string>

#include "support/bounds.h"
#include "support/dates.h"
#include "support/fake_token.h"
#include "support/mock_server.h"
#include "support/subprocess.h"

using scopegate::testing::MockRequest;
using scopegate::testing::MockResponse;
using scopegate::testing::MockServer;
using scopegate::testing::ProcessOptions;
using scopegate::testing::ProcessResult;
using scopegate::testing::TempDir;
using scopegate::testing::read_file;
using scopegate::testing::days_from_now;
using scopegate::testing::iso_timestamp;
using scopegate::testing::unix_seconds;
using scopegate::testing::unsigned_jwt;
using scopegate::testing::has;
using scopegate::testing::kFakeToken;
using scopegate::testing::kib_bound;
using scopegate::testing::seconds_bound;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;
const std::string kSource = SCOPEGATE_SOURCE_DIR;

std::string example(const std::string& path) { return kSource + "/examples/" + path; }


ProcessResult run(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                  const std::string& cwd = "") {
  ProcessOptions options;
  options.args = std::move(args);
  options.env = std::move(env);
  options.env.emplace("PATH", "/usr/bin:/bin");
  options.cwd = cwd;
  options.timeout_seconds = 20;
  return scopegate::testing::run_process(kBinary, options);
}

}  // namespace

TEST_SUITE("integration.examples") {
  TEST_CASE("quickstart: per-feature verdicts and the summary line, exit 1") {
    const auto result = run({"check", "-m", example("quickstart/scopegate.yaml"), "--response-file",
                             example("quickstart/scopes-allowed.json")});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  ok          read-signed"));
    CHECK(has(result.out, "  MISSING     export-signed"));
    CHECK(has(result.out, "missing: documents:signed:export (Documents / Signed / Export)"));
    CHECK(has(result.out, "hint: Ask an organisation admin to add the export scope to the CI key."));
    CHECK(has(result.out, "  skipped     nightly-cleanup"));
    CHECK(has(result.out, "excess on sonar: documents:uploaded:delete"));
    CHECK(has(result.out, "\n2 of 5 features blocked: add documents:signed:export, documents:generated:read to key "
                          "'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys\n"));
    CHECK(result.err.empty());
    CHECK_FALSE(has(result.out, "\x1b["));  // not a terminal
  }

  TEST_CASE("quickstart: NIGHTLY enables the optional feature, which never fails the run") {
    const auto result = run({"check", "-m", example("quickstart/scopegate.yaml"), "--response-file",
                             example("quickstart/scopes-allowed.json"), "-f", "read-signed,nightly-cleanup"},
                            {{"NIGHTLY", "1"}});
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "  ok          nightly-cleanup"));
  }

  TEST_CASE("quickstart: JSON report to a file, text report on stderr") {
    TempDir dir;
    const auto result = run({"check", "-m", example("quickstart/scopegate.yaml"), "--response-file",
                             example("quickstart/scopes-allowed.json"), "--format", "json", "-o", dir.file("r.json")});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(has(result.err, "2 of 5 features blocked"));
    const auto report = boost::json::parse(dir.read("r.json"));
    CHECK(report.at("schema").as_string() == "scopegate/report/v1");
    CHECK(report.at("exit_code").as_int64() == 1);
    CHECK(report.at("missing").as_array().size() == 2);
  }

  TEST_CASE("quickstart: with -o, every format's report goes to the file and stdout stays empty") {
    for (const char* format : {"text", "json", "junit", "markdown", "sarif"}) {
      CAPTURE(format);
      TempDir dir;
      const auto result = run({"check", "-m", example("quickstart/scopegate.yaml"), "--response-file",
                               example("quickstart/scopes-allowed.json"), "--format", format, "-o", dir.file("report")});
      CHECK(result.exit_code == 1);
      CHECK(result.out.empty());
      CHECK(has(result.err, "2 of 5 features blocked"));
      CHECK(has(dir.read("report"), "documents:signed:export"));
    }
  }

  TEST_CASE("quickstart: only an optional feature misses, and the one summary line says so") {
    const std::vector<std::string> args{"check", "-m", example("quickstart/scopegate.yaml"), "--granted",
                                        "documents:signed:*,documents:generated:*"};
    const auto text = run(args, {{"NIGHTLY", "1"}});
    CHECK(text.exit_code == 0);
    const std::string line =
        "5 of 6 checked features have their scopes; optional feature nightly-cleanup would be blocked: add "
        "documents:uploaded:delete to the key at https://session.sonar.de/acme/settings/api-keys";
    CHECK(has(text.out, "\n" + line + "\n"));
    CHECK_FALSE(has(text.out, "all 6 checked features"));
    CHECK_FALSE(has(text.out, "would be blocked (warning only)"));
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json"});
    const auto json = run(json_args, {{"NIGHTLY", "1"}});
    CHECK(boost::json::parse(json.out).at("summary").as_string() == line);
  }

  TEST_CASE("socket-basics: socket-basics:read is missing unless a JSON config file is used") {
    const std::vector<std::string> args{"check", "-m", example("socket-basics/scopegate.yaml"), "--granted-file",
                                        example("socket-basics/dashboard-scopes.txt")};
    const auto dashboard = run(args);
    CHECK(dashboard.exit_code == 1);
    CHECK(has(dashboard.out, "missing: socket-basics:read"));
    CHECK(has(dashboard.out, "Settings > API Tokens"));
    CHECK(has(dashboard.out, "  ok          submit-results"));  // the bare group full-scans covers full-scans:create
    const auto with_config = run(args, {{"SOCKET_BASICS_CONFIG", "socket-basics.json"}});
    CHECK(with_config.exit_code == 0);
    CHECK(has(with_config.out, "  skipped     dashboard-config"));
  }

  TEST_CASE("github: classic token lists scopes, fine-grained is unverifiable (exit 5)") {
    const auto classic = run({"check", "-m", example("github/scopegate.yaml"), "--response-file",
                              example("github/user-classic.txt")});
    CHECK(classic.exit_code == 1);
    CHECK(has(classic.out, "missing: write:packages"));
    CHECK(has(classic.out, "  ok          read-teams"));  // write:org includes read:org
    CHECK(has(classic.out, "gh auth refresh -s write:packages"));
    const auto fine = run({"check", "-m", example("github/scopegate.yaml"), "--response-file",
                           example("github/user-fine-grained.txt")});
    CHECK(fine.exit_code == 5);
    CHECK(has(fine.out, "fine-grained"));
  }

  TEST_CASE("gitlab: api covers read_api, --min-ttl against expires_at, when: CI_COMMIT_TAG") {
    const std::vector<std::string> args{"check", "-m", example("gitlab/scopegate.yaml"), "--response-file",
                                        example("gitlab/token-self.json")};
    CHECK(run(args).exit_code == 0);
    std::vector<std::string> long_ttl = args;
    long_ttl.insert(long_ttl.end(), {"--min-ttl", "36500d"});
    CHECK(run(long_ttl).exit_code == 0);  // the example's token never expires
    // The same answer for a token that expires in 10 days, dated from the clock under test.
    TempDir dir;
    std::string answer = read_file(example("gitlab/token-self.json"));
    const std::string never = R"("expires_at": null)";
    REQUIRE(has(answer, never));
    answer.replace(answer.find(never), never.size(), R"("expires_at": ")" + iso_timestamp(days_from_now(10)) + "\"");
    const auto expiring = run({"check", "-m", example("gitlab/scopegate.yaml"), "--response-file",
                               dir.write("token-self.json", answer), "--min-ttl", "30d"});
    CHECK(expiring.exit_code == 1);
    CHECK(has(expiring.out, "sooner than --min-ttl 30d"));
    const auto tagged = run(args, {{"CI_COMMIT_TAG", "v1.0.0"}});
    CHECK(tagged.exit_code == 1);
    CHECK(has(tagged.out, "missing: write_registry"));
  }

  TEST_CASE("every example lints clean") {
    for (const char* name : {"quickstart", "socket-basics", "github", "gitlab"}) {
      CAPTURE(name);
      const auto result = run({"lint", "-m", example(std::string(name) + "/scopegate.yaml")});
      CHECK(result.exit_code == 0);
      CHECK(result.err.empty());
    }
  }
}

TEST_SUITE("integration.errors") {
  TEST_CASE("a broken manifest: every error as FILE:LINE:COL, exit 2, for check and lint") {
    TempDir dir;
    const std::string path = dir.write("bad.yaml", R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://x.example
    tokn_env: SONAR_API_KEY
features:
  read:
    requires: [documents:signed:read]
    optionl: true
  write:
    provider: sonr
    requires: [documents:signed:upload]
)");
    const auto result = run({"check", "-m", path, "--granted", "x"});
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, path + ":6:5: error: unknown key 'tokn_env' in provider 'sonar' (did you mean "
                                 "'token_env'?)"));
    CHECK(has(result.err, path + ":10:5: error: unknown key 'optionl' in feature 'read' (did you mean "
                                 "'optional'?)"));
    CHECK(has(result.err, path + ":12:15: error: feature 'write' names provider 'sonr', which is not defined "
                                 "(did you mean 'sonar'?)"));
    CHECK(has(result.err, "  6 |     tokn_env: SONAR_API_KEY\n    |     ^\n"));
    CHECK(result.out.empty());
    const auto lint = run({"lint", "-m", path});
    CHECK(lint.exit_code == 2);
    CHECK(has(lint.err, "3 errors"));
  }

  TEST_CASE("a missing manifest, a directory, a binary file: exit 2 with a message") {
    TempDir dir;
    const auto missing = run({"check", "-m", dir.file("nope.yaml"), "--granted", "x"});
    CHECK(missing.exit_code == 2);
    CHECK(has(missing.err, "nope.yaml:1:1: error: cannot read the manifest: no such file"));
    const auto directory = run({"lint", "-m", dir.path()});
    CHECK(directory.exit_code == 2);
    CHECK(has(directory.err, "is a directory"));
    const auto binary = run({"lint", "-m", dir.write("bin.yaml", std::string("version: 1\n\x7f" "ELF\0\0\x01", 17))});
    CHECK(binary.exit_code == 2);
    CHECK(has(binary.err, "the manifest is not text: it contains a NUL byte"));
    const auto latin1 = run({"lint", "-m", dir.write("latin1.yaml", "version: 1\n# caf\xe9\n")});
    CHECK(latin1.exit_code == 2);
    CHECK(has(latin1.err, ":2:6: error: the manifest is not valid UTF-8"));
  }

  TEST_CASE("alias bombs and 50,000-deep nesting are refused quickly, in little memory") {
    TempDir dir;
    std::string bomb = "version: 1\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 9; ++i) {
      bomb += "lol" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
      for (int j = 0; j < 10; ++j) bomb += (j ? ", *l" : "*l") + std::to_string(i - 1);
      bomb += "]\n";
    }
    const auto laughs = run({"lint", "-m", dir.write("bomb.yaml", bomb)});
    CHECK(laughs.exit_code == 2);
    CHECK(has(laughs.err, "expands to more than"));
    CHECK(laughs.seconds < seconds_bound(2.0));
    CHECK(laughs.max_rss_kb < kib_bound(64 * 1024));

    const auto deep = run({"lint", "-m", dir.write("deep.yaml", "version: 1\nproviders: " + std::string(50000, '[') +
                                                                 std::string(50000, ']') + "\n")});
    CHECK(deep.exit_code == 2);
    CHECK(has(deep.err, ":2:75: error: nesting is deeper than 64 levels"));
    CHECK(deep.seconds < seconds_bound(2.0));
    CHECK(deep.max_rss_kb < kib_bound(64 * 1024));
  }

  TEST_CASE("usage errors: unknown command, option, format, feature: exit 2 with did-you-mean") {
    CHECK(has(run({"chekc"}).err, "did you mean 'check'?"));
    CHECK(run({"chekc"}).exit_code == 2);
    const auto format = run({"check", "-m", example("quickstart/scopegate.yaml"), "--format", "jsno"});
    CHECK(format.exit_code == 2);
    CHECK(has(format.err, "did you mean 'json'?"));
    const auto feature = run({"check", "-m", example("quickstart/scopegate.yaml"), "--granted", "x", "-f", "red-signed"});
    CHECK(feature.exit_code == 2);
    CHECK(has(feature.err, "no feature named 'red-signed'"));
    CHECK(has(feature.err, "(did you mean 'read-signed'?)"));
  }

  TEST_CASE("an unset token variable is exit 2 naming it, an offline source makes it unnecessary") {
    const auto unset = run({"check", "-m", example("quickstart/scopegate.yaml")});
    CHECK(unset.exit_code == 2);
    CHECK(has(unset.err, "environment variable SONAR_API_KEY is not set"));
    const auto empty = run({"check", "-m", example("quickstart/scopegate.yaml")}, {{"SONAR_API_KEY", ""}});
    CHECK(has(empty.err, "environment variable SONAR_API_KEY is empty"));
    CHECK(run({"check", "-m", example("quickstart/scopegate.yaml"), "--granted", "sonar=documents:*"}).exit_code == 0);
  }
}

TEST_SUITE("integration.outputs") {
  TEST_CASE("a report that cannot be written is exit 2 before any provider is asked") {
    MockServer server([](const MockRequest&) {
      return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})");
    });
    TempDir dir;
    const std::string manifest = dir.write("scopegate.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: " +
                                                                 server.url() + "}\nfeatures:\n  read: {requires: "
                                                                                "[documents:signed:read]}\n");
    const std::string previous = dir.write("previous.json", "the previous report");
    const std::map<std::string, std::string> env{{"SONAR_API_KEY", kFakeToken}};
    // A missing folder is created (see below); a file where a folder would go is not.
    const std::vector<std::vector<std::string>> unwritable{
        {"--format", "json", "-o", previous + "/such/dir/r.json"},
        {"-o", dir.path()},  // a directory
        {"--report", "sarif=" + previous + "/r.sarif"},
        {"--format", "json", "-o", dir.file("r.json"), "--report", "junit=" + previous + "/x.xml"},
        {"--format", "github", "-o", previous + "/no/r.json"},
    };
    for (const auto& extra : unwritable) {
      std::vector<std::string> args{"check", "-m", manifest};
      args.insert(args.end(), extra.begin(), extra.end());
      CAPTURE(extra.back());
      const auto result = run(args, env);
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, "scopegate: error: cannot write the "));
      CHECK(has(result.err, "(nothing was checked)"));
      CHECK(server.requests().empty());
      CHECK_FALSE(has(result.all(), kFakeToken));
    }
    CHECK(dir.read("previous.json") == "the previous report");  // checked, never truncated
    // The same check with a place to write asks the provider.
    const auto written = run({"check", "-m", manifest, "--format", "json", "-o", previous}, env);
    CHECK(written.exit_code == 0);
    CHECK_FALSE(server.requests().empty());
    CHECK(boost::json::parse(dir.read("previous.json")).at("ok").as_bool());
    // A folder that does not exist yet is created, as other CI reporters do.
    const auto nested = run({"check", "-m", manifest, "--format", "json", "-o", dir.file("reports/scopegate/r.json"),
                             "--report", "sarif=" + dir.file("reports/sarif/r.sarif")},
                            env);
    CHECK(nested.exit_code == 0);
    CHECK(boost::json::parse(dir.read("reports/scopegate/r.json")).at("ok").as_bool());
    CHECK(has(dir.read("reports/sarif/r.sarif"), "\"version\": \"2.1.0\""));
  }

  TEST_CASE("a report lost on a full stdout is exit 2 with a message, never a silent success") {
    for (const char* format : {"json", "text", "sarif"}) {
      CAPTURE(format);
      ProcessOptions options;
      options.args = {"-c", "exec \"$0\" \"$@\" > /dev/full", kBinary, "check", "-m", example("quickstart/scopegate.yaml"),
                      "--granted", "documents:*", "--format", format};
      options.env = {{"PATH", "/usr/bin:/bin"}};
      const auto result = scopegate::testing::run_process("/bin/sh", options);
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, "scopegate: error: cannot write the report to standard output\n"));
    }
    // The same run on a working stdout passes.
    CHECK(run({"check", "-m", example("quickstart/scopegate.yaml"), "--granted", "documents:*", "--format", "json"})
              .exit_code == 0);
  }
}

TEST_SUITE("integration.cli") {
  TEST_CASE("--version and --help") {
    const auto version = run({"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("scopegate "));
    CHECK(run({"check", "--help"}).exit_code == 0);
  }

  TEST_CASE("colour: forced by CLICOLOR_FORCE, never with NO_COLOR") {
    const std::vector<std::string> args{"check", "-m", example("quickstart/scopegate.yaml"), "--response-file",
                                        example("quickstart/scopes-allowed.json")};
    CHECK(has(run(args, {{"CLICOLOR_FORCE", "1"}}).out, "\x1b["));
    CHECK_FALSE(has(run(args, {{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}}).out, "\x1b["));
  }

  TEST_CASE("init writes a manifest that lints clean, then refuses to overwrite it") {
    TempDir dir;
    const auto init = run({"init", "--preset", "socket"}, {}, dir.path());
    CHECK(init.exit_code == 0);
    CHECK(has(dir.read("scopegate.yaml"), "preset: socket"));
    const auto lint = run({"lint"}, {}, dir.path());
    CHECK(lint.exit_code == 0);
    CHECK(lint.err.empty());
    CHECK(run({"init", "--preset", "socket"}, {}, dir.path()).exit_code == 2);
  }

  TEST_CASE("the fake token appears in no output of any command, even when echoed back") {
    TempDir dir;
    const std::string answer = dir.write("echo.json", std::string(R"({"keyPrefix": "sk_live", "name": ")") +
                                                          kFakeToken + R"(", "scopes": ["documents:signed:read"]})");
    const std::map<std::string, std::string> env{{"SONAR_API_KEY", kFakeToken}};
    const std::string manifest = example("quickstart/scopegate.yaml");
    const std::vector<std::vector<std::string>> commands{
        {"check", "-m", manifest, "--response-file", answer},
        {"check", "-m", manifest, "--response-file", answer, "--format", "json"},
        {"check", "-m", manifest, "--response-file", answer, "--format", "json", "-o", dir.file("r.json")},
        {"check", "-m", manifest},  // live is not possible in this build: an error path
        {"scopes", "-m", manifest, "--response-file", answer},
        {"scopes", "-m", manifest, "--response-file", answer, "--format", "json"},
        {"lint", "-m", manifest},
        {"catalog", "-m", manifest},
    };
    for (const auto& args : commands) {
      const auto result = run(args, env);
      CAPTURE(args.front());
      CHECK_FALSE(has(result.all(), kFakeToken));
    }
    CHECK_FALSE(has(dir.read("r.json"), kFakeToken));
    CHECK(has(dir.read("r.json"), "[REDACTED]"));
  }
}

// Real issuers' claim shapes, read by the jwt preset from the token's own
// variable (nothing is sent) and by the oauth2 preset from a saved answer.
TEST_SUITE("integration.claims") {
  const std::string kJwtManifest =
      "version: 1\nproviders:\n  api: {preset: jwt, token_env: API_TOKEN}\nfeatures:\n"
      "  reports: {requires: [export:reports]}\n";

  ProcessResult check_jwt(const TempDir& dir, const std::string& claims, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"check", "-m", dir.write("scopegate.yaml", kJwtManifest)};
    args.insert(args.end(), more.begin(), more.end());
    return run(args, {{"API_TOKEN", unsigned_jwt(claims)}});
  }

  std::string exp_in_days(int days) { return std::to_string(unix_seconds(days_from_now(days))); }

  TEST_CASE("Auth0: an API permission in the permissions array passes, and the report says which claim granted it") {
    TempDir dir;
    const std::string claims =
        R"({"scope": "openid", "permissions": ["export:reports"], "exp": )" + exp_in_days(90) + "}";
    const auto text = check_jwt(dir, claims);
    CHECK(text.exit_code == 0);
    CHECK(has(text.out, "  scopes from claims scope, permissions\n"));
    const auto json = check_jwt(dir, claims, {"--format", "json"});
    CHECK(json.exit_code == 0);
    const auto provider = boost::json::parse(json.out).at("providers").at(0);
    CHECK(provider.at("granted_by").at("export:reports").as_string() == "permissions");
    CHECK(provider.at("granted_by").at("openid").as_string() == "scope");
  }

  TEST_CASE("Auth0: a permission the application lacks is missing, and the fix says where it belongs") {
    TempDir dir;
    const auto result = check_jwt(dir, R"({"scope": "openid", "permissions": ["read:reports"]})");
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "fix: issue a token that carries export:reports in its scope or permissions claim "
                          "(permissions: the API's permissions granted to the application)"));
  }

  TEST_CASE("Entra ID app-only: roles without scp is a listed scope, not exit 5") {
    TempDir dir;
    const auto result = check_jwt(dir, R"({"roles": ["export:reports"], "appid": "a-1"})");
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "  scopes from claims roles\n"));
  }

  TEST_CASE("exp as a string of digits, 10 days ahead, fails --min-ttl 30d") {
    TempDir dir;
    const auto result = check_jwt(dir, R"({"scp": "export:reports", "exp": ")" + exp_in_days(10) + "\"}",
                                  {"--min-ttl", "30d"});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "sooner than --min-ttl 30d"));
  }

  TEST_CASE("--min-ttl with no exp claim is unverifiable (exit 5), never a silent pass") {
    TempDir dir;
    const auto result = check_jwt(dir, R"({"scope": "export:reports"})", {"--min-ttl", "30d"});
    CHECK(result.exit_code == 5);
    CHECK(has(result.out, "\nthe api token's expiry is unknown (the JWT has no exp claim), so --min-ttl 30d could not "
                          "be checked\n"));
    const auto json = check_jwt(dir, R"({"scope": "export:reports"})", {"--min-ttl", "30d", "--format", "json"});
    CHECK(json.exit_code == 5);
    CHECK(boost::json::parse(json.out).at("unverified").as_array().size() == 1);
    CHECK(check_jwt(dir, R"({"scope": "export:reports"})").exit_code == 0);  // without --min-ttl nothing changes
  }

  TEST_CASE("scope_claims: Keycloak realm roles by JSON pointer") {
    TempDir dir;
    const std::string manifest = dir.write(
        "scopegate.yaml",
        "version: 1\nproviders:\n  kc:\n    preset: jwt\n    token_env: API_TOKEN\n    scope_claims: "
        "[/realm_access/roles]\nfeatures:\n  deploy: {requires: [deploy]}\n");
    const std::string token = unsigned_jwt(R"({"scope": "email", "realm_access": {"roles": ["deploy"]}})");
    const auto result = run({"check", "-m", manifest}, {{"API_TOKEN", token}});
    CHECK(result.exit_code == 0);
    CHECK(has(result.out, "  scopes from claims /realm_access/roles\n"));
  }

  TEST_CASE("a claim of the wrong shape is exit 2 naming the claim: nothing was asked, a retry would not help") {
    TempDir dir;
    const auto result = check_jwt(dir, R"({"scope": "export:reports", "permissions": {"export:reports": true}})");
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "the claim 'permissions' is an object, not a list of scopes"));
  }

  TEST_CASE("oauth2: a saved RFC 7662 answer with scope as an array and exp as a string") {
    TempDir dir;
    const std::string manifest = dir.write(
        "scopegate.yaml",
        "version: 1\nproviders:\n  idp:\n    preset: oauth2\n    introspection_url: https://idp.example/introspect\n"
        "    client_id_env: CLIENT_ID\n    client_secret_env: CLIENT_SECRET\n    token_env: ACCESS_TOKEN\n"
        "features:\n  orders: {requires: [orders:read]}\n");
    const std::string answer = dir.write(
        "introspect.json", R"({"active": true, "scope": ["orders:read"], "exp": ")" + exp_in_days(10) + "\"}");
    const auto ok = run({"check", "-m", manifest, "--response-file", answer});
    CHECK(ok.exit_code == 0);
    const auto short_lived = run({"check", "-m", manifest, "--response-file", answer, "--min-ttl", "30d"});
    CHECK(short_lived.exit_code == 1);
    CHECK(has(short_lived.out, "sooner than --min-ttl 30d"));
    CHECK_FALSE(has(short_lived.out, "cannot read the expiry"));
  }
}
