#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "cli/app.h"
#include "manifest/loader.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;
using testing::FakeFileSystem;
using testing::kFakeToken;
using testing::run_cli;

namespace {
const char* kManifest = R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://session.sonar.de/acme
    token_env: SONAR_API_KEY
features:
  read:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    requires: [documents:signed:export]
    hint: Ask an admin.
)";
const char* kAnswer = R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})";

FakeFileSystem files_with_manifest() {
  FakeFileSystem files;
  files.files["scopegate.yaml"] = kManifest;
  files.files["answer.json"] = kAnswer;
  return files;
}
}  // namespace

TEST_SUITE("cli.app") {
  TEST_CASE("--version, --help, help COMMAND, COMMAND --help") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto version = run_cli({"--version"}, env, files);
    CHECK(version.exit_code == 0);
    CHECK(version.out.starts_with("scopegate 0."));
    const auto help = run_cli({"--help"}, env, files);
    CHECK(help.exit_code == 0);
    for (const char* command : {"check", "scopes", "lint", "catalog", "init"})
      CHECK(help.out.find(std::string("  ") + command) != std::string::npos);
    for (const char* command : {"check", "scopes", "lint", "catalog", "init"}) {
      const auto own = run_cli({command, "--help"}, env, files);
      CHECK(own.exit_code == 0);
      CHECK(own.out.starts_with(std::string("usage: scopegate ") + command));
      CHECK(run_cli({"help", command}, env, files).out == own.out);
    }
    CHECK(run_cli({"check", "--help"}, env, files).out.find("--response-file [NAME=]FILE") != std::string::npos);
    CHECK(run_cli({}, env, files).exit_code == 2);
  }

  TEST_CASE("unknown commands and options: exit 2 with did-you-mean") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto command = run_cli({"chek"}, env, files);
    CHECK(command.exit_code == 2);
    CHECK(command.err.find("unknown command 'chek' (did you mean 'check'?)") != std::string::npos);
    const auto option = run_cli({"check", "--granted-files", "x"}, env, files);
    CHECK(option.exit_code == 2);
    CHECK(option.err.find("(did you mean '--granted-file'?)") != std::string::npos);
    CHECK(option.err.find("Try 'scopegate check --help'.") != std::string::npos);
    CHECK(run_cli({"lint", "stray"}, env, files).err.find("unexpected argument 'stray'") != std::string::npos);
  }

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

  TEST_CASE("check -f selects features, an unknown one is exit 2 with did-you-mean") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    CHECK(run_cli({"check", "--granted", "documents:signed:read", "-f", "read"}, env, files).exit_code == 0);
    CHECK(run_cli({"check", "--granted", "documents:signed:read", "-f", "read,export"}, env, files).exit_code == 1);
    const auto typo = run_cli({"check", "--granted", "x", "-f", "exprt"}, env, files);
    CHECK(typo.exit_code == 2);
    CHECK(typo.err.find("no feature named 'exprt' in scopegate.yaml (did you mean 'export'?)") != std::string::npos);
  }

  TEST_CASE("check --format json on stdout, -o writes the file and the text goes to stderr") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto json = run_cli({"check", "--granted", "documents:signed:read", "--format", "json"}, env, files);
    CHECK(json.exit_code == 1);
    const auto root = boost::json::parse(json.out);
    CHECK(root.at("schema").as_string() == "scopegate/report/v1");
    CHECK(json.err.empty());

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

  TEST_CASE("the manifest is found as scopegate.yaml, then .scopegate.yaml") {
    FakeEnvironment env;
    FakeFileSystem files;
    const auto none = run_cli({"lint"}, env, files);
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("no manifest: scopegate.yaml is not in this directory") != std::string::npos);
    files.files[".scopegate.yaml"] = kManifest;
    CHECK(run_cli({"lint"}, env, files).out.starts_with(".scopegate.yaml: ok"));
    files.files["scopegate.yaml"] = kManifest;
    CHECK(run_cli({"lint"}, env, files).out.starts_with("scopegate.yaml: ok"));
  }

  TEST_CASE("lint: every error with FILE:LINE:COL, exit 2, warnings alone pass") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["bad.yaml"] = "version: 1\nproviders:\n  g: {preset: gthub}\nfeatures:\n  a: {requirs: [repo]}\n";
    const auto bad = run_cli({"lint", "-m", "bad.yaml"}, env, files);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("bad.yaml:3:15: error: unknown preset 'gthub' (did you mean 'github'?)") != std::string::npos);
    CHECK(bad.err.find("bad.yaml:5:7: error: unknown key 'requirs' in feature 'a' (did you mean 'requires'?)") !=
          std::string::npos);
    CHECK(bad.err.find("bad.yaml: 3 errors\n") != std::string::npos);
    files.files["warn.yaml"] = "version: 1\nproviders:\n  g: {preset: github}\nfeatures:\n  a: {requires: [reop]}\n";
    const auto warned = run_cli({"lint", "-m", "warn.yaml"}, env, files);
    CHECK(warned.exit_code == 0);
    CHECK(warned.err.find("warn.yaml:5:18: warning: scope 'reop' is not a known scope of provider 'g' (did you mean "
                          "'repo'?)") != std::string::npos);
    CHECK(warned.out == "warn.yaml: ok (1 provider, 1 feature, 1 warning)\n");
  }

  TEST_CASE("colour: only on a terminal, never under NO_COLOR or TERM=dumb, forced by CLICOLOR_FORCE") {
    FakeFileSystem files = files_with_manifest();
    const std::vector<std::string> args{"check", "--response-file", "answer.json"};
    FakeEnvironment plain;
    CHECK(run_cli(args, plain, files, /*tty=*/false).out.find('\x1b') == std::string::npos);
    CHECK(run_cli(args, plain, files, /*tty=*/true).out.find('\x1b') != std::string::npos);
    FakeEnvironment no_color{{"NO_COLOR", "1"}};
    CHECK(run_cli(args, no_color, files, true).out.find('\x1b') == std::string::npos);
    FakeEnvironment dumb{{"TERM", "dumb"}};
    CHECK(run_cli(args, dumb, files, true).out.find('\x1b') == std::string::npos);
    FakeEnvironment forced{{"CLICOLOR_FORCE", "1"}};
    CHECK(run_cli(args, forced, files, false).out.find('\x1b') != std::string::npos);
    FakeEnvironment both{{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}};
    CHECK(run_cli(args, both, files, false).out.find('\x1b') == std::string::npos);
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

TEST_SUITE("cli.init") {
  TEST_CASE("every preset's starter manifest lints clean, without a single warning") {
    for (const char* preset : {"sonar", "socket", "github", "gitlab", "slack", "oauth2", "jwt", "generic"}) {
      CAPTURE(preset);
      FakeEnvironment env;
      FakeFileSystem files;
      const auto init = run_cli({"init", "--preset", preset}, env, files);
      CHECK(init.exit_code == 0);
      REQUIRE(files.files.count("scopegate.yaml"));
      manifest::Manifest manifest;
      manifest::Diagnostics diagnostics;
      CHECK(manifest::parse_manifest("scopegate.yaml", files.files["scopegate.yaml"], {}, &manifest, &diagnostics));
      CHECK(diagnostics.items().empty());
      CHECK(manifest.providers.at(0).preset.value == preset);
      CHECK(run_cli({"lint"}, env, files).exit_code == 0);
    }
  }

  TEST_CASE("init refuses to overwrite without --force, -o - prints, unknown presets") {
    FakeEnvironment env;
    FakeFileSystem files;
    files.files["scopegate.yaml"] = "mine";
    const auto refused = run_cli({"init", "--preset", "github"}, env, files);
    CHECK(refused.exit_code == 2);
    CHECK(files.files["scopegate.yaml"] == "mine");
    CHECK(run_cli({"init", "--preset", "github", "--force"}, env, files).exit_code == 0);
    CHECK(files.files["scopegate.yaml"].find("preset: github") != std::string::npos);
    const auto printed = run_cli({"init", "--preset", "gitlab", "-o", "-"}, env, files);
    CHECK(printed.out.find("preset: gitlab") != std::string::npos);
    const auto unknown = run_cli({"init", "--preset", "gitlb"}, env, files);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("(did you mean 'gitlab'?)") != std::string::npos);
    CHECK(run_cli({"init"}, env, files).exit_code == 2);
  }
}

