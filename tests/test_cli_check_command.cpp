#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "cli/app.h"
#include "support/cli_fixtures.h"
#include "support/dates.h"
#include "support/fakes.h"
#include "support/github_runner.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::kFakeToken;
using testing::run_cli;
using testing::kManifest;
using testing::files_with_manifest;

// scopegate check end to end in-process: formats, outputs, secrets and the advice given (cli/check_command.cpp).
TEST_SUITE("cli.check_command") {
  TEST_CASE("check: offline answer, per-feature verdicts, exit 1") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check", "--response-file", "answer.json"}, env, files);
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("  ok          read") != std::string::npos);
    CHECK(run.out.find("  MISSING     export") != std::string::npos);
    CHECK(run.out.find("1 of 2 features blocked: add documents:signed:export to key 'CI key' (sk_live...) at "
                       "https://session.sonar.de/acme/settings/api-keys") != std::string::npos);
    CHECK(run.err.empty());
  }

  TEST_CASE("check: features named by socket-cli commands, and a fix that says which command needs what") {
    FakeEnvironment env;
    FakeFileSystem files;
    std::ifstream in(std::string(SCOPEGATE_SOURCE_DIR) + "/tests/fixtures/socket-cli/requirements.json");
    std::ostringstream table;
    table << in.rdbuf();
    files.files["/work/node_modules/@socketsecurity/cli/requirements.json"] = table.str();
    files.files["/work/scopegate.yaml"] = R"(version: 1
providers:
  socket: {preset: socket, org: acme}
features:
  scan: {requires: {socket-cli: [scan:create]}}
  fix: {requires: {socket-cli: [fix, scan:create]}}
)";
    const auto run = run_cli({"check", "-m", "/work/scopegate.yaml", "--granted", "full-scans:create", "--format", "json"},
                             env, files);
    CHECK(run.exit_code == 1);
    const auto report = boost::json::parse(run.out).as_object();
    const auto& features = report.at("features").as_array();
    CHECK(features.at(0).at("status").as_string() == "ok");
    CHECK(features.at(0).at("required").as_array() == boost::json::array{"full-scans:create"});
    CHECK(features.at(1).at("status").as_string() == "missing");
    CHECK(features.at(1).at("missing").as_array() == boost::json::array{"packages:list", "fixes:list"});
    CHECK(features.at(1).at("fix").as_string() ==
          "add packages:list, fixes:list to the API token in the Socket dashboard (Settings > API Tokens) at "
          "https://socket.dev/dashboard/org/acme/settings/api-tokens; packages:list, fixes:list for socket-cli fix; "
          "socket-cli's own advice: https://socket.dev/settings/api-tokens");
    // A scope two commands need says both, once.
    const auto none = run_cli({"check", "-m", "/work/scopegate.yaml", "--granted", "repo:list", "-f", "fix"}, env, files);
    CHECK(none.out.find("; full-scans:create for socket-cli fix, scan:create; packages:list, fixes:list for "
                        "socket-cli fix; socket-cli's own advice") != std::string::npos);
  }

  TEST_CASE("check -f selects features, an unknown one is exit 2 with did-you-mean") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    CHECK(run_cli({"check", "--granted", "documents:signed:read", "-f", "read"}, env, files).exit_code == 0);
    CHECK(run_cli({"check", "--granted", "documents:signed:read", "-f", "read,export"}, env, files).exit_code == 1);
    const auto typo = run_cli({"check", "--granted", "x", "-f", "exprt"}, env, files);
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("no feature named 'exprt' in scopegate.yaml (did you mean 'export'?)") != std::string::npos);
    for (const char* empty : {"", ",", " , "}) {
      CAPTURE(empty);
      const auto none = run_cli({"check", "--granted", "documents:signed:read", "-f", empty}, env, files);
      CHECK(none.exit_code == 2);  // not every feature, quietly
      CHECK(none.err.find("names no feature") != std::string::npos);
    }
  }

  TEST_CASE("check --format json on stdout, -o writes the file and the text goes to stderr") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto json = run_cli({"check", "--granted", "documents:signed:read", "--format", "json"}, env, files);
    CHECK(json.exit_code == 1);
    const auto root = boost::json::parse(json.out);
    CHECK(root.at("schema").as_string() == "scopegate/report/v1");
    // The contract's Streams: the machine format on stdout, the summary line on stderr.
    CHECK(json.err == "scopegate: 1 of 2 features blocked: add documents:signed:export to the key at "
                      "https://session.sonar.de/acme/settings/api-keys\n");

    const auto to_file = run_cli({"check", "--granted", "documents:*", "--format=json", "-o", "report.json"}, env, files);
    CHECK(to_file.exit_code == 0);
    CHECK(to_file.out.empty());
    CHECK(boost::json::parse(files.files.at("report.json")).at("ok").as_bool());
    CHECK(to_file.err.find("all 2 checked features have the scopes they need") != std::string::npos);
  }

  TEST_CASE("check: bad flag values are exit 2 before anything is read") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto format = run_cli({"check", "--format", "jsn"}, env, files);
    CHECK(format.exit_code == 2);
    CHECK(format.err.find("unknown format 'jsn' (did you mean 'json'?)") != std::string::npos);
    const auto ttl = run_cli({"check", "--min-ttl", "7 days"}, env, files);
    CHECK(ttl.exit_code == 2);
    CHECK(ttl.err.find("--min-ttl takes a duration such as 30s, 5m, 2h or 7d") != std::string::npos);
    CHECK(files.reads.empty());
  }

  TEST_CASE("check: a missing token variable is exit 2 naming it") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("environment variable SONAR_API_KEY is not set") != std::string::npos);
  }

  TEST_CASE("check: an output that cannot be written is exit 2 before anything is read or asked") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    files.unwritable = {"locked"};
    files.files["locked/r.json"] = "the previous report";
    const auto output = run_cli({"check", "--response-file", "answer.json", "--format", "json", "-o", "locked/r.json"},
                                env, files);
    CHECK(output.exit_code == 2);
    CHECK(output.err.find("scopegate: error: cannot write the report to locked/r.json: Permission denied (nothing "
                          "was checked)\n") != std::string::npos);
    CHECK(output.out.empty());
    CHECK(files.reads.count("answer.json") == 0);  // the engine never ran
    CHECK(files.files.at("locked/r.json") == "the previous report");

    const auto extra = run_cli({"check", "--response-file", "answer.json", "-o", "ok.json", "--report",
                                "sarif=locked/x.sarif", "--report", "junit=locked/x.xml"},
                               env, files);
    CHECK(extra.exit_code == 2);
    CHECK(extra.err.find("cannot write the sarif report to locked/x.sarif") != std::string::npos);
    CHECK(extra.err.find("cannot write the junit report to locked/x.xml") != std::string::npos);
    CHECK(files.reads.count("answer.json") == 0);
    CHECK(files.files.count("ok.json") == 0);

    FakeEnvironment runner{{"RUNNER_TEMP", "locked"}};
    const auto github = run_cli({"check", "--response-file", "answer.json", "--format", "github"}, runner, files);
    CHECK(github.exit_code == 2);
    CHECK(github.err.find("cannot write the JSON report to locked: Permission denied (nothing was checked)") !=
          std::string::npos);
    CHECK(files.reads.count("answer.json") == 0);
    // The same run with somewhere to write does run.
    CHECK(run_cli({"check", "--response-file", "answer.json", "--format", "json", "-o", "r.json"}, env, files)
              .exit_code == 1);
    CHECK(files.reads.count("answer.json") == 1);
  }

  TEST_CASE("check --format github, exit 2: outputs, an annotation per problem and a summary, as the runner reads them") {
    using scopegate::testing::parse_github_output_file;
    using scopegate::testing::parse_runner_stdout;
    const auto outputs_of = [](const FakeFileSystem& files) {
      std::map<std::string, std::string> outputs;
      const auto parsed = parse_github_output_file(files.files.at("out"));
      REQUIRE_MESSAGE(parsed.ok(), parsed.error);
      for (const auto& [name, value] : parsed.entries) outputs[name] = value;
      return outputs;
    };
    const std::map<std::string, std::string> failed{
        {"ok", "false"}, {"exit-code", "2"}, {"missing-scopes", "[]"}, {"blocked-features", "[]"}};
    FakeEnvironment env{{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", "out"}, {"GITHUB_STEP_SUMMARY", "summary"},
                        {"RUNNER_TEMP", "tmp"}};
    SUBCASE("an unset token") {
      FakeFileSystem files = files_with_manifest();
      const auto run = run_cli({"check", "--format", "github"}, env, files);
      CHECK(run.exit_code == 2);
      CHECK(outputs_of(files) == failed);
      const auto errors = parse_runner_stdout(run.out).named("error");
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].property("title") == "scopegate could not run");
      CHECK(errors[0].data.starts_with("environment variable SONAR_API_KEY is not set"));
      CHECK(run.err.find("scopegate: error: environment variable SONAR_API_KEY is not set") != std::string::npos);
      CHECK(files.files.at("summary").starts_with("## ❌ scopegate: the check could not run (exit 2)\n"));
      CHECK(files.files.at("summary").find("- environment variable SONAR_API_KEY is not set") != std::string::npos);
    }
    SUBCASE("a bad flag") {
      FakeFileSystem files = files_with_manifest();
      const auto run = run_cli({"check", "--format", "github", "--min-ttl", "7 days"}, env, files);
      CHECK(run.exit_code == 2);
      CHECK(outputs_of(files) == failed);
      CHECK(parse_runner_stdout(run.out).named("error").at(0).data.starts_with("--min-ttl takes a duration"));
    }
    SUBCASE("an unknown feature") {
      FakeFileSystem files = files_with_manifest();
      const auto run = run_cli({"check", "--format", "github", "--granted", "x", "-f", "exprt"}, env, files);
      CHECK(run.exit_code == 2);
      CHECK(outputs_of(files) == failed);
      CHECK(parse_runner_stdout(run.out).named("error").at(0).data.find("(did you mean 'export'?)") != std::string::npos);
    }
    SUBCASE("a broken manifest: each diagnostic at its line, the text diagnostics still on stderr") {
      FakeFileSystem files;
      files.files["bad.yaml"] = "version: 1\nproviders:\n  g: {preset: gthub}\nfeatures:\n  a: {requirs: [repo]}\n";
      const auto run = run_cli({"check", "-m", "bad.yaml", "--format", "github", "--granted", "repo"}, env, files);
      CHECK(run.exit_code == 2);
      CHECK(outputs_of(files) == failed);
      CHECK(run.err.find("bad.yaml:3:15: error: unknown preset 'gthub' (did you mean 'github'?)") != std::string::npos);
      const auto errors = parse_runner_stdout(run.out).named("error");
      REQUIRE(errors.size() >= 2);
      CHECK(errors[0].property("file") == "bad.yaml");
      CHECK(errors[0].property("line") == "3");
      CHECK(errors[0].property("col") == "15");
      CHECK(errors[0].property("title") == "Invalid manifest");
      CHECK(errors[0].data.starts_with("unknown preset 'gthub' (did you mean 'github'?)"));
      CHECK(files.files.at("summary").find("- `bad.yaml:3:15` unknown preset 'gthub'") != std::string::npos);
    }
  }

  TEST_CASE("check --format github -o FILE: the JSON report to FILE, stdout only workflow commands, text on stderr") {
    using scopegate::testing::parse_runner_stdout;
    FakeEnvironment env{{"GITHUB_ACTIONS", "true"}, {"SONAR_API_KEY", kFakeToken}};
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check", "--response-file", "answer.json", "--format", "github", "-o", "r.json"}, env, files);
    CHECK(run.exit_code == 1);
    const auto log = parse_runner_stdout(run.out);
    CHECK(log.plain.empty());
    CHECK(log.named("error").size() == 1);
    CHECK(run.err.find("  MISSING     export") != std::string::npos);
    CHECK(run.err.find("1 of 2 features blocked") != std::string::npos);
    CHECK(boost::json::parse(files.files.at("r.json")).at("exit_code").as_int64() == 1);
    // Without -o the text report follows the commands on stdout.
    const auto plain = run_cli({"check", "--response-file", "answer.json", "--format", "github"}, env, files);
    CHECK(plain.out.find("1 of 2 features blocked") != std::string::npos);
    CHECK(plain.err.empty());
  }

  TEST_CASE("the token never appears, even when an answer echoes it") {
    FakeEnvironment env{{"SONAR_API_KEY", kFakeToken}};
    FakeFileSystem files = files_with_manifest();
    files.files["echo.json"] = std::string(R"({"keyPrefix": "sk_live", "name": ")") + kFakeToken +
                               R"(", "scopes": ["documents:signed:read"]})";
    for (const char* format : {"text", "json"}) {
      const auto run = run_cli({"check", "--response-file", "echo.json", "--format", format}, env, files);
      CHECK(run.exit_code == 1);
      CHECK(run.all().find(kFakeToken) == std::string::npos);
      CHECK(run.all().find("[REDACTED]") != std::string::npos);
    }
    const auto scopes = run_cli({"scopes", "--response-file", "echo.json"}, env, files);
    CHECK(scopes.all().find(kFakeToken) == std::string::npos);
    run_cli({"check", "--response-file", "echo.json", "--format", "json", "-o", "out.json"}, env, files);
    CHECK(files.files.at("out.json").find(kFakeToken) == std::string::npos);
  }
}

