#include <doctest/doctest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/github.h"
#include "report/github_commands.h"
#include "report/markdown.h"
#include "report/reporter.h"
#include "support/check_strings.h"
#include "support/github_runner.h"
#include "support/sample_report.h"
#include "util/time.h"

namespace engine = scopegate::engine;
namespace report = scopegate::report;
namespace testing = scopegate::testing;
using scopegate::manifest::Location;
using scopegate::testing::parse_github_output_file;
using scopegate::testing::parse_runner_stdout;
using scopegate::testing::runner_lines;
using scopegate::testing::RunnerCommand;
using scopegate::testing::RunnerLog;
using Properties = std::map<std::string, std::string>;

namespace {
// The sample report with the locations the engine always fills in.
engine::Report located() {
  engine::Report report = scopegate::testing::sample_report();
  report.providers[0].where = {4, 3};
  report.features[1].missing[0].where = {14, 16};
  return report;
}

// Both render the report linked as the engine links it (each missing finding to its entry).
std::string render_text(engine::Report report) {
  testing::link_missing(report);
  return report::create_text_reporter({false})->render(report);
}

// The stdout as the runner reads it, and the part before the text report.
struct Rendered {
  std::string out;
  std::string annotations;
  RunnerLog log;
};

Rendered render(engine::Report report) {
  testing::link_missing(report);
  Rendered rendered;
  rendered.out = report::create_github_reporter({})->render(report);
  rendered.log = parse_runner_stdout(rendered.out);
  const std::string text = render_text(report);
  if (rendered.out.size() >= text.size())
    rendered.annotations = rendered.out.substr(0, rendered.out.size() - text.size());
  return rendered;
}

Properties at(int line, int col, const std::string& title, const std::string& file = "scopegate.yaml") {
  Properties properties{{"file", file}, {"title", title}};
  if (line > 0) properties["line"] = std::to_string(line);
  if (col > 0) properties["col"] = std::to_string(col);
  return properties;
}

std::string show(const Properties& properties) {
  std::string out;
  for (const auto& [key, value] : properties) out += key + "=" + value + ";";
  return out;
}

void check_command(const RunnerCommand& command, const std::string& name, const Properties& properties,
                   const std::string& data) {
  CAPTURE(command.line);
  CHECK(command.name == name);
  CHECK_MESSAGE(command.properties == properties, ("got " + show(command.properties)));
  CHECK(command.data == data);
  CHECK_FALSE(command.legacy);
}

// Every command sits in the annotations, every line of the text report is plain text.
void check_text_is_inert(const engine::Report& report, const Rendered& rendered) {
  const std::string text = render_text(report);
  REQUIRE(rendered.out.ends_with(text));
  const std::size_t annotation_lines = runner_lines(rendered.annotations).size();
  for (const RunnerCommand& command : rendered.log.commands) CHECK(command.line < annotation_lines);
  CHECK(rendered.log.commands.size() == annotation_lines);
  CHECK_STRINGS(rendered.log.plain, runner_lines(text));
}

engine::FeatureResult feature(const std::string& name, engine::FeatureStatus status, int line) {
  engine::FeatureResult result;
  result.name = name;
  result.provider = "sonar";
  result.status = status;
  result.where = {line, 3};
  return result;
}

engine::MissingScope missing_scope(const std::string& provider, const std::string& scope,
                                   std::vector<std::string> features, Location where, bool optional,
                                   std::optional<std::string> label = std::nullopt) {
  engine::MissingScope entry;
  entry.provider = provider;
  entry.scope = scope;
  entry.label = std::move(label);
  entry.features = std::move(features);
  entry.where = where;
  entry.optional = optional;
  return entry;
}

// One provider, no excess, no missing: annotations only from what a test adds.
engine::Report quiet() {
  engine::Report report = located();
  report.providers[0].excess.clear();
  report.providers[0].missing.clear();
  report.providers[0].fix.clear();
  report.features.resize(1);
  report.missing.clear();
  report.exit_code = 0;
  return report;
}

const std::string kExportMessage =
    "Feature 'export' needs documents:signed:export (Documents / Signed / Export) on sonar. Hint: Ask an "
    "organisation admin. Fix: add documents:signed:export to key 'CI key' (sk_live...) at "
    "https://session.sonar.de/acme/settings/api-keys.";
}  // namespace

