#include "support/subprocess.h"

#include <stdlib.h>

#include "util/process.h"

extern char** environ;

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace scopegate::testing {

namespace {
// The small launcher that reports a command's own peak memory (tests/bench/maxrss.c).
// A child's ru_maxrss starts from its forking process's memory, so measuring
// from this (threaded, sometimes large) test process would count ours.
#ifdef SCOPEGATE_MAXRSS
constexpr const char* kLauncher = SCOPEGATE_MAXRSS;
#else
constexpr const char* kLauncher = "";
#endif
constexpr std::string_view kMaxRssMarker = "maxrss_kb=";

// Takes the launcher's last line off stderr and returns its number.
long take_max_rss(std::string* err) {
  const std::size_t at = err->rfind(kMaxRssMarker);
  if (at == std::string::npos) return -1;
  const long kb = std::atol(err->c_str() + at + kMaxRssMarker.size());
  err->erase(at);
  return kb;
}
// The clock under test is this process's clock: when the suite runs under
// faketime (CI moves it years ahead), the child must see the same time, so
// faketime's own variables pass through even into a test's clean environment.
std::vector<std::string> clock_environment(const std::map<std::string, std::string>& given) {
  std::vector<std::string> inherited;
  for (char** entry = environ; *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string name(text.substr(0, text.find('=')));
    const bool faketime = name.starts_with("FAKETIME") || name == "DONT_FAKE_MONOTONIC" ||
                          (name == "LD_PRELOAD" && text.find("faketime") != std::string_view::npos);
    if (faketime && !given.count(name)) inherited.emplace_back(text);
  }
  return inherited;
}
}  // namespace

// The product's own runner (util/process), with the whole environment given.
ProcessResult run_process(const std::string& program, const ProcessOptions& options) {
  const bool launched = kLauncher[0] != '\0';
  util::ProcessRequest request;
  request.program = launched ? kLauncher : program;
  if (launched) request.args.push_back(program);
  request.args.insert(request.args.end(), options.args.begin(), options.args.end());
  std::vector<std::string> envp;
  for (const auto& [key, value] : options.env) envp.push_back(key + "=" + value);
  for (std::string& inherited : clock_environment(options.env)) envp.push_back(std::move(inherited));
  request.only = std::move(envp);
  request.directory = options.cwd;
  request.timeout = std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000));
  request.max_output = 256 * 1024 * 1024;
  util::ProcessOutcome outcome = util::SystemProcessRunner().run(request);
  if (!outcome.started) throw std::runtime_error("posix_spawn " + program + ": " + outcome.start_error);
  ProcessResult result;
  result.exit_code = outcome.exit_code;
  result.timed_out = outcome.timed_out;
  result.out = std::move(outcome.out);
  result.err = std::move(outcome.err);
  result.max_rss_kb = launched ? take_max_rss(&result.err) : outcome.max_rss_kb;
  result.seconds = outcome.seconds;
  return result;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/scopegate-test-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& contents) const {
  const std::string path = file(name);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::string TempDir::read(const std::string& name) const { return read_file(file(name)); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace scopegate::testing