TEST_SUITE("cli.secrets") {
  TEST_CASE("--format github masks the token only inside GitHub Actions: elsewhere the line would print it") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kManifest;
    for (const char* actions : {"", "false", "true"}) {
      CAPTURE(actions);
      FakeEnvironment env{{"SONAR_API_KEY", kFakeToken}, {"RUNNER_TEMP", "tmp"}};
      if (*actions) env.set("GITHUB_ACTIONS", actions);
      const auto run = run_cli({"check", "--format", "github", "--granted", "documents:signed:read"}, env, files);
      const bool masked = run.out.find(std::string("::add-mask::") + kFakeToken) != std::string::npos;
      CHECK(masked == (std::string(actions) == "true"));
      if (!masked) CHECK(run.all().find(kFakeToken) == std::string::npos);
    }
  }

  TEST_CASE("a token with control characters is refused, and no mask line carries them raw") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kManifest;
    FakeEnvironment env{{"SONAR_API_KEY", "sk_live_abc\x1b]0;pwn\x07" "def0123456789"}, {"GITHUB_ACTIONS", "true"},
                        {"RUNNER_TEMP", "tmp"}};
    const auto run = run_cli({"check", "--format", "github"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.all().find('\x1b') == std::string::npos);
    CHECK(run.all().find('\x07') == std::string::npos);
    CHECK(run.err.find("SONAR_API_KEY contains U+001B (escape) at position 12") != std::string::npos);
  }

  TEST_CASE("a token pasted into the manifest is never printed back, in any diagnostic") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = R"(version: 1