TEST_SUITE("report.github") {
  TEST_CASE("the sample report: an error at the missing scope, a notice for excess, then the text") {
    const engine::Report report = located();
    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 2);
    check_command(rendered.log.commands[0], "error", at(14, 16, "Missing scope documents:signed:export"),
                  kExportMessage);
    check_command(rendered.log.commands[1], "notice", at(4, 3, "Excess scopes on sonar"),
                  "Granted but needed by no checked feature: documents:uploaded:delete");
    CHECK(rendered.annotations ==
          "::error file=scopegate.yaml,line=14,col=16,title=Missing scope documents%3Asigned%3Aexport::" +
              kExportMessage +
              "\n::notice file=scopegate.yaml,line=4,col=3,title=Excess scopes on sonar::Granted but needed by no "
              "checked feature: documents:uploaded:delete\n");
    check_text_is_inert(report, rendered);
  }

  TEST_CASE("one error per blocking missing scope at the line that requires it") {
    engine::Report report = quiet();
    engine::FeatureResult exp = feature("export", engine::FeatureStatus::kMissing, 20);
    exp.missing = testing::findings({"documents:signed:export", "a | b"}, {{21, 9}, {22, 11}});
    report.features.push_back(exp);
    engine::FeatureResult publish = feature("publish", engine::FeatureStatus::kMissing, 30);
    publish.missing = testing::findings({"documents:signed:export"}, {{31, 13}});
    report.features.push_back(publish);
    engine::FeatureResult extra = feature("extra", engine::FeatureStatus::kMissing, 40);
    extra.optional = true;
    extra.missing = testing::findings({"documents:uploaded:delete"}, {{41, 15}});
    extra.hint = "Only for the nightly run.";
    report.features.push_back(extra);
    report.missing = {
        missing_scope("sonar", "documents:signed:export", {"export", "publish"}, {21, 9}, false, "Export"),
        missing_scope("sonar", "a | b", {"export"}, {22, 11}, false),
        missing_scope("sonar", "documents:uploaded:delete", {"extra"}, {41, 15}, true, "Delete"),
    };
    report.exit_code = 1;

    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 4);
    const auto errors = rendered.log.named("error");
    REQUIRE(errors.size() == 3);
    check_command(errors[0], "error", at(21, 9, "Missing scope documents:signed:export"),
                  "Feature 'export' needs documents:signed:export (Export) on sonar.");
    check_command(errors[1], "error", at(22, 11, "Missing scope a | b"), "Feature 'export' needs a | b on sonar.");
    check_command(errors[2], "error", at(31, 13, "Missing scope documents:signed:export"),
                  "Feature 'publish' needs documents:signed:export (Export) on sonar.");
    const auto warnings = rendered.log.named("warning");
    REQUIRE(warnings.size() == 1);
    check_command(warnings[0], "warning", at(41, 15, "Missing scope documents:uploaded:delete"),
                  "Feature 'extra' needs documents:uploaded:delete (Delete) on sonar. Hint: Only for the nightly run.");
    check_text_is_inert(report, rendered);
  }

  TEST_CASE("a location without a column or line leaves those properties out") {
    engine::Report report = quiet();
    engine::FeatureResult exp = feature("export", engine::FeatureStatus::kMissing, 20);
    exp.missing = testing::findings({"x", "y"}, {{0, 0}, {7, 0}});
    report.features.push_back(exp);
    report.exit_code = 1;
    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 2);
    check_command(rendered.log.commands[0], "error", at(0, 0, "Missing scope x"), "Feature 'export' needs x on sonar.");
    check_command(rendered.log.commands[1], "error", at(7, 0, "Missing scope y"), "Feature 'export' needs y on sonar.");
  }

  TEST_CASE("unverifiable scopes are warnings at the line that requires them") {
    engine::Report report = quiet();
    engine::FeatureResult deploy = feature("deploy", engine::FeatureStatus::kUnverifiable, 50);
    deploy.unverifiable = testing::findings({"repo:write", "org:read"}, {{51, 7}, {52, 9}});
    deploy.reason = "fine-grained tokens do not list their scopes";
    report.features.push_back(deploy);
    report.providers[0].unverifiable = engine::scope_names(deploy.unverifiable);
    report.providers[0].unverifiable_reason = deploy.reason;
    report.exit_code = 5;
    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 2);
    check_command(rendered.log.commands[0], "warning", at(51, 7, "Unverifiable scope repo:write"),
                  "Feature 'deploy' needs repo:write, which cannot be verified: fine-grained tokens do not list their "
                  "scopes");
    check_command(rendered.log.commands[1], "warning", at(52, 9, "Unverifiable scope org:read"),
                  "Feature 'deploy' needs org:read, which cannot be verified: fine-grained tokens do not list their "
                  "scopes");
    check_text_is_inert(report, rendered);
  }

  TEST_CASE("a token close to expiry is a warning, an error when it fails min-ttl") {
    engine::Report report = quiet();
    report.providers[0].expiring_soon = true;
    const std::string message = "The sonar token expires 2027-01-31T00:00:00Z.";
    SUBCASE("without min-ttl") {
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "warning", at(4, 3, "Token expires soon"), message);
      check_text_is_inert(report, rendered);
    }
    SUBCASE("within min-ttl") {
      report.providers[0].ttl_ok = true;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "warning", at(4, 3, "Token expires soon"), message);
    }
    SUBCASE("sooner than min-ttl") {
      report.providers[0].ttl_ok = false;
      report.min_ttl = "90d";
      report.failures = {"the sonar token expires in 30 days (2027-01-31T00:00:00Z), sooner than --min-ttl 90d"};
      report.exit_code = 1;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "error", at(4, 3, "Token expires soon"), message);
      check_text_is_inert(report, rendered);
    }
    SUBCASE("not close to expiry") {
      report.providers[0].expiring_soon = false;
      CHECK(render(report).log.commands.empty());
    }
  }

  TEST_CASE("a rejected token and a provider that could not be asked") {
    engine::Report report = quiet();
    report.features[0].status = engine::FeatureStatus::kError;
    SUBCASE("token rejected") {
      report.providers[0].status = engine::ProviderStatus::kTokenRejected;
      report.providers[0].error = "Sonar rejected the key: REVOKED_API_KEY";
      report.features[0].reason = report.providers[0].error;
      report.exit_code = 3;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "error", at(4, 3, "Token rejected by sonar"),
                    "Sonar rejected the key: REVOKED_API_KEY");
      check_text_is_inert(report, rendered);
    }
    SUBCASE("a blocking provider that could not be asked") {
      report.providers[0].status = engine::ProviderStatus::kError;
      report.providers[0].error = "connect to s.example:443: refused";
      report.features[0].reason = report.providers[0].error;
      report.exit_code = 4;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "error", at(4, 3, "Could not ask sonar"),
                    "connect to s.example:443: refused");
      check_text_is_inert(report, rendered);
    }
    SUBCASE("a provider only optional features use") {
      report.providers[0].status = engine::ProviderStatus::kError;
      report.providers[0].blocking = false;
      report.providers[0].error = "connect to s.example:443: refused";
      report.features[0].optional = true;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "warning", at(4, 3, "Could not ask sonar"),
                    "connect to s.example:443: refused");
    }
  }

  TEST_CASE("excess scopes are a notice, an error with fail-on-excess") {
    engine::Report report = quiet();
    report.providers[0].excess = {"documents:uploaded:delete", "admin"};
    const std::string message = "Granted but needed by no checked feature: documents:uploaded:delete, admin";
    SUBCASE("notice") {
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "notice", at(4, 3, "Excess scopes on sonar"), message);
    }
    SUBCASE("error") {
      report.fail_on_excess = true;
      report.failures = {"the sonar token has scopes no feature needs: documents:uploaded:delete, admin"};
      report.exit_code = 1;
      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 1);
      check_command(rendered.log.commands[0], "error", at(4, 3, "Excess scopes on sonar"), message);
      check_text_is_inert(report, rendered);
    }
  }

  TEST_CASE("several providers each annotate at their own line") {
    engine::Report report = located();
    engine::ProviderResult gitlab;
    gitlab.name = "gitlab";
    gitlab.preset = "gitlab";
    gitlab.source = "live";
    gitlab.status = engine::ProviderStatus::kTokenRejected;
    gitlab.error = "HTTP 401";
    gitlab.blocking = true;
    gitlab.where = {8, 3};
    report.providers.push_back(gitlab);
    engine::FeatureResult mr = feature("merge", engine::FeatureStatus::kError, 60);
    mr.provider = "gitlab";
    mr.reason = "HTTP 401";
    report.features.push_back(mr);
    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 3);
    check_command(rendered.log.commands[0], "error", at(14, 16, "Missing scope documents:signed:export"),
                  kExportMessage);
    check_command(rendered.log.commands[1], "notice", at(4, 3, "Excess scopes on sonar"),
                  "Granted but needed by no checked feature: documents:uploaded:delete");
    check_command(rendered.log.commands[2], "error", at(8, 3, "Token rejected by gitlab"), "HTTP 401");
    check_text_is_inert(report, rendered);
  }

  TEST_CASE("text that looks like a command stays text and round-trips in the annotations") {
    // Real reports hold these strings on one line (util::single_line); the
    // annotations must carry them unchanged, the text report must not run them.
    const std::vector<std::string> hostile{"::error::x",        " ::error::x",      "%0A::warning::x",
                                           "##[error]legacy",   "a: b, c ::notice::n", "::add-mask::y",
                                           "x ##[stop-commands]tok"};
    for (const std::string& text : hostile) {
      CAPTURE(text);
      engine::Report report = located();
      engine::FeatureResult& exp = report.features[1];
      exp.description = text;
      exp.hint = text;
      exp.fix = text;
      exp.missing.push_back({"b:" + text, {15, 5}, std::nullopt});
      report.features[0].description = text;
      engine::FeatureResult& nightly = report.features[2];
      nightly.reason = text;
      engine::FeatureResult deploy = feature("deploy", engine::FeatureStatus::kUnverifiable, 50);
      deploy.description = text;
      deploy.hint = text;
      deploy.unverifiable = testing::findings({"u:" + text}, {{51, 7}});
      deploy.reason = text;
      report.features.push_back(deploy);
      engine::ProviderResult& sonar = report.providers[0];
      sonar.error = text;
      sonar.key_name = text;
      sonar.account = text;
      sonar.source = text;
      sonar.notes = {text};
      sonar.unverifiable = {"u:" + text};
      sonar.unverifiable_reason = text;
      sonar.excess = {text};
      sonar.fix = text;
      report.failures = {"the sonar token has scopes no feature needs: " + text};
      report.missing.push_back(missing_scope("sonar", "b:" + text, {"export"}, {15, 5}, false, text));
      for (engine::MissingScope& entry : report.missing) entry.fix = text;  // each annotation carries its scope's fix

      const Rendered rendered = render(report);
      REQUIRE(rendered.log.commands.size() == 4);
      check_command(rendered.log.commands[0], "error", at(14, 16, "Missing scope documents:signed:export"),
                    "Feature 'export' needs documents:signed:export (Documents / Signed / Export) on sonar. Hint: " +
                        text + " Fix: " + text + ".");
      check_command(rendered.log.commands[1], "error", at(15, 5, "Missing scope b:" + text),
                    "Feature 'export' needs b:" + text + " (" + text + ") on sonar. Hint: " + text + " Fix: " + text +
                        ".");
      check_command(rendered.log.commands[2], "warning", at(51, 7, "Unverifiable scope u:" + text),
                    "Feature 'deploy' needs u:" + text + ", which cannot be verified: " + text);
      check_command(rendered.log.commands[3], "notice", at(4, 3, "Excess scopes on sonar"),
                    "Granted but needed by no checked feature: " + text);
      CHECK(rendered.log.plain.size() == rendered.log.lines.size() - 4);
      for (const std::string& line : rendered.log.plain) {
        CAPTURE(line);
        CHECK_FALSE(parse_runner_stdout(line).commands.size() > 0);
      }
      // The text report is there in full; only a legacy "##[" is broken up by
      // a zero-width space (U+200B), which does not show.
      std::string shown = rendered.out;
      for (std::size_t found = shown.find("##\xE2\x80\x8B["); found != std::string::npos;
           found = shown.find("##\xE2\x80\x8B[", found))
        shown.erase(found + 2, 3);
      CHECK(shown.ends_with(render_text(report)));
      CHECK(rendered.out.ends_with(render_text(report)) == (text.find("##[") == std::string::npos));
    }
  }

  TEST_CASE("a manifest path and scopes with colons and commas round-trip in the properties") {
    engine::Report report = quiet();
    report.manifest_path = "ci/a,b:c%25 d.yaml";
    engine::FeatureResult exp = feature("export", engine::FeatureStatus::kMissing, 20);
    exp.missing = testing::findings({"x:y,z=1%"}, {{21, 9}});
    report.features.push_back(exp);
    report.exit_code = 1;
    const Rendered rendered = render(report);
    REQUIRE(rendered.log.commands.size() == 1);
    check_command(rendered.log.commands[0], "error", at(21, 9, "Missing scope x:y,z=1%", "ci/a,b:c%25 d.yaml"),
                  "Feature 'export' needs x:y,z=1% on sonar.");
  }

  TEST_CASE("step outputs: five names in order with exact values") {
    using Outputs = std::vector<std::pair<std::string, std::string>>;
    SUBCASE("the sample report") {
      const Outputs outputs = report::github_outputs(located(), "/tmp/runner/scopegate-report.json");
      CHECK(outputs == Outputs{{"ok", "false"},
                               {"exit-code", "1"},
                               {"missing-scopes", "[\"documents:signed:export\"]"},
                               {"blocked-features", "[\"export\"]"},
                               {"report", "/tmp/runner/scopegate-report.json"}});
    }
    SUBCASE("a report that passes") {
      const Outputs outputs = report::github_outputs(quiet(), "report.json");
      CHECK(outputs == Outputs{{"ok", "true"},
                               {"exit-code", "0"},
                               {"missing-scopes", "[]"},
                               {"blocked-features", "[]"},
                               {"report", "report.json"}});
    }
    SUBCASE("blocking misses only, each scope once, in report order") {
      engine::Report report = quiet();
      engine::FeatureResult a = feature("a", engine::FeatureStatus::kMissing, 20);
      a.missing = testing::findings({"read", "write"});
      engine::FeatureResult b = feature("b", engine::FeatureStatus::kMissing, 30);
      b.provider = "gitlab";
      b.missing = testing::findings({"read"});
      engine::FeatureResult c = feature("c", engine::FeatureStatus::kMissing, 40);
      c.optional = true;
      c.missing = testing::findings({"admin"});
      engine::FeatureResult d = feature("d", engine::FeatureStatus::kUnverifiable, 50);
      d.unverifiable = testing::findings({"x"});
      report.features.insert(report.features.end(), {a, b, c, d});
      report.missing = {missing_scope("sonar", "read", {"a"}, {21, 1}, false),
                        missing_scope("sonar", "write", {"a"}, {22, 1}, false),
                        missing_scope("gitlab", "read", {"b"}, {31, 1}, false),
                        missing_scope("sonar", "admin", {"c"}, {41, 1}, true),
                        missing_scope("sonar", "a \"quoted\" | b\\c", {"a"}, {23, 1}, false)};
      report.exit_code = 1;
      const Outputs outputs = report::github_outputs(report, "r.json");
      REQUIRE(outputs.size() == 5);
      CHECK(outputs[0] == std::make_pair(std::string("ok"), std::string("false")));
      CHECK(outputs[1] == std::make_pair(std::string("exit-code"), std::string("1")));
      CHECK(outputs[2].first == "missing-scopes");
      CHECK(outputs[2].second == R"(["read","write","a \"quoted\" | b\\c"])");
      CHECK(outputs[3].first == "blocked-features");
      CHECK(outputs[3].second == R"(["a","b"])");
      const boost::json::value parsed = boost::json::parse(outputs[2].second);
      CHECK(parsed.as_array().at(2).as_string() == "a \"quoted\" | b\\c");
    }
    SUBCASE("other exit codes") {
      engine::Report report = quiet();
      report.exit_code = 5;
      CHECK(report::github_outputs(report, "r.json")[0].second == "false");
      CHECK(report::github_outputs(report, "r.json")[1].second == "5");
    }
  }

  TEST_CASE("the outputs written as blocks read back exactly") {
    const std::string delimiter = "ghadelimiter_00112233445566778899aabbccddeeff";
    const auto outputs = report::github_outputs(located(), "/tmp/a b/report.json");
    std::string file;
    for (const auto& [name, value] : outputs) file += report::output_block(name, value, delimiter);
    const auto parsed = parse_github_output_file(file);
    REQUIRE(parsed.ok());
    CHECK(parsed.entries == outputs);
  }

  TEST_CASE("exit 2: an annotation per diagnostic and reason, escaped, outputs without a verdict, a short summary") {
    report::GithubFailure failure;
    failure.manifest_path = "ci/a,b:c.yaml";
    failure.diagnostics = {
        {scopegate::manifest::Severity::kError, {6, 5}, "unknown key 'x%0A::warning::pwned' in provider 'sonar'"},
        {scopegate::manifest::Severity::kWarning, {9, 18}, "scope 'reop' is not a known scope of provider 'g'"},
        {scopegate::manifest::Severity::kError, {0, 0}, "the manifest is empty"}};
    failure.errors = {"environment variable SONAR_API_KEY is not set\n::error::pwned2"};
    const RunnerLog log = parse_runner_stdout(report::github_failure_annotations(failure));
    REQUIRE(log.commands.size() == 4);
    check_command(log.commands[0], "error", at(6, 5, "Invalid manifest", "ci/a,b:c.yaml"),
                  "unknown key 'x%0A::warning::pwned' in provider 'sonar'");
    check_command(log.commands[1], "warning", at(9, 18, "Manifest warning", "ci/a,b:c.yaml"),
                  "scope 'reop' is not a known scope of provider 'g'");
    check_command(log.commands[2], "error", at(0, 0, "Invalid manifest", "ci/a,b:c.yaml"), "the manifest is empty");
    CHECK(log.commands[3].name == "error");
    CHECK(log.commands[3].properties == Properties{{"title", "scopegate could not run"}});
    CHECK(log.commands[3].data == "environment variable SONAR_API_KEY is not set\n::error::pwned2");

    using Outputs = std::vector<std::pair<std::string, std::string>>;
    CHECK(report::github_failure_outputs(failure) ==
          Outputs{{"ok", "false"}, {"exit-code", "2"}, {"missing-scopes", "[]"}, {"blocked-features", "[]"}});
    failure.report_path = "/tmp/r.json";
    CHECK(report::github_failure_outputs(failure).back() == std::make_pair(std::string("report"), std::string("/tmp/r.json")));

    const std::string summary = report::github_failure_summary(failure);
    CHECK(summary.starts_with("## ❌ scopegate: the check could not run (exit 2)\n\nNothing was sent to any provider."));
    CHECK(summary.find("- `ci/a,b:c.yaml:6:5` unknown key 'x%0A::warning::pwned' in provider 'sonar'\n") !=
          std::string::npos);
    CHECK(summary.find("reop") == std::string::npos);  // warnings are annotations, not reasons
    failure.checked = true;
    CHECK(report::github_failure_summary(failure).starts_with("## ❌ scopegate: the report could not be delivered (exit 2)"));
    failure.diagnostics.clear();
    failure.errors.assign(report::kMaxFailureItems + 7, "no <b>|</b>");
    const std::string many = report::github_failure_summary(failure);
    CHECK(many.find("- no &lt;b&gt;\\|&lt;/b&gt;\n") != std::string::npos);
    CHECK(many.ends_with("- ... and 7 more (see the step's log)\n"));
  }

  TEST_CASE("the step summary is the markdown") {
    const engine::Report report = located();
    CHECK(report::github_step_summary(report) == report::render_markdown(report) + "\n");
    CHECK(report::github_step_summary(report).size() < report::kMaxStepSummaryBytes);
  }

  TEST_CASE("a step summary over 1 MiB loses table rows but keeps the verdict, the fix and the tokens") {
    engine::Report report = located();
    report.features.clear();
    for (int i = 0; i < 20000; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "feature-%05d-", i);
      engine::FeatureResult f = feature(name + std::string(40, 'x'), engine::FeatureStatus::kOk, 10 + i);
      if (i == 3) {
        f.status = engine::FeatureStatus::kMissing;
        f.missing = testing::findings({"documents:signed:export"}, {{14, 16}});
      }
      report.features.push_back(f);
    }
    const report::MarkdownPage page = report::markdown_page(report);
    REQUIRE(page.str().size() + 1 > report::kMaxStepSummaryBytes);
    const std::string summary = report::github_step_summary(report);
    CHECK(summary.size() <= report::kMaxStepSummaryBytes);
    CHECK(summary.starts_with(page.heading + "\n| Feature | Provider | Status | Details |\n"));
    CHECK(page.heading == "## ❌ scopegate: 1 of 20000 features blocked\n");
    // The rows kept are whole lines from the start of the table, then a blank line and the note.
    const std::size_t note_at = summary.find("\n\n_(cut to GitHub's 1 MiB summary limit: ");
    REQUIRE(note_at != std::string::npos);
    const std::string kept = summary.substr(page.heading.size() + 1, note_at + 1 - page.heading.size() - 1);
    CHECK(page.table.starts_with(kept));
    CHECK(page.table[kept.size() - 1] == '\n');
    const auto rows = [](std::string_view table) { return std::count(table.begin(), table.end(), '\n'); };
    const auto cut = rows(page.table) - rows(kept);
    CHECK(cut > 0);
    CHECK(summary.substr(note_at + 1).starts_with("\n_(cut to GitHub's 1 MiB summary limit: " + std::to_string(cut) +
                                                  " more features are in the JSON report)_\n"));
    // Everything after the table is there, whole.
    CHECK(summary.ends_with(page.after + "\n"));
    CHECK(page.after.find("### How to fix") != std::string::npos);
    CHECK(page.after.find("### Tokens") != std::string::npos);
    // And as many rows as fit: one more would not.
    const std::size_t next_row_end = page.table.find('\n', kept.size());
    CHECK(summary.size() + (next_row_end + 1 - kept.size()) > report::kMaxStepSummaryBytes);
  }

  TEST_CASE("a step summary whose sections alone pass 1 MiB is cut at a line with a note") {
    engine::Report report = located();
    report.providers[0].excess.clear();
    for (int i = 0; i < 60000; ++i) report.providers[0].excess.push_back("documents:excess:" + std::to_string(i));
    const std::string full = report::render_markdown(report) + "\n";
    REQUIRE(full.size() > report::kMaxStepSummaryBytes);
    const std::string summary = report::github_step_summary(report);
    const std::string note = "_(cut to GitHub's 1 MiB summary limit; the full report is in the JSON report)_\n";
    CHECK(summary.size() <= report::kMaxStepSummaryBytes);
    REQUIRE(summary.ends_with("\n\n" + note));
    const std::string kept = summary.substr(0, summary.size() - note.size() - 2);
    CHECK(full.starts_with(kept));
    CHECK(full[kept.size()] == '\n');
    CHECK(kept.starts_with("## ❌ scopegate: 1 of 2 features blocked\n"));
  }
}
