#pragma once
// The command-line application: a table of commands, each a function of
// (Context, arguments) -> exit code. main() only builds the real Context.
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.h"
#include "engine/check.h"
#include "engine/exit_code.h"
#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "net/beast_transport.h"
#include "util/clock.h"
#include "util/environment.h"
#include "util/file_system.h"
#include "util/process.h"
#include "util/redactor.h"

namespace scopegate::cli {

// Exit codes from the contract (engine/exit_code.h).
using engine::ExitCode;
using engine::kExitMissing;
using engine::kExitOk;
using engine::kExitProviderError;
using engine::kExitRejected;
using engine::kExitUnverifiable;
using engine::kExitUsage;

// Everything a command may touch. All text leaves through print()/eprint(),
// which redact every registered secret: the single exit for output.
class Context {
 public:
  Context(const util::Environment& env, util::FileSystem& files, const util::Clock& wall_clock, std::ostream& out,
          std::ostream& err, bool out_is_tty, bool err_is_tty);

  const util::Environment& environment;
  util::FileSystem& file_system;
  const util::Clock& clock;
  util::Redactor redactor;
  // The network, behind its interface: the real BeastTransport unless a test swaps it.
  std::function<std::unique_ptr<net::Transport>(net::TransportOptions)> make_transport =
      [](net::TransportOptions options) { return std::make_unique<net::BeastTransport>(std::move(options)); };
  // Programs (a kubeconfig's exec plugin), behind their interface: the real runner unless a test swaps it.
  std::shared_ptr<util::ProcessRunner> processes = std::make_shared<util::SystemProcessRunner>();

  // `colour`: the text holds the colours of a reporter that was asked for
  // them (color_stdout(), color_stderr()); any other escape is escaped.
  void print(std::string_view text, bool colour = false);
  void eprint(std::string_view text, bool colour = false);
  // The tool's own workflow commands (report::workflow_command), to stdout:
  // the only text not defused by report::defuse_workflow_commands.
  void print_workflow_commands(std::string_view commands);
  void error(std::string_view message);    // "scopegate: error: ..."
  void warning(std::string_view message);  // "scopegate: warning: ..."
  // Every message error() printed in this run, single-lined and unredacted
  // (redacted again wherever it is written): why a run ended with exit 2.
  const std::vector<std::string>& errors() const { return errors_; }
  // False once writing to stdout has failed (a full disk, /dev/full, a
  // closed pipe); the first time, says so on stderr. A lost report must never
  // look like success.
  bool check_stdout();
  // Writes a file, by default a private one (a report); the text passes the
  // same exit as everything else.
  bool write_file(const std::string& path, std::string_view text, std::string* error,
                  util::FileSystem::Mode mode = util::FileSystem::Mode::kPrivate);
  // A new private file with a name no other run holds (FileSystem::create_unique_file).
  bool create_unique_file(const std::string& directory, const std::string& prefix, const std::string& suffix,
                          std::string_view text, std::string* path, std::string* error);

  // Inside a GitHub Actions job (GITHUB_ACTIONS=true), from now on every
  // secret, as it is read, is first announced to the runner with
  // ::add-mask:: so the runner hides it everywhere; elsewhere nothing.
  void mask_secrets_in_github_log();
  // Appends to a file (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), redacted.
  bool append_file(const std::string& path, std::string_view text, std::string* error);

  bool color_stdout() const { return wants_color(out_is_tty_); }
  bool color_stderr() const { return wants_color(err_is_tty_); }

 private:
  bool wants_color(bool is_tty) const;
  std::string for_output(std::string_view text, bool colour) const;
  std::ostream& out_;
  std::ostream& err_;
  bool out_is_tty_;
  bool err_is_tty_;
  std::vector<std::string> errors_;
  bool stdout_failure_reported_ = false;
};

struct Command {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;
  std::string_view description;
  std::vector<OptionSpec> options;
  int (*run)(Context& context, const ParsedArgs& args);
};

const std::vector<Command>& command_table();

// Runs one command line. An exception that escapes a command is a bug: it is
// reported as "scopegate: internal error: ..." (redacted, one line) with exit 4;
// a report lost on a failed stdout is exit 2.
int run(const std::vector<std::string>& args, Context& context);
// "scopegate: internal error: WHAT (this is a bug ...)\n", unredacted.
std::string internal_error_line(std::string_view what);

// Shared by commands: -m FILE, or scopegate.yaml / .scopegate.yaml here.
bool find_manifest_path(Context& context, const ParsedArgs& args, std::string* path);
// Loads the manifest, prints every diagnostic; false means exit 2. With
// `hold_warnings`, the warnings of a manifest without errors are not printed
// but left in `diagnostics` for print_held_warnings: a live catalog may
// replace one of them with an error at the same place.
bool load_and_report(Context& context, const std::string& path, manifest::Manifest* manifest,
                     manifest::Diagnostics* diagnostics, bool hold_warnings = false);
// Prints held loader warnings, but none at a place that a later finding
// (`later`, e.g. a catalog's "not a Sonar scope") speaks of.
void print_held_warnings(Context& context, const manifest::Manifest& manifest, const manifest::Diagnostics& held,
                         const std::vector<manifest::Diagnostic>& later);

// The transport for live checks, configured from --timeout, --ca-file and the
// environment (proxies, SSL_CERT_FILE, SSL_CERT_DIR). False: a bad flag value.
bool open_transport(Context& context, const ParsedArgs& args, std::unique_ptr<net::Transport>* transport);
// The side effects a command's check may use: the context's, `transport`,
// and --timeout (already checked by open_transport) for an exec plugin too.
engine::System make_system(Context& context, const ParsedArgs& args, net::Transport* transport);
// Asks the providers in `wanted` for their scope catalogs (no probes). False
// when the transport could not be opened (a bad flag value, already reported).
struct CatalogFetch {
  std::map<std::string, engine::Evidence> evidence;
  std::map<std::string, engine::ResolvedProvider> resolved;
  engine::Problems problems;
};
bool fetch_catalogs(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest,
                    const engine::WantedScopes& wanted, CatalogFetch* fetch);

// Prints what the engine found: warnings, errors, and findings at manifest lines.
void print_problems(Context& context, const manifest::Manifest& manifest, const engine::Problems& problems);

std::string command_help(const Command& command);
std::string program_help();

int run_check(Context& context, const ParsedArgs& args);
int run_lint(Context& context, const ParsedArgs& args);
int run_init(Context& context, const ParsedArgs& args);
int run_scopes(Context& context, const ParsedArgs& args);
int run_catalog(Context& context, const ParsedArgs& args);

}  // namespace scopegate::cli
