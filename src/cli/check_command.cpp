// scopegate check: manifest -> evidence -> verdicts -> report -> exit code.
#include "cli/app.h"
#include "cli/offline_sources.h"
#include "engine/check.h"
#include "report/reporter.h"
#include "util/duration.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
struct CheckSettings {
  const report::FormatInfo* format = nullptr;
  std::optional<std::string> output;
  engine::CheckRequest request;
};

std::optional<std::chrono::seconds> duration_option(Context& context, const ParsedArgs& args, const char* name,
                                                    bool* ok) {
  const auto text = args.value(name);
  if (!text) return std::nullopt;
  auto duration = util::parse_duration(*text);
  if (!duration) {
    context.error("--" + std::string(name) + " takes a duration such as 30s, 5m, 2h or 7d, not " + util::quoted(*text));
    *ok = false;
  }
  return duration;
}

// Everything that can be wrong with the flags themselves, found before the manifest is read.
bool read_settings(Context& context, const ParsedArgs& args, CheckSettings* settings) {
  const std::string format = args.value("format").value_or("text");
  settings->format = report::find_format(format);
  if (!settings->format) {
    context.error("unknown format " + util::quoted(format) + util::did_you_mean(format, report::format_names()) +
                  "; formats: " + util::join(report::format_names(), ", "));
    return false;
  }
  settings->output = args.value("output");
  bool ok = true;
  settings->request.min_ttl = duration_option(context, args, "min-ttl", &ok);
  settings->request.fail_on_excess = args.has("fail-on-excess");
  settings->request.live.probes = !args.has("no-probe");
  settings->request.live.allow_write_probes = args.has("allow-write-probes");
  for (const std::string& value : args.values("feature"))
    for (std::string& name : util::split_any(value, ","))
      settings->request.feature_names.push_back(std::move(name));
  return ok;
}

int deliver(Context& context, const CheckSettings& settings, const engine::Report& result) {
  const bool text = settings.format->name == "text";
  if (!settings.output) {
    const auto reporter = settings.format->create({text && context.color_stdout()});
    context.print(reporter->render(result));
    return result.exit_code;
  }
  const auto reporter = settings.format->create({false});
  std::string error;
  if (!context.write_file(*settings.output, reporter->render(result), &error)) {
    context.error("cannot write the report to " + *settings.output + ": " + error);
    return kExitUsage;
  }
  context.eprint(report::create_text_reporter({context.color_stderr()})->render(result));
  return result.exit_code;
}
}  // namespace

int run_check(Context& context, const ParsedArgs& args) {
  CheckSettings settings;
  std::string path;
  std::unique_ptr<net::Transport> transport;
  if (!read_settings(context, args, &settings) || !open_transport(context, args, &transport) ||
      !find_manifest_path(context, args, &path))
    return kExitUsage;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  if (!load_and_report(context, path, &manifest, &diagnostics)) return kExitUsage;
  std::string error;
  if (!read_offline_sources(args, manifest, &settings.request.offline, &error)) {
    context.error(error);
    return kExitUsage;
  }
  engine::System system{context.environment, context.file_system, context.clock, context.redactor, transport.get()};
  const engine::CheckOutcome outcome = engine::run_check(manifest, settings.request, system);
  print_problems(context, manifest, outcome.problems);
  if (!outcome.report) return kExitUsage;
  return deliver(context, settings, *outcome.report);
}

}  // namespace scopegate::cli
