// The CI formats produced by the real binary and read the way their consumers
// read them (the Actions runner, xmllint, a SARIF reader), and the GitHub
// Action's steps run the way a runner runs them.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>
#include <string>

#include "support/dates.h"
#include "support/fake_token.h"
#include "support/github_runner.h"
#include "support/subprocess.h"
#include "util/strings.h"

using namespace scopegate::testing;
namespace json = boost::json;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;
const std::string kSource = SCOPEGATE_SOURCE_DIR;


std::string quickstart() { return kSource + "/examples/quickstart/scopegate.yaml"; }
std::string quickstart_answer() { return kSource + "/examples/quickstart/scopes-allowed.json"; }

ProcessResult run(const std::string& program, std::vector<std::string> args, std::map<std::string, std::string> env,
                  const std::string& cwd = "") {
  ProcessOptions options;
  options.args = std::move(args);
  options.env = std::move(env);
  options.env.emplace("PATH", "/usr/bin:/bin");
  options.cwd = cwd;
  options.timeout_seconds = 30;
  return run_process(program, options);
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

// A GitHub-hosted job's environment, with the token set.
struct Job {
  TempDir dir;
  std::map<std::string, std::string> env{{"GITHUB_ACTIONS", "true"},
                                         {"GITHUB_OUTPUT", dir.write("github_output", "")},
                                         {"GITHUB_STEP_SUMMARY", dir.write("step_summary", "")},
                                         {"RUNNER_TEMP", dir.path()},
                                         {"SONAR_API_KEY", kFakeToken}};
  OutputFile outputs() const { return parse_github_output_file(dir.read("github_output")); }
  std::string output(const std::string& name) const {
    for (const auto& [key, value] : outputs().entries)
      if (key == name) return value;
    return "(no output " + name + ")";
  }
};

// What the runner does with the secret: every line but its ::add-mask:: holds no token.
void token_only_in_add_mask(const RunnerLog& log) {
  for (std::size_t i = 0; i < log.lines.size(); ++i) {
    if (!has(log.lines[i], kFakeToken)) continue;
    const bool mask = std::any_of(log.commands.begin(), log.commands.end(), [&](const RunnerCommand& c) {
      return c.line == i && c.name == "add-mask" && c.data == kFakeToken;
    });
    CHECK_MESSAGE(mask, "the token is on line " << i);
  }
}
}  // namespace

