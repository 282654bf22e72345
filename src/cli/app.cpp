#include "cli/app.h"

#include <algorithm>
#include <ostream>

#include "manifest/loader.h"
#include "net/logging_transport.h"
#include "providers/manifest_rules.h"
#include "providers/provider.h"
#include "report/github_commands.h"
#include "report/reporter.h"
#include "scopegate_version.h"
#include "util/duration.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::cli {

Context::Context(const util::Environment& env, util::FileSystem& files, const util::Clock& wall_clock,
                 std::ostream& out, std::ostream& err, bool out_is_tty, bool err_is_tty)
    : environment(env), file_system(files), clock(wall_clock), out_(out), err_(err), out_is_tty_(out_is_tty),
      err_is_tty_(err_is_tty) {
  // Reports escape what they write; a secret must be found in those forms too.
  for (util::Redactor::Encoding encoding : report::output_encodings()) redactor.add_encoding(encoding);
}

// The one exit for text: every secret redacted, every control character
// escaped but the line feeds and colours the tool writes (values from outside
// were made one line where they entered a report or a message), and on a log
// stream no line that could pass for a CI workflow command.
std::string Context::for_output(std::string_view text, bool colour) const {
  return util::neutralize_keeping_lines(redactor.redact(text), colour);
}

void Context::print(std::string_view text, bool colour) {
  out_ << report::defuse_workflow_commands(for_output(text, colour)) << std::flush;
}
void Context::eprint(std::string_view text, bool colour) {
  err_ << report::defuse_workflow_commands(for_output(text, colour)) << std::flush;
}
void Context::print_workflow_commands(std::string_view commands) {
  out_ << report::defuse_legacy_commands(for_output(commands, false)) << std::flush;
}
void Context::error(std::string_view message) {
  errors_.push_back(util::neutralize(message));
  eprint("scopegate: error: " + errors_.back() + "\n");
}

bool Context::check_stdout() {
  out_.flush();
  if (out_.good()) return true;
  if (!stdout_failure_reported_) {
    stdout_failure_reported_ = true;
    error("cannot write the report to standard output");
  }
  return false;
}
void Context::warning(std::string_view message) {
  eprint("scopegate: warning: " + util::neutralize(message) + "\n");
}

bool Context::write_file(const std::string& path, std::string_view text, std::string* error,
                         util::FileSystem::Mode mode) {
  return file_system.write_file(path, for_output(text, false), mode, error);
}

bool Context::create_unique_file(const std::string& directory, const std::string& prefix, const std::string& suffix,
                                 std::string_view text, std::string* path, std::string* error) {
  return file_system.create_unique_file(directory, prefix, suffix, for_output(text, false), path, error);
}

bool Context::append_file(const std::string& path, std::string_view text, std::string* error) {
  return file_system.append_file(path, for_output(text, false), error);
}

void Context::mask_secrets_in_github_log() {
  // Outside Actions nothing consumes the line: it would print the secret itself.
  if (environment.get("GITHUB_ACTIONS") != std::optional<std::string>("true")) return;
  // The one place a secret is written on purpose: to the runner, which consumes the line.
  // A form with a control character is never sent (the request check refuses
  // it) nor printed raw (the output is neutralised), so it is not announced:
  // its ESC or BEL would reach the log as they are.
  redactor.on_new_secret([this](const std::string& secret) {
    if (util::neutralize(secret) != secret) return;
    out_ << report::workflow_command("add-mask", {}, secret) << std::flush;
  });
}

// As ninja's LinePrinter: colour only for a terminal, never under NO_COLOR or
// TERM=dumb; CLICOLOR_FORCE forces it. The contract says "never when NO_COLOR
// is set": set, even to "", turns colour off (stricter than no-color.org).
bool Context::wants_color(bool is_tty) const {
  if (environment.get("NO_COLOR")) return false;
  const auto force = environment.get_non_empty("CLICOLOR_FORCE");
  if (force && *force != "0") return true;
  if (environment.get("TERM").value_or("") == "dumb") return false;
  return is_tty;
}