TEST_SUITE("cli.scopes_catalog") {
  TEST_CASE("scopes prints key, expiry and scopes, json has the same") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto text = run_cli({"scopes", "--response-file", "answer.json"}, env, files);
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("  key:     CI key\n  prefix:  sk_live...\n") != std::string::npos);
    CHECK(text.out.find("  scopes:  documents:signed:read\n") != std::string::npos);
    const auto json = run_cli({"scopes", "--response-file", "answer.json", "--format", "json"}, env, files);
    const auto root = boost::json::parse(json.out);
    CHECK(root.at("providers").at(0).at("granted").at(0).as_string() == "documents:signed:read");
    CHECK(run_cli({"scopes", "--provider", "sonnar", "--granted", "x"}, env, files).err.find("did you mean 'sonar'") !=
          std::string::npos);
  }

  TEST_CASE("catalog: a preset's vocabulary, from the manifest or by name") {
    FakeEnvironment env;
    FakeFileSystem files = files_with_manifest();
    const auto sonar = run_cli({"catalog"}, env, files);
    CHECK(sonar.exit_code == 0);
    CHECK(sonar.out.find("documents:signed:export       Documents / Signed / Export") != std::string::npos);
    const auto github = run_cli({"catalog", "--preset", "github", "--format", "json"}, env, files);
    const auto root = boost::json::parse(github.out);
    CHECK(root.at("providers").at(0).at("implies").at("admin:org").at(0).as_string() == "write:org");
    const auto socket = run_cli({"catalog", "--preset", "socket"}, env, files);
    CHECK(socket.out.find("a bare group grants all of its actions") != std::string::npos);
  }
}
