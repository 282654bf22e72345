#include "support/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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
std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Reads both pipes until they close or time runs out.
bool drain(int out_fd, int err_fd, std::string* out, std::string* err,
           std::chrono::steady_clock::time_point deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {out, err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (::poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
      } else {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}
}  // namespace

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

ProcessResult run_process(const std::string& program, const ProcessOptions& options) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  const bool launched = kLauncher[0] != '\0';
  std::vector<std::string> argv;
  if (launched) argv.push_back(kLauncher);
  argv.push_back(program);
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  std::vector<std::string> envp;
  for (const auto& [key, value] : options.env) envp.push_back(key + "=" + value);
  for (std::string& inherited : clock_environment(options.env)) envp.push_back(std::move(inherited));
  auto argv_c = c_strings(argv);
  auto envp_c = c_strings(envp);
  // posix_spawn, not fork: the child never gets a copy of this (possibly
  // large, multi-threaded) process, so nothing can deadlock between fork and
  // exec, and the child's peak memory is its own program's, not ours.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv.front().c_str(), &actions, nullptr, argv_c.data(), envp_c.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("posix_spawn " + program + ": " + std::strerror(spawned));
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ProcessResult result;
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000));
  if (!drain(out_pipe[0], err_pipe[0], &result.out, &result.err, deadline)) {
    result.timed_out = true;
    ::kill(pid, SIGKILL);
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  result.max_rss_kb = launched ? take_max_rss(&result.err) : usage.ru_maxrss;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