namespace {
const OptionSpec kHelp{"help", 'h', "", "show this help"};
const OptionSpec kManifest{"manifest", 'm', "FILE", "the manifest (default: scopegate.yaml, then .scopegate.yaml)"};
const OptionSpec kGranted{"granted", 0, "[NAME=]LIST",
                          "offline: the token's scopes, comma or space separated", true};
const OptionSpec kGrantedFile{"granted-file", 0, "[NAME=]FILE", "offline: scopes from a file, one a line, # comments",
                              true};
const OptionSpec kResponseFile{"response-file", 0, "[NAME=]FILE",
                               "offline: a saved provider answer (body, or curl -si output)", true};
const OptionSpec kProvider{"provider", 0, "NAME", "only this provider"};
const OptionSpec kTimeout{"timeout", 0, "DURATION", "overall time limit for provider requests (default 30s)"};
const OptionSpec kCaFile{"ca-file", 0, "FILE", "trust this CA bundle for HTTPS"};
const OptionSpec kVerbose{"verbose", 'v', "", "log each request to stderr (method, URL, status, time; never a header's value)"};

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"check", "check the token's scopes against the manifest",
       "scopegate check [-m FILE] [-f FEATURE]... [--format FMT] [-o FILE] [--report FMT=FILE]...\n"
       "                [--granted [NAME=]LIST | --granted-file [NAME=]FILE | --response-file [NAME=]FILE]\n"
       "                [--fail-on-excess] [--min-ttl DURATION] [--timeout DURATION]\n"
       "                [--ca-file FILE] [--no-probe] [--allow-write-probes]",
       "Asks each provider which scopes its token has (or reads an offline answer) and\n"
       "says, per feature: ok, missing (which scope, and how to fix it), unverifiable or\n"
       "skipped. Exit codes: 0 ok, 1 missing, 2 usage or manifest error, 3 token\n"
       "rejected, 4 provider unreachable, 5 unverifiable. NAME= in front of an offline\n"
       "source applies it to one provider.",
       {kManifest,
        {"feature", 'f', "FEATURE", "check only this feature (repeatable, or a,b)", true},
        {"format", 0, "FMT", "text (default), json, github, junit, markdown or sarif"},
        {"output", 'o', "FILE", "write the report to FILE; the text report goes to stderr (github: the JSON report)"},
        {"report", 0, "FORMAT=FILE", "also write the report in FORMAT to FILE (repeatable)", true},
        kGranted,
        kGrantedFile,
        kResponseFile,
        {"fail-on-excess", 0, "", "exit 1 when the token has scopes no checked feature needs"},
        {"min-ttl", 0, "DURATION", "exit 1 when the token expires sooner (30s, 5m, 2h, 7d)"},
        kTimeout,
        kCaFile,
        {"no-probe", 0, "", "never send probe requests"},
        {"allow-write-probes", 0, "", "also send write probes built to fail validation"},
        kVerbose,
        kHelp},
       &run_check},
      {"scopes", "print what the token has: key, expiry, scopes",
       "scopegate scopes [-m FILE] [--provider NAME] [--format text|json]",
       "Prints, for each provider (or one), the key name and prefix, the expiry and the\n"
       "granted scopes, as the provider reports them.",
       {kManifest, kProvider, {"format", 0, "FMT", "text (default) or json"}, kGranted, kGrantedFile, kResponseFile,
        kTimeout, kCaFile, {"no-probe", 0, "", "never send probe requests"}, kVerbose, kHelp},
       &run_scopes},
      {"lint", "validate a manifest", "scopegate lint [-m FILE] [--catalog]",
       "Reports every problem in the manifest as FILE:LINE:COL: error: MESSAGE and exits\n"
       "2 when there is one, including a scope a preset's closed list of names does not\n"
       "know. Warnings (a name a built-in list that may lag lacks, an unused provider)\n"
       "do not fail.\n"
       "With --catalog, providers that publish a scope catalog are asked for it, and a\n"
       "scope the catalog does not know is an error.",
       {kManifest, {"catalog", 0, "", "check scope names against the providers' live catalogs"}, kTimeout, kCaFile,
        kVerbose, kHelp},
       &run_lint},
      {"catalog", "print the scopes a provider knows",
       "scopegate catalog [-m FILE] [--provider NAME] [--format text|json]\n"
       "       scopegate catalog --preset NAME [--format text|json]",
       "Prints the scope vocabulary of each provider: known scope names with their\n"
       "labels, which scope includes which, and wildcard rules. A provider that\n"
       "publishes its catalog is asked when its token is set.",
       {kManifest, kProvider, {"preset", 0, "NAME", "a preset's catalog, without a manifest"},
        {"format", 0, "FMT", "text (default) or json"},
        {"offline", 0, "", "print the built-in vocabulary, never ask the provider"}, kTimeout, kCaFile, kVerbose,
        kHelp},
       &run_catalog},
      {"init", "write a commented starter manifest",
       "scopegate init --preset NAME [--commands LIST] [-o FILE] [--force]",
       "Writes a starter manifest for the preset (one of those listed below) to\n"
       "scopegate.yaml, or FILE (- for stdout).\n"
       "With --commands A,B, a preset whose tool keeps its own table of what each of\n"
       "its commands needs (the presets below that say --commands) gets one feature\n"
       "per command the pipeline runs, each requiring the command by name.",
       {{"preset", 0, "NAME", "the provider preset"},
        {"commands", 0, "LIST", "one feature per command of the preset's tool (a,b), as its table names them"},
        {"output", 'o', "FILE", "where to write (default scopegate.yaml; - for stdout)"},
        {"force", 0, "", "overwrite an existing file"},
        kHelp},
       &run_init},
  };
  return table;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& command : commands()) names.emplace_back(command.name);
  return names;
}

