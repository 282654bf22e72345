// The CI formats produced by the real binary and read the way their consumers
// read them (the Actions runner, xmllint, a SARIF reader), and the GitHub
// Action's steps run the way a runner runs them.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "support/github_runner.h"
#include "support/subprocess.h"
#include "util/strings.h"

using namespace scopegate::testing;
namespace json = boost::json;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;
const std::string kSource = SCOPEGATE_SOURCE_DIR;
constexpr const char* kToken = "sk_live_FAKE_TOKEN_must_never_leak_0123456789";

bool has(const std::string& text, const std::string& fragment) { return text.find(fragment) != std::string::npos; }

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

// A GitHub-hosted job's environment, with the token set.
struct Job {
  TempDir dir;
  std::map<std::string, std::string> env{{"GITHUB_ACTIONS", "true"},
                                         {"GITHUB_OUTPUT", dir.write("github_output", "")},
                                         {"GITHUB_STEP_SUMMARY", dir.write("step_summary", "")},
                                         {"RUNNER_TEMP", dir.path()},
                                         {"SONAR_API_KEY", kToken}};
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
    if (!has(log.lines[i], kToken)) continue;
    const bool mask = std::any_of(log.commands.begin(), log.commands.end(), [&](const RunnerCommand& c) {
      return c.line == i && c.name == "add-mask" && c.data == kToken;
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
    CHECK(result.out.starts_with("### ❌ scopegate: 2 of 5 features blocked"));
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
    CHECK(log.commands.front().data == kToken);
    token_only_in_add_mask(log);
    CHECK_FALSE(has(result.err, kToken));

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
    CHECK(job.output("report") == job.dir.file("scopegate-report.json"));
    CHECK(json::parse(job.dir.read("scopegate-report.json")).at("exit_code").as_int64() == 1);
    const std::string summary = job.dir.read("step_summary");
    CHECK(summary.starts_with("### ❌ scopegate: 2 of 5 features blocked"));
    CHECK(has(summary, "| `documents:signed:export` | Documents / Signed / Export | sonar | `export-signed` |"));
    CHECK_FALSE(has(summary + job.dir.read("github_output") + job.dir.read("scopegate-report.json"), kToken));
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
        CHECK(has(errors[1].data, "Hint: first line ::error file=x::pwned3"));
        CHECK(errors[0].property("title") == "Missing scope documents:signed:export");
      }
    }
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
                                               {"github.action_repository", "owner/scopegate"},
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
    CHECK(json::parse(job.dir.read("scopegate-report.json")).at("features").as_array().size() == 2);
    CHECK(job.output("report-file") == job.dir.file("scopegate-report.sarif"));
    CHECK(json::parse(job.dir.read("scopegate-report.sarif")).at("version").as_string() == "2.1.0");
    CHECK(has(job.dir.read("step_summary"), "| `export-signed` | ❌ missing |"));
  }

  TEST_CASE("the action refuses a version that is not a plain ref, before fetching anything") {
    const YAML::Node root = action();
    Job job;
    std::map<std::string, std::string> context{{"github.action_path", kSource + "/action"},
                                               {"github.action_repository", "owner/scopegate"},
                                               {"runner.temp", job.dir.path()},
                                               {"inputs.version", "--upload-pack=touch /tmp/pwned"}};
    const auto source = run_step(step_with_id(root, "source"), context, job.env, job.dir.path());
    CHECK(source.exit_code == 2);
    CHECK(has(source.err, "version must be a tag or commit"));
  }
}