providers:
  gh:
    preset: github
    token_env: ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789
    token: the-real-secret-value
features:
  a: {requires: [repo]}
)";
    FakeEnvironment env;
    for (const char* command : {"check", "lint", "scopes"}) {
      CAPTURE(command);
      const auto run = run_cli({command}, env, files);
      CHECK(run.exit_code == 2);
      CHECK(run.err.find("this looks like a token, not a variable name: rotate it") != std::string::npos);
      CHECK(run.err.find("token_env: [REDACTED]") != std::string::npos);  // the quoted line
      CHECK(run.err.find("token: [REDACTED]") != std::string::npos);
      CHECK(run.all().find("ghp_AbCd") == std::string::npos);
      CHECK(run.all().find("the-real-secret-value") == std::string::npos);
    }
  }

  TEST_CASE("--format github without -o: a new private report file per run, in RUNNER_TEMP or TMPDIR") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kManifest;
    FakeEnvironment runner{{"RUNNER_TEMP", "runner-tmp"}, {"TMPDIR", "tmp"}};
    run_cli({"check", "--format", "github", "--granted", "documents:signed:read"}, runner, files);
    run_cli({"check", "--format", "github", "--granted", "documents:signed:read"}, runner, files);
    CHECK(files.files.count("runner-tmp/scopegate-report-1.json") == 1);
    CHECK(files.files.count("runner-tmp/scopegate-report-2.json") == 1);
    CHECK(files.modes.at("runner-tmp/scopegate-report-1.json") == util::FileSystem::Mode::kPrivate);
    FakeEnvironment elsewhere{{"TMPDIR", "tmp"}};
    run_cli({"check", "--format", "github", "--granted", "documents:signed:read"}, elsewhere, files);
    CHECK(files.files.count("tmp/scopegate-report-3.json") == 1);
  }

  TEST_CASE("report files are created private, a starter manifest is not") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kManifest;
    FakeEnvironment env;
    run_cli({"check", "--granted", "documents:signed:read", "--format", "json", "-o", "r.json", "--report",
             "sarif=r.sarif"},
            env, files);
    CHECK(files.modes.at("r.json") == util::FileSystem::Mode::kPrivate);
    CHECK(files.modes.at("r.sarif") == util::FileSystem::Mode::kPrivate);
    run_cli({"init", "--preset", "sonar", "-o", "new.yaml"}, env, files);
    CHECK(files.modes.at("new.yaml") == util::FileSystem::Mode::kShared);
  }
}