const Command* find_command(std::string_view name) {
  for (const Command& command : commands())
    if (command.name == name) return &command;
  return nullptr;
}

int usage_error(Context& context, const std::string& message, std::string_view command) {
  context.error(message);
  context.eprint("Try 'scopegate " + std::string(command) + (command.empty() ? "" : " ") + "--help'.\n");
  return kExitUsage;
}
}  // namespace

const std::vector<Command>& command_table() { return commands(); }

namespace {
int dispatch(const std::vector<std::string>& args, Context& context) {
  if (args.empty()) {
    context.eprint(program_help());
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--version" || first == "-V" || first == "version") {
    context.print("scopegate " SCOPEGATE_VERSION "\n");
    return kExitOk;
  }
  if (first == "--help" || first == "-h") {
    context.print(program_help());
    return kExitOk;
  }
  if (first == "help") {
    const Command* command = args.size() > 1 ? find_command(args[1]) : nullptr;
    context.print(command ? command_help(*command) : program_help());
    return kExitOk;
  }
  const Command* command = find_command(first);
  if (!command) {
    return usage_error(context, "unknown command '" + first + "'" + util::did_you_mean(first, command_names()), "");
  }
  ParsedArgs parsed;
  std::string error;
  if (!parse_args({args.begin() + 1, args.end()}, command->options, &parsed, &error))
    return usage_error(context, error, command->name);
  if (parsed.has("help")) {
    context.print(command_help(*command));
    return kExitOk;
  }
  if (!parsed.positionals().empty())
    return usage_error(context, "unexpected argument '" + parsed.positionals().front() + "'", command->name);
  return command->run(context, parsed);
}

int internal_error(Context& context, std::string_view what) {
  // Redacted by eprint like everything else: a message may quote a token.
  context.eprint(internal_error_line(what));
  return kExitProviderError;
}
}  // namespace

std::string internal_error_line(std::string_view what) {
  return "scopegate: internal error: " + util::neutralize(what) +
         " (this is a bug in scopegate; please report it with the command that caused it)\n";
}

int run(const std::vector<std::string>& args, Context& context) {
  int code = kExitProviderError;
  try {
    code = dispatch(args, context);
  } catch (const std::exception& failure) {
    code = internal_error(context, failure.what());
  } catch (...) {
    code = internal_error(context, "an exception that is not a std::exception");
  }
  // Usage (2) wins over everything, as in the contract's order.
  if (!context.check_stdout()) return kExitUsage;
  return code;
}

bool find_manifest_path(Context& context, const ParsedArgs& args, std::string* path) {
  if (auto given = args.value("manifest")) {
    *path = *given;
    return true;
  }
  for (const char* candidate : {"scopegate.yaml", ".scopegate.yaml"}) {
    if (context.file_system.exists(candidate)) {
      *path = candidate;
      return true;
    }
  }
  context.error("no manifest: scopegate.yaml is not in this directory (give -m FILE, or write one with "
                "'scopegate init --preset NAME')");
  return false;
}

namespace {
// Every token the manifest could use is registered before anything is printed,
// so even a diagnostic quoting a manifest line cannot show one.
void register_token_variables(Context& context, const manifest::Manifest& manifest) {
  for (const std::string& pasted : manifest.pasted_secrets) context.redactor.add_secret(pasted);
  for (const manifest::ProviderSpec& provider : manifest.providers) {
    std::vector<std::string> variables;
    if (provider.token_env) variables.push_back(provider.token_env->value);
    if (const auto* preset = providers::find_preset(provider.preset.value))
      variables.emplace_back(preset->default_token_env);
    if (provider.client_secret_env) variables.push_back(provider.client_secret_env->value);
    for (const std::string& variable : variables)
      if (auto value = context.environment.get_non_empty(variable)) context.redactor.add_secret(*value);
  }
}
}  // namespace

