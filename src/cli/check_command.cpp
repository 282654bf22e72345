// scopegate check: manifest -> evidence -> verdicts -> report -> exit code.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "cli/app.h"
#include "cli/offline_sources.h"
#include "engine/check.h"
#include "report/github.h"
#include "report/github_commands.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/duration.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
struct CheckSettings {
  const report::FormatInfo* format = nullptr;
  std::optional<std::string> output;
  std::vector<std::pair<const report::FormatInfo*, std::string>> extra_reports;  // --report FORMAT=FILE
  engine::CheckRequest request;
};

const report::FormatInfo* format_named(Context& context, const std::string& name) {
  const report::FormatInfo* format = report::find_format(name);
  if (!format)
    context.error("unknown format " + util::quoted(name) + util::did_you_mean(name, report::format_names()) +
                  "; formats: " + util::join(report::format_names(), ", "));
  return format;
}

// --report json=report.json --report sarif=scopegate.sarif: one run, several files.
bool read_extra_reports(Context& context, const ParsedArgs& args, CheckSettings* settings) {
  for (const std::string& value : args.values("report")) {
    const std::size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == value.size()) {
      context.error("--report takes FORMAT=FILE, such as sarif=scopegate.sarif, not " + util::quoted(value));
      return false;
    }
    const report::FormatInfo* format = format_named(context, value.substr(0, equals));
    if (!format) return false;
    if (format->name == "github") {
      context.error("--report github=FILE is not a thing: use --format github for annotations and outputs");
      return false;
    }
    settings->extra_reports.emplace_back(format, value.substr(equals + 1));
  }
  return true;
}