TEST_SUITE("integration.formats") {
  TEST_CASE("junit from the binary is XML that xmllint accepts, with the verdicts") {
    TempDir dir;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format", "junit"}, {});
    CHECK(result.exit_code == 1);
    const std::string path = dir.write("junit.xml", result.out);
    const auto lint = run("/usr/bin/xmllint", {"--noout", path}, {});
    CHECK_MESSAGE(lint.exit_code == 0, lint.err);
    CHECK(has(result.out, R"(<testsuites name="scopegate" tests="6" failures="2" errors="0" skipped="1">)"));
    CHECK(has(result.out, R"(<failure type="missing-scope" message="missing documents:signed:export">)"));
    CHECK(has(result.out, R"(<skipped message="when: NIGHTLY is not set"/>)"));
  }

  TEST_CASE("sarif from the binary: the required fields and the manifest lines") {
    // Run from the checkout with a relative path, as CI does: the URI is then repository-relative.
    const auto result = run(kBinary, {"check", "-m", "examples/quickstart/scopegate.yaml", "--response-file",
                                      quickstart_answer(), "--format", "sarif"},
                            {}, kSource);
    CHECK(result.exit_code == 1);
    const json::value root = json::parse(result.out);
    CHECK(root.at("version").as_string() == "2.1.0");
    const json::object& sarif_run = root.at("runs").at(0).as_object();
    CHECK(sarif_run.at("tool").at("driver").at("name").as_string() == "scopegate");
    std::vector<std::pair<std::string, int>> found;
    for (const json::value& finding : sarif_run.at("results").as_array()) {
      const auto& region = finding.at("locations").at(0).at("physicalLocation").at("region");
      found.emplace_back(std::string(finding.at("ruleId").as_string()), static_cast<int>(region.at("startLine").as_int64()));
      CHECK(finding.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri").as_string() ==
            "examples/quickstart/scopegate.yaml");
      CHECK_FALSE(finding.at("message").at("text").as_string().empty());
    }
    // documents:signed:export is required on line 23, documents:generated:read on 28, the provider on 8.
    const std::vector<std::pair<std::string, int>> expected{
        {"missing-scope", 23}, {"missing-scope", 28}, {"excess-scope", 8}};
    CHECK(found == expected);
  }

  TEST_CASE("markdown and --report write several formats from one run") {
    TempDir dir;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format",
                                      "markdown", "--report", "json=" + dir.file("r.json"), "--report",
                                      "junit=" + dir.file("r.xml")},
                            {});
    CHECK(result.exit_code == 1);
    CHECK(result.out.starts_with("## ❌ scopegate: 2 of 5 features blocked\n"));
    CHECK(json::parse(dir.read("r.json")).at("schema").as_string() == "scopegate/report/v1");
    CHECK(run("/usr/bin/xmllint", {"--noout", dir.file("r.xml")}, {}).exit_code == 0);
    CHECK(run(kBinary, {"check", "-m", quickstart(), "--report", "sarf=x"}, {}).exit_code == 2);
  }

  TEST_CASE("github: add-mask first, annotations at the manifest lines, summary and outputs as the runner reads them") {
    Job job;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format", "github"},
                            job.env);
    CHECK(result.exit_code == 1);
    const RunnerLog log = parse_runner_stdout(result.out);
    REQUIRE_FALSE(log.commands.empty());
    CHECK(log.commands.front().name == "add-mask");
    CHECK(log.commands.front().line == 0);
    CHECK(log.commands.front().data == kFakeToken);
    token_only_in_add_mask(log);
    CHECK_FALSE(has(result.err, kFakeToken));

    const auto errors = log.named("error");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].property("file") == quickstart());
    CHECK(errors[0].property("line") == "23");
    CHECK(errors[0].property("col") == "16");
    CHECK(errors[0].property("title") == "Missing scope documents:signed:export");
    CHECK(has(errors[0].data, "Hint: Ask an organisation admin to add the export scope to the CI key."));
    CHECK(errors[1].property("line") == "28");
    CHECK(log.named("notice").size() == 1);  // the excess scope

    const OutputFile outputs = job.outputs();
    REQUIRE_MESSAGE(outputs.ok(), outputs.error);
    CHECK(job.output("ok") == "false");
    CHECK(job.output("exit-code") == "1");
    CHECK(job.output("missing-scopes") == R"(["documents:signed:export","documents:generated:read"])");
    CHECK(job.output("blocked-features") == R"(["export-signed","attach-generated"])");
    // The JSON report: a file of this run's own in RUNNER_TEMP, readable by its owner only.
    const std::filesystem::path report = job.output("report");
    CHECK(report.parent_path() == job.dir.path());
    CHECK(report.filename().string().starts_with("scopegate-report-"));
    CHECK(report.extension() == ".json");
    CHECK((std::filesystem::status(report).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(json::parse(job.dir.read(report.filename())).at("exit_code").as_int64() == 1);
    const std::string summary = job.dir.read("step_summary");
    CHECK(summary.starts_with("## ❌ scopegate: 2 of 5 features blocked\n"));
    CHECK(has(summary, "| `export-signed` | sonar | ❌ missing | needs `documents:signed:export` (Documents / Signed / Export)"));
    CHECK(has(summary, "| `read-signed` | sonar | ✅ ok | has `documents:signed:read` |\n"));
    CHECK(has(summary, "\n### How to fix\n\n- **sonar**: add documents:signed:export, documents:generated:read to key "
                       "'CI key' (sk_live...) at <https://session.sonar.de/acme/settings/api-keys>\n"));
    CHECK(has(summary, "\n### Tokens\n\n- **sonar**: key 'CI key' (`sk_live...`), expiry unknown, from --response-file "));
    CHECK_FALSE(has(summary + job.dir.read("github_output") + job.dir.read(report.filename()), kFakeToken));
  }

  TEST_CASE("github: the job summary says the verdict, each fix and each reason once, and each token's expiry") {
    Job job;
    // 32 days and a half from now, by this process's clock (faketime moves the binary's too):
    // "in 32 days" whatever second the binary reads its clock in.
    const scopegate::util::TimePoint expiry = days_from_now(32) + std::chrono::hours(12);
    job.env["IDP_TOKEN"] = unsigned_jwt(R"({"sub":"ci-bot","exp":)" + std::to_string(unix_seconds(expiry)) + "}");
    const std::string manifest = job.dir.write("scopegate.yaml", R"(version: 1
providers:
  idp: {preset: jwt, token_env: IDP_TOKEN}
  sonar: {preset: sonar, base_url: "https://session.sonar.de/acme"}
features:
  deploy: {provider: idp, requires: [deploy:write, deploy:read]}
  release: {provider: idp, requires: [release:write]}
  export-a: {provider: sonar, requires: [documents:signed:export]}
  export-b: {provider: sonar, requires: [documents:signed:export, documents:generated:read]}
  read: {provider: sonar, requires: [documents:signed:read]}
)");
    const auto result = run(kBinary, {"check", "-m", manifest, "--response-file", "sonar=" + quickstart_answer(),
                                      "--format", "github"},
                            job.env);
    CHECK(result.exit_code == 1);  // a missing scope wins over the unverifiable ones
    const std::string summary = job.dir.read("step_summary");
    const std::string heading = summary.substr(0, summary.find('\n'));
    CHECK(heading == "## ❌ scopegate: 2 of 5 features blocked");
    CHECK_FALSE(has(heading, "http"));
    CHECK(has(summary, "| `read` | sonar | ✅ ok | has `documents:signed:read` |\n"));
    CHECK_FALSE(has(summary, "|  |"));
    // The fix once for sonar, though two features miss a scope.
    CHECK(occurrences(summary, "add documents:signed:export, documents:generated:read to key 'CI key' (sk_live...)") == 1);
    CHECK(occurrences(summary, "add documents:signed:export") == 1);
    // The JWT's reason once, though two features and three scopes are unverifiable.
    CHECK(occurrences(summary, "the JWT carries none of the claims scope, scp, permissions, roles") == 1);
    CHECK(has(summary, "\n  - ❔ 3 scopes cannot be verified: the JWT carries none of the claims scope, scp, permissions, roles"));
    CHECK(has(summary, "| `deploy` | idp | ❔ unverifiable | cannot verify `deploy:write`, `deploy:read`, see Tokens |"));
    // One line per token: the key, the account, the expiry.
    CHECK(has(summary, "\n- **idp** (jwt): account ci-bot, expires " + iso_timestamp(expiry).substr(0, 10) +
                           " (in 32 days), from token claims\n"));
    CHECK(has(summary, "\n- **sonar**: key 'CI key' (`sk_live...`), expiry unknown, from --response-file "));
    CHECK_FALSE(has(summary, job.env["IDP_TOKEN"]));
  }

  TEST_CASE("github: annotations attach to the path inside the checkout") {
    Job job;
    job.env["GITHUB_WORKSPACE"] = kSource;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format", "github"},
                            job.env);
    CHECK(parse_runner_stdout(result.out).named("error").at(0).property("file") == "examples/quickstart/scopegate.yaml");
  }

  TEST_CASE("an injected %0A::warning:: or ##[error] in a hint stays inert, in every format") {
    Job job;
    const std::string manifest = job.dir.write("scopegate.yaml", R"(version: 1
providers:
  sonar: {preset: sonar, base_url: "https://sonar.example.com"}
features:
  export:
    requires: [documents:signed:export]
    description: "##[error]pwned by the description"
    hint: "Ask %0A::warning::pwned, then ##[add-mask]x, ::error::pwned2"
  multi:
    requires: [documents:signed:delete]
    hint: |
      first line
      ::error file=x::pwned3
)");
    for (const char* format : {"github", "text", "markdown", "junit", "json", "sarif"}) {
      CAPTURE(format);
      const auto result = run(kBinary, {"check", "-m", manifest, "--granted", "documents:signed:read", "--format", format},
                              job.env);
      CHECK(result.exit_code == 1);
      const RunnerLog log = parse_runner_stdout(result.out + result.err);
      for (const RunnerCommand& command : log.commands) {
        CAPTURE(command.name);
        CHECK_FALSE(has(command.name, "pwned"));
        CHECK((command.name == "add-mask" || command.name == "error" || command.name == "notice"));
        if (command.name != "add-mask") CHECK(std::string(format) == "github");
      }
      if (std::string(format) == "github") {
        const auto errors = log.named("error");
        REQUIRE(errors.size() == 2);
        CHECK(has(errors[0].data, "Hint: Ask %0A::warning::pwned, then "));  // the literal text, unescaped once
        CHECK(has(errors[1].data, "Hint: first line\\n::error file=x::pwned3\\n"));  // its breaks shown escaped
        CHECK(errors[0].property("title") == "Missing scope documents:signed:export");
      }
    }
  }

  TEST_CASE("github, exit 2: outputs, annotations at the manifest lines and a summary, on every usage error") {
    const std::map<std::string, std::string> failed{
        {"ok", "false"}, {"exit-code", "2"}, {"missing-scopes", "[]"}, {"blocked-features", "[]"}};
    const auto outputs_of = [](const Job& job) {
      const OutputFile file = job.outputs();
      REQUIRE_MESSAGE(file.ok(), file.error);
      return std::map<std::string, std::string>(file.entries.begin(), file.entries.end());
    };
    SUBCASE("a broken manifest, one key written to inject a command") {
      Job job;
      const std::string manifest = job.dir.write("scopegate.yaml", R"(version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://x.example
    "tokn,env:%0A::warning::pwned": SONAR_API_KEY
features:
  read:
    requires: [documents:signed:read]
    optionl: true
)");
      const auto result = run(kBinary, {"check", "-m", manifest, "--format", "github"}, job.env);
      CHECK(result.exit_code == 2);
      // The text diagnostics stay on stderr.
      CHECK(has(result.err, manifest + ":10:5: error: unknown key 'optionl' in feature 'read' (did you mean 'optional'?)"));
      const RunnerLog log = parse_runner_stdout(result.out);
      token_only_in_add_mask(log);
      CHECK_FALSE(has(result.err, kFakeToken));
      for (const RunnerCommand& command : log.commands) CHECK((command.name == "add-mask" || command.name == "error"));
      const auto errors = log.named("error");
      REQUIRE(errors.size() == 2);
      CHECK(errors[0].property("file") == manifest);
      CHECK(errors[0].property("line") == "6");
      CHECK(errors[0].property("col") == "5");
      CHECK(errors[0].property("title") == "Invalid manifest");
      CHECK(has(errors[0].data, "unknown key 'tokn,env:%0A::warning::pwned' in provider 'sonar'"));  // literal, unescaped once
      CHECK(errors[1].property("line") == "10");
      CHECK(errors[1].data == "unknown key 'optionl' in feature 'read' (did you mean 'optional'?)");
      CHECK(outputs_of(job) == failed);
      const std::string summary = job.dir.read("step_summary");
      CHECK(summary.starts_with("## ❌ scopegate: the check could not run (exit 2)\n"));
      CHECK(has(summary, ":10:5` unknown key 'optionl' in feature 'read'"));
      CHECK_FALSE(has(summary + job.dir.read("github_output"), kFakeToken));
    }
    SUBCASE("an unset token") {
      Job job;
      job.env.erase("SONAR_API_KEY");
      const auto result = run(kBinary, {"check", "-m", quickstart(), "--format", "github"}, job.env);
      CHECK(result.exit_code == 2);
      CHECK(has(result.err, "scopegate: error: environment variable SONAR_API_KEY is not set"));
      const auto errors = parse_runner_stdout(result.out).named("error");
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].property("title") == "scopegate could not run");
      CHECK(has(errors[0].data, "environment variable SONAR_API_KEY is not set"));
      CHECK(outputs_of(job) == failed);
      CHECK(has(job.dir.read("step_summary"), "Nothing was sent to any provider"));
      CHECK(has(job.dir.read("step_summary"), "- environment variable SONAR_API_KEY is not set"));
    }
    SUBCASE("a bad flag, an unknown feature, an unwritable report") {
      for (const std::vector<std::string>& extra :
           {std::vector<std::string>{"--timeout", "soon"}, {"-f", "red-signed"}, {"--report", "sarf=x"},
            {"-o", "/dev/null/dir/r.json"}}) {
        CAPTURE(extra.front());
        Job job;
        std::vector<std::string> args{"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format",
                                      "github"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto result = run(kBinary, args, job.env);
        CHECK(result.exit_code == 2);
        CHECK(outputs_of(job) == failed);
        const RunnerLog log = parse_runner_stdout(result.out);
        CHECK(log.named("error").size() == 1);
        token_only_in_add_mask(log);
        CHECK(has(job.dir.read("step_summary"), "the check could not run (exit 2)"));
      }
    }
  }

  TEST_CASE("github -o FILE: the JSON report in FILE, stdout only the runner's commands, the text report on stderr") {
    Job job;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer(), "--format",
                                      "github", "-o", job.dir.file("r.json")},
                            job.env);
    CHECK(result.exit_code == 1);
    const RunnerLog log = parse_runner_stdout(result.out);
    CHECK(log.plain.empty());
    CHECK(log.named("error").size() == 2);
    CHECK(has(result.err, "  MISSING     export-signed"));
    CHECK(has(result.err, "2 of 5 features blocked"));
    CHECK(parse_runner_stdout(result.err).commands.empty());
    CHECK(json::parse(job.dir.read("r.json")).at("exit_code").as_int64() == 1);
    CHECK(job.output("report") == job.dir.file("r.json"));
    CHECK(job.output("exit-code") == "1");
  }

  TEST_CASE("text under GITHUB_ACTIONS=true stays readable and gives the runner no command") {
    Job job;
    const auto result = run(kBinary, {"check", "-m", quickstart(), "--response-file", quickstart_answer()}, job.env);
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  MISSING     export-signed"));
    CHECK(parse_runner_stdout(result.out + result.err).commands.empty());
    CHECK_FALSE(has(result.out, "\x1b["));
  }
}