bool load_and_report(Context& context, const std::string& path, manifest::Manifest* manifest,
                     manifest::Diagnostics* diagnostics, bool hold_warnings) {
  manifest::LoadOptions options;
  options.presets = &providers::preset_rules();
  options.environment = &context.environment;  // where npm put a requirement source's table
  const bool loaded = manifest::load_manifest(path, context.file_system, options, manifest, diagnostics);
  register_token_variables(context, *manifest);
  const std::size_t errors = diagnostics->error_count();
  if (hold_warnings && loaded && errors == 0) return true;
  for (const manifest::Diagnostic& diagnostic : diagnostics->items())
    context.eprint(manifest::format_diagnostic(path, diagnostic, manifest->source));
  if (errors > 0)
    context.eprint(path + ": " + util::plural(errors, "error", "errors") + "\n");
  return loaded;
}

void print_held_warnings(Context& context, const manifest::Manifest& manifest, const manifest::Diagnostics& held,
                         const std::vector<manifest::Diagnostic>& later) {
  const auto spoken_of = [&](const manifest::Location& where) {
    return std::any_of(later.begin(), later.end(), [&](const manifest::Diagnostic& finding) {
      return finding.where.line == where.line && finding.where.column == where.column;
    });
  };
  for (const manifest::Diagnostic& diagnostic : held.items())
    if (!spoken_of(diagnostic.where))
      context.eprint(manifest::format_diagnostic(manifest.path, diagnostic, manifest.source));
}

bool open_transport(Context& context, const ParsedArgs& args, std::unique_ptr<net::Transport>* transport) {
  net::TransportOptions options;
  if (const auto text = args.value("timeout")) {
    const auto timeout = util::parse_duration(*text);
    if (!timeout || timeout->count() == 0) {
      context.error("--timeout takes a duration such as 30s, 5m or 2h, not " + util::quoted(*text));
      return false;
    }
    options.timeout = *timeout;
  }
  options.ca_file = args.value("ca-file").value_or("");
  if (!options.ca_file.empty() && !context.file_system.exists(options.ca_file)) {
    context.error("--ca-file " + options.ca_file + ": no such file");
    return false;
  }
  options.ssl_cert_file = context.environment.get_non_empty("SSL_CERT_FILE").value_or("");
  options.ssl_cert_dir = context.environment.get_non_empty("SSL_CERT_DIR").value_or("");
  options.proxies = net::ProxySettings::from_environment(context.environment);
  *transport = context.make_transport(std::move(options));
  if (args.has("verbose")) {
    *transport = std::make_unique<net::LoggingTransport>(
        std::move(*transport), [&context](const std::string& line) { context.eprint("scopegate: " + line + "\n"); });
  }
  return true;
}

engine::System make_system(Context& context, const ParsedArgs& args, net::Transport* transport) {
  engine::System system{context.environment, context.file_system, context.clock, context.redactor, transport};
  system.processes = context.processes.get();
  if (const auto text = args.value("timeout"))
    if (const auto timeout = util::parse_duration(*text)) system.timeout = *timeout;
  return system;
}

bool fetch_catalogs(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest,
                    const engine::WantedScopes& wanted, CatalogFetch* fetch) {
  std::unique_ptr<net::Transport> transport;
  if (!open_transport(context, args, &transport)) return false;
  engine::LiveSettings live;
  live.probes = false;
  live.fetch_catalogs = true;
  live.offline_flags = false;  // lint and catalog take no --granted
  engine::System system = make_system(context, args, transport.get());
  fetch->evidence = engine::gather_evidence(manifest, wanted, {}, live, system, &fetch->resolved, &fetch->problems);
  return true;
}

void print_problems(Context& context, const manifest::Manifest& manifest, const engine::Problems& problems) {
  for (const manifest::Diagnostic& diagnostic : problems.diagnostics)
    context.eprint(manifest::format_diagnostic(manifest.path, diagnostic, manifest.source));
  for (const std::string& warning : problems.warnings) context.warning(warning);
  for (const std::string& error : problems.errors) context.error(error);
}

}  // namespace scopegate::cli