bool is_bare_number(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --min-ttl 7d. A bare number is refused (the contract's "Durations"): a
// gate that wants a token to live seven seconds does not exist, and one that
// wanted seven days would pass a token expiring tomorrow.
std::optional<std::chrono::seconds> min_ttl_option(Context& context, const ParsedArgs& args, bool* ok) {
  const auto text = args.value("min-ttl");
  if (!text) return std::nullopt;
  if (is_bare_number(*text)) {
    context.error("--min-ttl " + *text + " has no unit (did you mean " + *text + "d?); units are s, m, h and d");
    *ok = false;
    return std::nullopt;
  }
  auto duration = util::parse_duration(*text);
  if (!duration) {
    context.error("--min-ttl takes a duration such as 30s, 5m, 2h or 7d, not " + util::quoted(*text));
    *ok = false;
  }
  return duration;
}

// Everything that can be wrong with the flags themselves, found before the manifest is read.
bool read_settings(Context& context, const ParsedArgs& args, CheckSettings* settings) {
  settings->format = format_named(context, args.value("format").value_or("text"));
  if (!settings->format || !read_extra_reports(context, args, settings)) return false;
  settings->output = args.value("output");
  bool ok = true;
  settings->request.min_ttl = min_ttl_option(context, args, &ok);
  settings->request.fail_on_excess = args.has("fail-on-excess");
  settings->request.live.probes = !args.has("no-probe");
  settings->request.live.allow_write_probes = args.has("allow-write-probes");
  for (const std::string& value : args.values("feature")) {
    std::vector<std::string> names = util::split_any(value, ",");
    // "-f ''" (an empty CI variable, say) must not quietly mean every feature.
    if (names.empty()) {
      context.error("-f '" + value + "' names no feature; give a feature name, or leave -f out to check every feature");
      ok = false;
    }
    for (std::string& name : names) settings->request.feature_names.push_back(std::move(name));
  }
  return ok;
}

// A random heredoc delimiter, as the Actions toolkit makes one, so no value
// can end its block early.
std::string output_delimiter() {
  std::random_device random;
  char text[64];
  std::snprintf(text, sizeof text, "ghadelimiter_%08x%08x%08x%08x", random(), random(), random(), random());
  return text;
}

bool is_github(const CheckSettings& settings) { return settings.format && settings.format->name == "github"; }

// Under Actions, the manifest's path as the checkout names it: relative to
// GITHUB_WORKSPACE, whatever the step's working-directory, so annotations,
// SARIF results and JUnit files all point at the same file. Unchanged
// outside Actions, or for a manifest outside the checkout.
std::string workspace_relative(Context& context, const std::string& path) {
  const auto workspace = context.environment.get_non_empty("GITHUB_WORKSPACE");
  if (!workspace || !workspace->starts_with('/')) return path;
  std::filesystem::path absolute(path);
  if (absolute.is_relative()) {
    const std::string cwd = context.file_system.current_directory();
    if (cwd.empty()) return path;
    absolute = std::filesystem::path(cwd) / absolute;
  }
  const std::filesystem::path relative =
      absolute.lexically_normal().lexically_relative(std::filesystem::path(*workspace).lexically_normal());
  const std::string text = relative.string();
  if (text.empty() || text == "." || text.starts_with("..")) return path;
  return util::neutralize(text);  // the working directory's name comes from outside too
}

// github without -o: the JSON report goes where the runner keeps temporary
// files, in a file of its own (see write_github_json).
std::string github_report_directory(Context& context) {
  for (const char* variable : {"RUNNER_TEMP", "TMPDIR"})
    if (auto directory = context.environment.get_non_empty(variable)) return *directory;
  return "/tmp";
}

// The JSON report of --format github: to -o, or to a new file with a name no
// other run holds, created private (two scopegate steps in one job, or a
// symlink planted in /tmp, must never meet it). Its path, or nullopt.
std::optional<std::string> write_github_json(Context& context, const CheckSettings& settings, const std::string& json) {
  std::string path, error;
  if (settings.output) path = *settings.output;
  const bool written =
      settings.output ? context.write_file(path, json, &error)
                      : context.create_unique_file(github_report_directory(context), "scopegate-report-", ".json", json,
                                                   &path, &error);
  if (written) return path;
  context.error("cannot write the report to " + (path.empty() ? github_report_directory(context) : path) + ": " +
                error);
  return std::nullopt;
}

void write_step_outputs(Context& context, const std::vector<std::pair<std::string, std::string>>& outputs) {
  const auto path = context.environment.get_non_empty("GITHUB_OUTPUT");
  if (!path) return;
  const std::string delimiter = output_delimiter();
  std::string blocks;
  for (const auto& [name, value] : outputs) blocks += report::output_block(name, value, delimiter);
  std::string error;
  if (!context.append_file(*path, blocks, &error))
    context.warning("cannot write the step outputs to " + *path + ": " + error);
}

void append_step_summary(Context& context, const std::string& markdown) {
  std::string error;
  if (const auto summary = context.environment.get_non_empty("GITHUB_STEP_SUMMARY");
      summary && !context.append_file(*summary, markdown, &error))
    context.warning("cannot append the job summary to " + *summary + ": " + error);
}

// Every file the run will write, found unwritable before anything is asked:
// exit 2 must mean that nothing was sent anywhere. Nothing is truncated yet.
bool check_output_paths(Context& context, const CheckSettings& settings) {
  std::vector<std::pair<std::string, std::string>> paths;  // (what, path)
  if (settings.output) paths.emplace_back(is_github(settings) ? "the JSON report" : "the report", *settings.output);
  for (const auto& [format, path] : settings.extra_reports)
    paths.emplace_back("the " + std::string(format->name) + " report", path);
  bool ok = true;
  for (const auto& [what, path] : paths) {
    std::string error;
    if (!context.file_system.check_writable(path, &error)) {
      context.error("cannot write " + what + " to " + path + ": " + error + " (nothing was checked)");
      ok = false;
    }
  }
  if (is_github(settings) && !settings.output) {
    const std::string directory = github_report_directory(context);
    std::string error;
    if (!context.file_system.check_writable_directory(directory, &error)) {
      context.error("cannot write the JSON report to " + directory + ": " + error + " (nothing was checked)");
      ok = false;
    }
  }
  return ok;
}

// The contract's "Streams": when standard output carries a machine format,
// standard error still says why the gate failed: each provider that failed
// or rejected the token, then the summary line. A CI log never shows a red
// step and nothing else.
void print_account_to_stderr(Context& context, const engine::Report& result) {
  std::string account;
  for (const engine::ProviderResult& provider : result.providers) {
    if (provider.status == engine::ProviderStatus::kTokenRejected)
      account += "scopegate: " + provider.name + ": token rejected: " + provider.error + "\n";
    else if (provider.status == engine::ProviderStatus::kError)
      account += "scopegate: " + provider.name + ": could not ask: " + provider.error + "\n";
  }
  account += "scopegate: " + report::summary_line(result) + "\n";
  context.eprint(account);
}

void print_text_report_to_stderr(Context& context, const engine::Report& result) {
  const bool colour = context.color_stderr();
  context.eprint(report::create_text_reporter({colour})->render(result), colour);
}

// --format github: the annotations and text on stdout, the JSON report to a
// file, the job summary and the step outputs to the files the runner names.
// With -o FILE the JSON report goes to FILE, stdout carries the workflow
// commands only, and the text report goes to stderr, as for every format.
int deliver_github(Context& context, const CheckSettings& settings, const engine::Report& result,
                   report::GithubFailure* failure) {
  const auto json_path = write_github_json(context, settings, report::create_json_reporter({})->render(result));
  if (!json_path) return kExitUsage;
  failure->report_path = *json_path;
  context.print_workflow_commands(report::github_annotations(result));
  if (settings.output) print_text_report_to_stderr(context, result);
  else context.print(report::create_text_reporter({false})->render(result));
  if (!context.check_stdout()) return kExitUsage;
  append_step_summary(context, report::github_step_summary(result));
  write_step_outputs(context, report::github_outputs(result, *json_path));
  return result.exit_code;
}

// --format github, exit 2: outputs, annotations and a summary all the same.
void deliver_github_failure(Context& context, report::GithubFailure failure) {
  failure.manifest_path = util::neutralize(workspace_relative(context, failure.manifest_path));
  // Diagnostics quote manifest text; the summary and the annotations get them one line each.
  for (manifest::Diagnostic& diagnostic : failure.diagnostics) util::neutralize_in_place(diagnostic.message);
  failure.errors = context.errors();
  context.print_workflow_commands(report::github_failure_annotations(failure));
  append_step_summary(context, report::github_failure_summary(failure));
  write_step_outputs(context, report::github_failure_outputs(failure));
}

bool write_extra_reports(Context& context, const CheckSettings& settings, const engine::Report& result) {
  for (const auto& [format, path] : settings.extra_reports) {
    std::string error;
    if (!context.write_file(path, format->create({false})->render(result), &error)) {
      context.error("cannot write the " + std::string(format->name) + " report to " + path + ": " + error);
      return false;
    }
  }
  return true;
}

int deliver(Context& context, const CheckSettings& settings, const engine::Report& result,
            report::GithubFailure* failure) {
  if (!write_extra_reports(context, settings, result)) return kExitUsage;
  if (is_github(settings)) return deliver_github(context, settings, result, failure);
  const bool text = settings.format->name == "text";
  if (!settings.output) {
    const bool colour = text && context.color_stdout();
    context.print(settings.format->create({colour})->render(result), colour);
    if (!text) print_account_to_stderr(context, result);
    return result.exit_code;  // a failed stdout is found by cli::run
  }
  const auto reporter = settings.format->create({false});
  std::string error;
  if (!context.write_file(*settings.output, reporter->render(result), &error)) {
    context.error("cannot write the report to " + *settings.output + ": " + error);
    return kExitUsage;
  }
  print_text_report_to_stderr(context, result);
  return result.exit_code;
}

int check(Context& context, const ParsedArgs& args, CheckSettings* settings, report::GithubFailure* failure) {
  if (!read_settings(context, args, settings)) return kExitUsage;
  if (is_github(*settings)) context.mask_secrets_in_github_log();
  std::string path;
  std::unique_ptr<net::Transport> transport;
  if (!open_transport(context, args, &transport) || !check_output_paths(context, *settings) ||
      !find_manifest_path(context, args, &path))
    return kExitUsage;
  failure->manifest_path = path;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  const bool loaded = load_and_report(context, path, &manifest, &diagnostics, /*hold_warnings=*/true);
  failure->diagnostics = diagnostics.items();
  if (!loaded) return kExitUsage;
  std::string error;
  std::vector<std::string> warnings;
  if (!read_offline_sources(args, manifest, &settings->request.offline, &error, &warnings)) {
    print_held_warnings(context, manifest, diagnostics, {});
    context.error(error);
    return kExitUsage;
  }
  for (const std::string& warning : warnings) context.warning(warning);
  engine::System system = make_system(context, args, transport.get());
  engine::CheckOutcome outcome = engine::run_check(manifest, settings->request, system);
  print_held_warnings(context, manifest, diagnostics, outcome.problems.diagnostics);
  print_problems(context, manifest, outcome.problems);
  failure->diagnostics.insert(failure->diagnostics.end(), outcome.problems.diagnostics.begin(),
                              outcome.problems.diagnostics.end());
  if (!outcome.report) return kExitUsage;
  failure->checked = true;
  outcome.report->manifest_path = workspace_relative(context, outcome.report->manifest_path);
  return deliver(context, *settings, *outcome.report, failure);
}
}  // namespace

int run_check(Context& context, const ParsedArgs& args) {
  CheckSettings settings;
  report::GithubFailure failure;
  const int code = check(context, args, &settings, &failure);
  // Once the format is known to be github, every exit 2 still tells the job why.
  if (code == kExitUsage && is_github(settings)) deliver_github_failure(context, std::move(failure));
  return code;
}

}  // namespace scopegate::cli