TEST_SUITE("integration.action") {
  namespace {
  YAML::Node action() { return YAML::LoadFile(kSource + "/action/action.yml"); }

  // ${{ ... }} as the runner would expand it for these tests.
  std::string expand(std::string text, const std::map<std::string, std::string>& context) {
    for (std::size_t open = text.find("${{"); open != std::string::npos; open = text.find("${{")) {
      const std::size_t close = text.find("}}", open);
      REQUIRE(close != std::string::npos);
      const std::string expression(scopegate::util::trim(text.substr(open + 3, close - open - 3)));
      const auto found = context.find(expression);
      REQUIRE_MESSAGE(found != context.end(), "no value for " << expression);
      text.replace(open, close + 2 - open, found->second);
    }
    return text;
  }

  // Runs one composite step as the runner does: its env: expanded, then
  // `bash -e {0}`-style execution of its run: text.
  ProcessResult run_step(const YAML::Node& step, const std::map<std::string, std::string>& context,
                         std::map<std::string, std::string> env, const std::string& cwd) {
    for (const auto& entry : step["env"]) env[entry.first.as<std::string>()] = expand(entry.second.as<std::string>(), context);
    return run("/bin/bash", {"--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"].as<std::string>()}, env, cwd);
  }

  YAML::Node step_with_id(const YAML::Node& root, const std::string& id) {
    for (const auto& step : root["runs"]["steps"])
      if (step["id"] && step["id"].as<std::string>() == id) return step;
    FAIL("no step " << id);
    return {};
  }
  }  // namespace

  TEST_CASE("the action: composite, inputs only through env:, outputs from the check step") {
    const YAML::Node root = action();
    CHECK(root["runs"]["using"].as<std::string>() == "composite");
    for (const char* input : {"manifest", "features", "format", "fail-on-excess", "min-ttl", "version"}) {
      CAPTURE(input);
      CHECK(root["inputs"][input]["description"].as<std::string>().size() > 10);
    }
    for (const auto& step : root["runs"]["steps"]) {
      if (!step["run"]) continue;
      CAPTURE(step["name"].as<std::string>());
      CHECK_FALSE(has(step["run"].as<std::string>(), "${{"));
      CHECK(step["shell"].as<std::string>() == "bash");
    }
    for (const char* output : {"ok", "exit-code", "missing-scopes", "blocked-features", "report"}) {
      CAPTURE(output);
      CHECK(root["outputs"][output]["value"].as<std::string>() == "${{ steps.check.outputs." + std::string(output) + " }}");
    }
  }

  TEST_CASE("the action's steps, run as a runner runs them: outputs, summary and report file") {
    const YAML::Node root = action();
    Job job;
    const std::string home = job.dir.file("home");
    std::filesystem::create_directories(home);
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"github.action_repository", ""},  // empty in composite actions (actions/runner#2525)
                                               {"runner.temp", job.dir.path()},
                                               {"inputs.version", ""},
                                               {"inputs.manifest", "scopegate.yaml"},
                                               {"inputs.features", "export-signed,read-signed"},
                                               {"inputs.format", "sarif"},
                                               {"inputs.fail-on-excess", "false"},
                                               {"inputs.min-ttl", "7d"},
                                               {"inputs.args", "--response-file " + quickstart_answer()}};
    std::map<std::string, std::string> env = job.env;
    env["HOME"] = home;
    const std::string workspace = job.dir.file("workspace");
    std::filesystem::create_directories(workspace);
    std::filesystem::copy_file(quickstart(), workspace + "/scopegate.yaml");
    env["GITHUB_WORKSPACE"] = workspace;

    // 1. source: where the binary lives, keyed by the source's content.
    const auto source = run_step(step_with_id(root, "source"), context, env, workspace);
    REQUIRE_MESSAGE(source.exit_code == 0, source.err);
    const OutputFile source_outputs = job.outputs();
    REQUIRE(source_outputs.ok());
    for (const auto& [name, value] : source_outputs.entries) context["steps.source.outputs." + name] = value;
    CHECK(context["steps.source.outputs.dir"] == std::filesystem::canonical(kSource).string());
    CHECK(context["steps.source.outputs.key"].size() == 16);
    // 2. cache and build: a cache hit, as on every run after the first.
    const std::string bin_dir = context["steps.source.outputs.bin-dir"];
    std::filesystem::create_directories(bin_dir);
    std::filesystem::copy_file(kBinary, bin_dir + "/scopegate");
    job.dir.write("github_output", "");

    // 3. check
    const auto check = run_step(step_with_id(root, "check"), context, env, workspace);
    CHECK(check.exit_code == 1);
    const RunnerLog log = parse_runner_stdout(check.out);
    CHECK(log.commands.front().name == "add-mask");
    token_only_in_add_mask(log);
    CHECK(log.named("error").size() == 1);  // only export-signed was checked
    const OutputFile outputs = job.outputs();
    REQUIRE_MESSAGE(outputs.ok(), outputs.error);
    CHECK(job.output("ok") == "false");
    CHECK(job.output("exit-code") == "1");
    CHECK(job.output("missing-scopes") == R"(["documents:signed:export"])");
    CHECK(job.output("blocked-features") == R"(["export-signed"])");
    CHECK(json::parse(read_file(job.output("report"))).at("features").as_array().size() == 2);
    const std::filesystem::path sarif = job.output("report-file");
    CHECK(sarif.parent_path().parent_path() == job.dir.path());  // a directory of the step's own in RUNNER_TEMP
    CHECK(sarif.filename() == "scopegate-report.sarif");
    CHECK(json::parse(read_file(sarif)).at("version").as_string() == "2.1.0");
    CHECK(has(job.dir.read("step_summary"), "| `export-signed` | sonar | ❌ missing |"));
  }

  TEST_CASE("the action refuses a version that is not a plain ref, before fetching anything") {
    const YAML::Node root = action();
    Job job;
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"github.action_repository", ""},  // empty in composite actions (actions/runner#2525)
                                               {"runner.temp", job.dir.path()},
                                               {"inputs.version", "--upload-pack=touch /tmp/pwned"}};
    const auto source = run_step(step_with_id(root, "source"), context, job.env, job.dir.path());
    CHECK(source.exit_code == 2);
    CHECK(has(source.err, "version must be a tag or commit"));
  }

  namespace {
  // A file the test writes and makes executable.
  std::string write_script(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.write(name, text);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  }

  ProcessResult git(const std::string& cwd, std::vector<std::string> args, const std::string& home) {
    args.insert(args.begin(), {"-c", "user.name=test", "-c", "user.email=test@example.com"});
    return run("/usr/bin/git", std::move(args), {{"HOME", home}, {"GIT_CONFIG_NOSYSTEM", "1"}}, cwd);
  }

  // The action checked out as a runner checks out `uses: OWNER/REPO/action@REF`:
  // .../_work/_actions/OWNER/REPO/REF/action.
  std::string checked_out_action(const TempDir& dir, const std::string& relative) {
    const std::string path = dir.file("_work/_actions/" + relative + "/action");
    std::filesystem::create_directories(path);
    for (const auto& entry : std::filesystem::directory_iterator(kSource + "/action"))
      std::filesystem::copy_file(entry.path(), path + "/" + entry.path().filename().string());
    return path;
  }

  // An os-release file as the runner image has it.
  std::string os_release(const TempDir& dir, const std::string& id, const std::string& version) {
    return dir.write("os-release-" + id + "-" + version,
                     "PRETTY_NAME=\"" + id + " " + version + "\"\nNAME=\"" + id + "\"\nVERSION_ID=\"" + version +
                         "\"\nID=" + id + "\n");
  }

  // GitHub's expression syntax, as much of it as the example workflow's if: uses:
  // status functions, !, ==, !=, &&, ||, parentheses, 'strings' and contexts.
  // Anything else fails the test instead of being guessed at.
  class Condition {
   public:
    Condition(std::string text, std::map<std::string, std::string> context, bool step_failed)
        : text_(std::move(text)), context_(std::move(context)), failed_(step_failed) {}
    bool evaluate() {
      const Value value = any();
      skip();
      REQUIRE_MESSAGE(at_ == text_.size(), "cannot read " << text_.substr(at_));
      return value.truthy();
    }

   private:
    struct Value {
      std::optional<bool> boolean;
      std::string text;
      bool truthy() const { return boolean ? *boolean : !text.empty(); }
    };
    void skip() {
      while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n')) ++at_;
    }
    bool eat(const std::string& token) {
      skip();
      if (text_.compare(at_, token.size(), token) != 0) return false;
      at_ += token.size();
      return true;
    }
    Value any() {
      Value left = all();
      while (eat("||")) {
        const bool right = all().truthy();
        left = Value{left.truthy() || right, ""};
      }
      return left;
    }
    Value all() {
      Value left = comparison();
      while (eat("&&")) {
        const bool right = comparison().truthy();
        left = Value{left.truthy() && right, ""};
      }
      return left;
    }
    Value comparison() {
      const Value left = unary();
      for (const bool equal : {true, false}) {
        if (!eat(equal ? "==" : "!=")) continue;
        const Value right = unary();
        REQUIRE((!left.boolean && !right.boolean));  // strings only
        const bool same = scopegate::util::to_lower(left.text) == scopegate::util::to_lower(right.text);
        return Value{same == equal, ""};
      }
      return left;
    }
    Value unary() {
      if (eat("!")) return Value{!unary().truthy(), ""};
      if (eat("(")) {
        const Value value = any();
        REQUIRE(eat(")"));
        return value;
      }
      skip();
      if (at_ < text_.size() && text_[at_] == '\'') {
        const std::size_t close = text_.find('\'', at_ + 1);
        REQUIRE(close != std::string::npos);
        Value value{std::nullopt, text_.substr(at_ + 1, close - at_ - 1)};
        at_ = close + 1;
        return value;
      }
      const std::size_t start = at_;
      const auto name_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
      };
      while (at_ < text_.size() && name_char(text_[at_])) ++at_;
      const std::string name = text_.substr(start, at_ - start);
      REQUIRE_MESSAGE(!name.empty(), "cannot read " << text_.substr(start));
      if (eat("()")) {
        if (name == "always") return Value{true, ""};
        if (name == "cancelled") return Value{false, ""};
        if (name == "success") return Value{!failed_, ""};
        if (name == "failure") return Value{failed_, ""};
        FAIL("unknown function " << name);
        return {};
      }
      REQUIRE_MESSAGE(name.starts_with("steps."), "unknown context " << name);
      const auto found = context_.find(name);
      return Value{std::nullopt, found == context_.end() ? "" : found->second};  // an unset output is ''
    }

    std::string text_;
    std::map<std::string, std::string> context_;
    bool failed_;
    std::size_t at_ = 0;
  };
  }  // namespace

  TEST_CASE("version: fetches from the repository in the action's path, github.action_repository being empty") {
    const YAML::Node root = action();
    Job job;
    const std::string home = job.dir.file("home");
    std::filesystem::create_directories(home);
    // The upstream repository, served as GITHUB_SERVER_URL/octo-org/scopegate, with a tag.
    const std::string upstream = job.dir.file("server/octo-org/scopegate");
    std::filesystem::create_directories(upstream + "/src");
    std::filesystem::create_directories(upstream + "/action");
    job.dir.write("server/octo-org/scopegate/CMakeLists.txt", "project(fetched)\n");
    job.dir.write("server/octo-org/scopegate/src/main.cpp", "int main() {}\n");
    job.dir.write("server/octo-org/scopegate/action/build.sh", "echo fetched\n");
    for (const std::vector<std::string>& command :
         std::vector<std::vector<std::string>>{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "v9"}, {"tag", "v9.9.9"}}) {
      const auto result = git(upstream, command, home);
      REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    }
    std::map<std::string, std::string> env = job.env;
    env["HOME"] = home;
    env["GITHUB_SERVER_URL"] = "file://" + job.dir.file("server");

    // A tag, and a branch with a slash (the runner nests it: .../REPO/releases/v9/action).
    for (const std::string ref : {"v0.1.0", "releases/v9"}) {
      CAPTURE(ref);
      const std::string action_path = checked_out_action(job.dir, "octo-org/scopegate/" + ref);
      env["GITHUB_ACTION_PATH"] = action_path;
      const std::map<std::string, std::string> context{{"github.action_path", action_path},
                                                       {"github.action_repository", ""},
                                                       {"runner.temp", job.dir.path()},
                                                       {"inputs.version", "v9.9.9"}};
      job.dir.write("github_output", "");
      const auto source = run_step(step_with_id(root, "source"), context, env, job.dir.path());
      REQUIRE_MESSAGE(source.exit_code == 0, source.err);
      CHECK(job.output("dir") == job.dir.file("scopegate-src"));
      CHECK(job.dir.read("scopegate-src/action/build.sh") == "echo fetched\n");
      CHECK(job.output("key").size() == 16);
    }

    // Not under _actions (a local `uses: ./action`): github.action_repository is the fallback...
    std::filesystem::remove_all(job.dir.file("scopegate-src"));
    env.erase("GITHUB_ACTION_PATH");
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"github.action_repository", "octo-org/scopegate"},
                                               {"runner.temp", job.dir.path()},
                                               {"inputs.version", "v9.9.9"}};
    const auto fallback = run_step(step_with_id(root, "source"), context, env, job.dir.path());
    REQUIRE_MESSAGE(fallback.exit_code == 0, fallback.err);
    CHECK(job.dir.read("scopegate-src/CMakeLists.txt") == "project(fetched)\n");

    // ...and with neither, a clear error before anything is fetched.
    std::filesystem::remove_all(job.dir.file("scopegate-src"));
    context["github.action_repository"] = "";
    const auto neither = run_step(step_with_id(root, "source"), context, env, job.dir.path());
    CHECK(neither.exit_code == 2);
    CHECK(has(neither.err, "::error title=scopegate::version: cannot tell which repository to fetch v9.9.9 from"));
    CHECK(has(neither.err, "OWNER/REPO/action@REF"));
    CHECK_FALSE(std::filesystem::exists(job.dir.file("scopegate-src")));
  }

  TEST_CASE("the binary's cache key and directory differ between runner images") {
    const YAML::Node root = action();
    Job job;
    std::map<std::string, std::string> env = job.env;
    env["HOME"] = job.dir.path();
    YAML::Node cache;
    for (const auto& step : root["runs"]["steps"])
      if (step["uses"] && step["uses"].as<std::string>().starts_with("actions/cache/restore@")) cache.reset(step);
    REQUIRE(cache.IsMap());
    std::vector<std::string> keys, paths;
    for (const std::string version : {"22.04", "24.04"}) {
      env["SCOPEGATE_OS_RELEASE"] = os_release(job.dir, "ubuntu", version);
      std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                                 {"github.action_repository", ""},
                                                 {"runner.temp", job.dir.path()},
                                                 {"runner.os", "Linux"},
                                                 {"runner.arch", "X64"},
                                                 {"inputs.version", ""}};
      job.dir.write("github_output", "");
      const auto source = run_step(step_with_id(root, "source"), context, env, job.dir.path());
      REQUIRE_MESSAGE(source.exit_code == 0, source.err);
      for (const auto& [name, value] : job.outputs().entries) context["steps.source.outputs." + name] = value;
      keys.push_back(expand(cache["with"]["key"].as<std::string>(), context));
      paths.push_back(expand(cache["with"]["path"].as<std::string>(), context));
      CHECK(has(keys.back(), "-ubuntu-" + version + "-"));
      CHECK(paths.back() == context["steps.source.outputs.bin-dir"]);
    }
    CHECK(keys[0] != keys[1]);
    CHECK(paths[0] != paths[1]);
  }

  TEST_CASE("the binary is saved right after the build, so a failing gate does not build again next run") {
    const YAML::Node root = action();
    std::vector<std::string> ids, uses;
    for (const auto& step : root["runs"]["steps"]) {
      ids.push_back(step["id"] ? step["id"].as<std::string>() : "");
      uses.push_back(step["uses"] ? step["uses"].as<std::string>() : "");
    }
    // Never the combined form, which saves only when the whole job succeeds.
    CHECK(std::none_of(uses.begin(), uses.end(), [](const std::string& u) { return u.starts_with("actions/cache@"); }));
    const auto at = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
    CHECK(at("cache") < at("build"));
    CHECK(at("build") + 1 == at("save"));  // before the check, which may fail the job
    CHECK(at("save") < at("check"));
    const YAML::Node restore = step_with_id(root, "cache");
    const YAML::Node save = step_with_id(root, "save");
    CHECK(restore["uses"].as<std::string>() == "actions/cache/restore@v4");
    CHECK(save["uses"].as<std::string>() == "actions/cache/save@v4");
    CHECK(save["if"].as<std::string>() == step_with_id(root, "build")["if"].as<std::string>());
    CHECK(save["with"]["path"].as<std::string>() == restore["with"]["path"].as<std::string>());
    CHECK(save["with"]["key"].as<std::string>() == "${{ steps.cache.outputs.cache-primary-key }}");
  }

  TEST_CASE("build and save run on a cache miss only, and save only after a build that succeeded") {
    const YAML::Node root = action();
    // GitHub puts success() && before an if: that names no status function.
    const auto runs = [&](const std::string& id, const std::string& cache_hit, bool earlier_step_failed) {
      const std::string condition = step_with_id(root, id)["if"].as<std::string>();
      CHECK(condition.find("()") == std::string::npos);
      return Condition("success() && (" + condition + ")", {{"steps.cache.outputs.cache-hit", cache_hit}},
                       earlier_step_failed)
          .evaluate();
    };
    for (const std::string hit : {"true", "false", ""}) {  // "": restore found nothing under the key
      CAPTURE(hit);
      const bool miss = hit != "true";
      CHECK(runs("build", hit, false) == miss);
      CHECK(runs("save", hit, false) == miss);
      CHECK_FALSE(runs("save", hit, true));  // a failed build saves nothing
    }
  }

  TEST_CASE("the build step stops on Ubuntu 22.04 before apt-get, and installs Boost 1.81+ elsewhere") {
    const YAML::Node root = action();
    Job job;
    // apt-get, sudo and cmake that only say they ran: nothing is installed or built.
    const std::string log = job.dir.write("tools.log", "");
    std::filesystem::create_directories(job.dir.file("bin"));
    for (const char* tool : {"apt-get", "cmake"})
      write_script(job.dir, std::string("bin/") + tool,
                   "#!/bin/sh\necho \"" + std::string(tool) + " $*\" >> '" + log + "'\n" +
                       (std::string(tool) == "cmake" ? "exit 42\n" : ""));
    write_script(job.dir, "bin/sudo", "#!/bin/sh\nexec \"$@\"\n");
    std::map<std::string, std::string> env = job.env;
    env["PATH"] = job.dir.file("bin") + ":/usr/bin:/bin";
    env["TMPDIR"] = job.dir.path();  // build.sh's mktemp -d
    const std::map<std::string, std::string> context{{"steps.source.outputs.dir", kSource},
                                                     {"steps.source.outputs.bin-dir", job.dir.file("out")}};
    const YAML::Node build = step_with_id(root, "build");
    CHECK(build["if"].as<std::string>() == "steps.cache.outputs.cache-hit != 'true'");

    env["SCOPEGATE_OS_RELEASE"] = os_release(job.dir, "ubuntu", "22.04");
    const auto jammy = run_step(build, context, env, job.dir.path());
    CHECK(jammy.exit_code == 1);
    CHECK(has(jammy.err, "::error title=scopegate::This runner is ubuntu 22.04. Building scopegate needs Boost 1.81"));
    CHECK(has(jammy.err, "runs-on: ubuntu-24.04 (or ubuntu-latest)"));
    CHECK(has(jammy.err, "Docker image"));
    CHECK(job.dir.read("tools.log").empty());

    // Past the check, the packages that hold Boost.JSON >= 1.81 on each system (then the fake cmake stops).
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> systems{
        {"ubuntu", "24.04", " libboost-dev libboost-json-dev ", "1.81"},
        {"debian", "12", " libboost1.81-dev libboost-json1.81-dev ", " libboost-dev "},
        {"debian", "13", " libboost-dev libboost-json-dev ", "1.81"}};
    for (const auto& [id, version, packages, not_these] : systems) {
      CAPTURE(id + " " + version);
      job.dir.write("tools.log", "");
      env["SCOPEGATE_OS_RELEASE"] = os_release(job.dir, id, version);
      const auto result = run_step(build, context, env, job.dir.path());
      CHECK(result.exit_code == 42);
      const std::string ran = job.dir.read("tools.log");
      CHECK(has(ran, "apt-get update"));
      const std::size_t install = ran.find("apt-get install");
      REQUIRE(install != std::string::npos);
      const std::string installed = ran.substr(install, ran.find('\n', install) - install) + " ";
      CHECK(has(installed, packages));
      CHECK_FALSE(has(installed, not_these));
      CHECK(has(ran, "cmake -S " + kSource));
    }
    env["SCOPEGATE_OS_RELEASE"] = os_release(job.dir, "debian", "11");
    CHECK(run_step(build, context, env, job.dir.path()).exit_code == 1);
  }

  TEST_CASE("args written as a YAML block keep every line: none is dropped") {
    // args: |
    //   --timeout 10s
    //   --response-file answer.json
    const YAML::Node root = action();
    Job job;
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"steps.source.outputs.bin-dir",
                                                std::filesystem::path(kBinary).parent_path().string()},
                                               {"inputs.manifest", quickstart()},
                                               {"inputs.features", ""},
                                               {"inputs.format", "sarif"},
                                               {"inputs.fail-on-excess", "false"},
                                               {"inputs.min-ttl", ""},
                                               {"inputs.args", "--timeout 10s\n--response-file " + quickstart_answer() + "\n"}};
    const auto checked = run_step(step_with_id(root, "check"), context, job.env, job.dir.path());
    // Without the second line there is no offline answer and no token: exit 2.
    CHECK_MESSAGE(checked.exit_code == 1, checked.err);
    CHECK(job.output("missing-scopes") == R"(["documents:signed:export","documents:generated:read"])");
  }

  TEST_CASE("report-file is set only when this run wrote the report, and no two runs share one") {
    const YAML::Node root = action();
    Job job;
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"steps.source.outputs.bin-dir",
                                                std::filesystem::path(kBinary).parent_path().string()},
                                               {"inputs.manifest", job.dir.file("missing.yaml")},
                                               {"inputs.features", ""},
                                               {"inputs.format", "sarif"},
                                               {"inputs.fail-on-excess", "false"},
                                               {"inputs.min-ttl", ""},
                                               {"inputs.args", ""}};
    const auto usage = run_step(step_with_id(root, "check"), context, job.env, job.dir.path());
    CHECK(usage.exit_code == 2);
    CHECK(job.output("report-file") == "(no output report-file)");

    // Two steps that check in one job: each report-file is its own, and both stay.
    context["inputs.manifest"] = quickstart();
    context["inputs.args"] = "--response-file " + quickstart_answer();
    std::vector<std::string> reports;
    for (int step = 0; step < 2; ++step) {
      job.dir.write("github_output", "");
      const auto checked = run_step(step_with_id(root, "check"), context, job.env, job.dir.path());
      CHECK(checked.exit_code == 1);
      reports.push_back(job.output("report-file"));
    }
    CHECK(reports[0] != reports[1]);
    for (const std::string& report : reports) CHECK(json::parse(read_file(report)).at("version").as_string() == "2.1.0");
  }

  TEST_CASE("the example workflow uploads SARIF only after a run that checked the scopes (exit 0, 1 or 5)") {
    const YAML::Node workflow = YAML::LoadFile(kSource + "/examples/ci/github-workflow.yml");
    YAML::Node upload;
    for (const auto& step : workflow["jobs"]["release"]["steps"])
      if (step["uses"] && step["uses"].as<std::string>().starts_with("github/codeql-action/upload-sarif@"))
        upload.reset(step);
    REQUIRE(upload.IsMap());
    const std::string condition = upload["if"].as<std::string>();
    // An unset exit-code output: the build failed, or the action refused its inputs.
    for (const std::string code : {"0", "1", "2", "3", "4", "5", ""}) {
      CAPTURE(code);
      std::map<std::string, std::string> context{{"steps.scopes.outputs.report-file", "/tmp/scopegate-report.sarif"}};
      if (!code.empty()) context["steps.scopes.outputs.exit-code"] = code;
      const bool uploads = Condition(condition, context, code != "0").evaluate();
      CHECK(uploads == (code == "0" || code == "1" || code == "5"));
      context.erase("steps.scopes.outputs.report-file");  // no report written
      CHECK_FALSE(Condition(condition, context, code != "0").evaluate());
    }
  }
}