TEST_SUITE("cli.advice") {
  const char* kGitlab = "version: 1\nproviders:\n  gl: {preset: gitlab}\nfeatures:\n  ci: {requires: [apii]}\n";

  TEST_CASE("--min-ttl with no unit is exit 2 with did-you-mean, before anything is read") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check", "--granted", "documents:signed:read", "--min-ttl", "7"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("--min-ttl 7 has no unit (did you mean 7d?)") != std::string::npos);
    CHECK(files.reads.empty());
    // With a unit it runs; --granted says nothing of the expiry, so the TTL is unverifiable.
    CHECK(run_cli({"check", "--granted", "documents:*", "--min-ttl", "7d"}, env, files).exit_code == 5);
  }

  TEST_CASE("a scope a closed vocabulary does not know: lint fails, check never says to add it") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = kGitlab;
    const auto lint = run_cli({"lint"}, env, files);
    CHECK(lint.exit_code == 2);
    CHECK(lint.err.find("scopegate.yaml:5:19: error: scope 'apii' is not a GitLab scope (did you mean 'api'?): fix "
                        "the manifest") != std::string::npos);
    const auto check = run_cli({"check", "--granted", "api"}, env, files);
    CHECK(check.exit_code == 2);
    CHECK(check.err.find("is not a GitLab scope (did you mean 'api'?)") != std::string::npos);
    CHECK(check.all().find("create a token with apii") == std::string::npos);
  }

  TEST_CASE("a scope a list that may lag does not know: one warning, and the fix says to check the manifest first") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  s: {preset: sonar, base_url: 'https://s.example'}\n"
                                    "features:\n  x: {requires: [documents:signed:exprot]}\n";
    const auto run = run_cli({"check", "--granted", "documents:signed:read"}, env, files);
    CHECK(run.exit_code == 1);
    std::size_t warnings = 0;
    for (std::size_t at = 0; (at = run.err.find("warning:", at)) != std::string::npos; ++at) ++warnings;
    CHECK(warnings == 1);
    CHECK(run.out.find("; but first check the manifest: scope 'documents:signed:exprot' is not in scopegate's list "
                       "of Sonar scopes (did you mean 'documents:signed:export'?)") != std::string::npos);
  }

  TEST_CASE("an offline source holding the other kind of content says which flag was meant") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    files.files["scopes.txt"] = "documents:signed:read\n# a comment\ndocuments:signed:export\n";
    const auto json_as_list = run_cli({"check", "--granted-file", "answer.json"}, env, files);
    CHECK(json_as_list.exit_code == 2);
    CHECK(json_as_list.err.find("--granted-file answer.json holds a saved provider answer, not a list of scopes: use "
                                "--response-file answer.json") != std::string::npos);
    const auto list_as_answer = run_cli({"check", "--response-file", "scopes.txt"}, env, files);
    CHECK(list_as_answer.exit_code == 2);  // not 4, "retry later"
    CHECK(list_as_answer.err.find("--response-file scopes.txt holds a list of scopes, not a saved provider answer: "
                                  "use --granted-file scopes.txt") != std::string::npos);
    files.files["login.jwt"] = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InJlcG86cmVhZCJ9.c2lnbmF0dXJl\n";
    const auto jwt_as_answer = run_cli({"check", "--response-file", "login.jwt"}, env, files);
    CHECK(jwt_as_answer.exit_code == 2);
    CHECK(jwt_as_answer.err.find("--response-file login.jwt holds a bare JWT, not a saved provider answer: save the "
                                 "whole answer that carried it (curl -i writes it)") != std::string::npos);
    const auto file_as_list = run_cli({"check", "--granted", "self.json"}, env, files);
    CHECK(file_as_list.exit_code == 2);
    CHECK(file_as_list.err.find("'self.json' looks like a file: use --response-file self.json") != std::string::npos);
    for (const char* empty : {"", " ", ","}) {
      CAPTURE(empty);
      const auto none = run_cli({"check", "--granted", empty}, env, files);
      CHECK(none.exit_code == 2);
      CHECK(none.err.find("lists no scope (an empty variable?)") != std::string::npos);
    }
    CHECK(run_cli({"check", "--granted-file", "scopes.txt"}, env, files).exit_code == 0);
  }

  TEST_CASE("an unset token: under Actions the step's env: and forks, elsewhere offline flags where the command takes them") {
    FakeFileSystem files = files_with_manifest();
    FakeEnvironment actions{{"GITHUB_ACTIONS", "true"}};
    const auto in_actions = run_cli({"check"}, actions, files);
    CHECK(in_actions.exit_code == 2);
    CHECK(in_actions.err.find("give it to this step with `env: SONAR_API_KEY: ${{ secrets.SONAR_API_KEY }}` (secrets "
                              "are not passed to workflows run for a pull request from a fork)") != std::string::npos);
    CHECK(in_actions.err.find("--granted") == std::string::npos);
    FakeEnvironment local;
    CHECK(run_cli({"check"}, local, files).err.find("--granted sonar=...") != std::string::npos);
    const auto lint = run_cli({"lint", "--catalog"}, local, files);
    CHECK(lint.exit_code == 2);
    CHECK(lint.err.find("SONAR_API_KEY is not set") != std::string::npos);
    CHECK(lint.err.find("--granted") == std::string::npos);  // lint refuses it
  }

  TEST_CASE("a tab in the manifest's indentation is named as such") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  s: {preset: sonar, base_url: 'https://s.example'}\n"
                                    "features:\n  x:\n\trequires: [documents:signed:read]\n";
    const auto run = run_cli({"lint"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("scopegate.yaml:6:1: error: YAML indents with spaces; line 6 starts with a tab") !=
          std::string::npos);
  }

  TEST_CASE("-f with the start of several feature names suggests them all") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  gh: {preset: github}\nfeatures:\n"
                                    "  deploy-web: {requires: [repo]}\n  deploy-api: {requires: [repo]}\n";
    const auto run = run_cli({"check", "--granted", "repo", "-f", "deploy"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("no feature named 'deploy' in scopegate.yaml (did you mean 'deploy-web' or 'deploy-api'?)") !=
          std::string::npos);
  }

  TEST_CASE("under Actions the manifest is named from the checkout's root, in annotations and SARIF alike") {
    FakeEnvironment env{{"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", "/home/runner/work/repo"}};
    FakeFileSystem files = files_with_manifest();
    files.cwd = "/home/runner/work/repo/deploy";  // the step's working-directory
    const auto run =
        run_cli({"check", "--granted", "documents:signed:read", "--format", "github", "-o", "r.json", "--report",
                 "sarif=r.sarif"},
                env, files);
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("::error file=deploy/scopegate.yaml,") != std::string::npos);
    CHECK(files.files.at("r.sarif").find("\"uri\": \"deploy/scopegate.yaml\"") != std::string::npos);
    files.cwd = "/elsewhere";  // outside the checkout: the path as given
    const auto outside = run_cli({"check", "--granted", "documents:signed:read", "--format", "github", "-o", "r.json"},
                                 env, files);
    CHECK(outside.out.find("::error file=scopegate.yaml,") != std::string::npos);
  }

  TEST_CASE("a token shorter than 8 characters is a placeholder: exit 2, nothing sent, no word garbled") {
    FakeEnvironment env{{"SONAR_API_KEY", "test"}};
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("SONAR_API_KEY holds 4 characters, too short for a real credential (a placeholder?)") !=
          std::string::npos);
    CHECK(run.err.find("[REDACTED]") == std::string::npos);
  }

  TEST_CASE("Streams: with a machine format on stdout, stderr says which provider failed and why") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    files.files["401.http"] = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
                              R"({"message": "invalid key"})";
    for (const char* format : {"json", "junit", "sarif", "markdown"}) {
      CAPTURE(format);
      const auto run = run_cli({"check", "--response-file", "401.http", "--format", format}, env, files);
      CHECK(run.exit_code == 3);
      CHECK(run.err.find("scopegate: sonar: token rejected: ") != std::string::npos);
      CHECK(run.err.find("scopegate: token rejected by sonar") != std::string::npos);  // the summary line
    }
  }

  // From a review of the above as a new user would try it.

  TEST_CASE("an env file, a JWT or a manifest given as scopes is exit 2, and not one of its values is printed") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    files.files[".env"] = "# deploy\nexport SONAR_API_KEY=sk_live_xyz1234567890abcdef\nOTHER=1\n";
    const auto dotenv = run_cli({"check", "--granted-file", ".env"}, env, files);
    CHECK(dotenv.exit_code == 2);
    CHECK(dotenv.err.find("line 2 of --granted-file .env holds a NAME=value assignment (an env file?) where a scope "
                          "should be") != std::string::npos);
    CHECK(dotenv.all().find("xyz1234567890") == std::string::npos);
    const std::string jwt = testing::unsigned_jwt(R"({"scope": "documents:signed:read"})");
    const auto token = run_cli({"check", "--granted", jwt}, env, files);
    CHECK(token.exit_code == 2);
    CHECK(token.err.find("--granted holds a token, not a scope") != std::string::npos);
    CHECK(token.all().find(jwt.substr(0, 20)) == std::string::npos);
    const auto manifest = run_cli({"check", "--granted-file", "scopegate.yaml"}, env, files);
    CHECK(manifest.exit_code == 2);
    CHECK(manifest.err.find("line 1 of --granted-file scopegate.yaml holds a YAML key (a manifest?)") !=
          std::string::npos);
    const auto unexpanded = run_cli({"check", "--granted", "$SONAR_SCOPES"}, env, files);
    CHECK(unexpanded.exit_code == 2);
    CHECK(unexpanded.err.find("an unexpanded variable") != std::string::npos);
  }

  TEST_CASE("a JSON array of scopes is a list: --granted-file takes it") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    files.files["scopes.json"] = R"(["documents:signed:read", "documents:signed:export"])";
    CHECK(run_cli({"check", "--granted-file", "scopes.json"}, env, files).exit_code == 0);
  }

  TEST_CASE("a value left out before the next option is named, not taken as the value") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto run = run_cli({"check", "--granted", "--format", "json"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("option '--granted' needs a value ([NAME=]LIST), and --format is an option (an empty "
                       "variable?)") != std::string::npos);
  }

  TEST_CASE("-f with a prefix several names share suggests them all, even when one is a close typo") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  gh: {preset: github}\nfeatures:\n"
                                    "  deploy-web: {requires: [repo]}\n  deploy-api: {requires: [repo]}\n";
    const auto run = run_cli({"check", "--granted", "repo", "-f", "deploy-"}, env, files);
    CHECK(run.err.find("(did you mean 'deploy-web' or 'deploy-api'?)") != std::string::npos);
  }

  TEST_CASE("a token its preset cannot read, or a saved answer that is not one, is exit 2: nothing was asked") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] =
        "version: 1\nproviders:\n  idp: {preset: jwt, token_env: IDP_TOKEN}\nfeatures:\n  x: {requires: [a]}\n";
    files.files["empty.json"] = "";
    FakeEnvironment env{{"IDP_TOKEN", "opaque-token-1234567"}};
    const auto opaque = run_cli({"check"}, env, files);
    CHECK(opaque.exit_code == 2);  // not 4: a retry would never help
    CHECK(opaque.err.find("the token in IDP_TOKEN does not fit preset 'jwt' of provider 'idp'") != std::string::npos);
    const auto empty = run_cli({"check", "--response-file", "empty.json"}, env, files);
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("(nothing was asked)") != std::string::npos);
  }

  TEST_CASE("claims that hold scopes with commas or tabs are split: the token visibly carries them") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  idp: {preset: jwt, token_env: IDP_TOKEN}\n"
                                    "features:\n  x: {requires: [export:reports, read:reports]}\n";
    FakeEnvironment env{
        {"IDP_TOKEN", testing::unsigned_jwt(R"({"scope": "openid,export:reports", "permissions": ["read:reports\topenid"]})")}};
    CHECK(run_cli({"check"}, env, files).exit_code == 0);
  }

  TEST_CASE("GitHub's classic scopes beyond the first list: manage_runners:org, codespace:secrets, scim:enterprise") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  gh: {preset: github}\nfeatures:\n"
                                    "  x: {requires: [manage_runners:org, codespace:secrets, scim:enterprise]}\n";
    CHECK(run_cli({"lint"}, env, files).exit_code == 0);
    CHECK(run_cli({"check", "--granted", "admin:org codespace admin:enterprise"}, env, files).exit_code == 0);
  }

  TEST_CASE("under Actions: GITHUB_TOKEN reaches forks too, and an empty secret is named as empty") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "version: 1\nproviders:\n  gh: {preset: github}\n  s: {preset: sonar, base_url: "
                                    "'https://s.example'}\nfeatures:\n  x: {provider: gh, requires: [repo]}\n"
                                    "  y: {provider: s, requires: [documents:signed:read]}\n";
    FakeEnvironment env{{"GITHUB_ACTIONS", "true"}, {"SONAR_API_KEY", ""}};
    const auto run = run_cli({"check"}, env, files);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("GITHUB_TOKEN is not set; provider 'gh' reads its token from it: give it to this step with "
                       "`env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`\n") != std::string::npos);
    CHECK(run.err.find("SONAR_API_KEY is empty; provider 's' reads its token from it: the step's env: names it, but "
                       "the secret is empty") != std::string::npos);
  }

  TEST_CASE("--min-ttl that only an unknown expiry stops: the verdict says the features are ok and the check could not be made") {
    FakeFileSystem files;
    files.files["scopegate.yaml"] =
        "version: 1\nproviders:\n  idp: {preset: jwt, token_env: IDP_TOKEN}\nfeatures:\n  x: {requires: [a]}\n";
    FakeEnvironment env{{"IDP_TOKEN", testing::unsigned_jwt(R"({"scope": "a", "exp": null})")}, {"GITHUB_ACTIONS", "true"},
                        {"GITHUB_STEP_SUMMARY", "summary"}};
    const auto run = run_cli({"check", "--min-ttl", "7d", "--format", "github", "-o", "r.json"}, env, files);
    CHECK(run.exit_code == 5);  // exp null proves nothing
    CHECK(files.files.at("summary").find("scopegate: 1 feature ok, 1 check could not be made") != std::string::npos);
  }
}
