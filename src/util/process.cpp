#include "util/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

extern char** environ;

namespace scopegate::util {

namespace {
using SteadyClock = std::chrono::steady_clock;

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// "NAME=value" for the child: this process's environment with `added` on
// top, or exactly `only`.
std::vector<std::string> child_environment(const ProcessRequest& request) {
  if (request.only) return *request.only;
  std::vector<std::string> entries;
  for (char** entry = environ; *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& [added, value] : request.added) replaced = replaced || added == name;
    if (!replaced) entries.emplace_back(text);
  }
  for (const auto& [name, value] : request.added) entries.push_back(name + "=" + value);
  return entries;
}

// Closes a pipe's two ends when it goes out of scope.
struct Pipe {
  int ends[2] = {-1, -1};
  bool open() { return ::pipe2(ends, O_CLOEXEC) == 0; }
  void close_end(int which) {
    if (ends[which] >= 0) ::close(ends[which]);
    ends[which] = -1;
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
};

enum class Drained { kClosed, kTimedOut, kTooLong };

// Reads both pipes until they close, time runs out, or one passes `cap`.
Drained drain(int out_fd, int err_fd, std::string* out, std::string* err, SteadyClock::time_point deadline,
              std::size_t cap) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {out, err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return Drained::kTimedOut;
    if (::poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) return Drained::kTimedOut;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        fds[i].fd = -1;
        --open_count;
        continue;
      }
      sinks[i]->append(buffer, static_cast<std::size_t>(got));
      if (sinks[i]->size() > cap) {
        sinks[i]->resize(cap);
        return Drained::kTooLong;
      }
    }
  }
  return Drained::kClosed;
}

// Starts the child with stdin /dev/null and stdout, stderr on the pipes; 0 or an errno.
int spawn(const ProcessRequest& request, Pipe& out, Pipe& err, pid_t* pid) {
  std::vector<std::string> argv{request.program};
  argv.insert(argv.end(), request.args.begin(), request.args.end());
  std::vector<std::string> envp = child_environment(request);
  auto argv_c = c_strings(argv);
  auto envp_c = c_strings(envp);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.ends[1], STDERR_FILENO);
  if (!request.directory.empty()) posix_spawn_file_actions_addchdir_np(&actions, request.directory.c_str());
  // posix_spawnp looks a bare name up in this process's PATH, as a shell would.
  // A process group of its own, so that stopping it stops what it started too.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  const int spawned = ::posix_spawnp(pid, request.program.c_str(), &actions, &attributes, argv_c.data(), envp_c.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return spawned;
}

// Waits for the child; one that closed its output but lingers past the
// deadline is stopped too, so a run never hangs on it.
void reap(pid_t pid, SteadyClock::time_point deadline, int* status, struct rusage* usage, bool* timed_out) {
  for (;;) {
    const pid_t done = ::wait4(pid, status, WNOHANG, usage);
    if (done == pid || (done < 0 && errno != EINTR)) return;
    if (SteadyClock::now() >= deadline) break;
    ::usleep(1000);
  }
  ::kill(-pid, SIGKILL);
  *timed_out = true;
  while (::wait4(pid, status, 0, usage) < 0 && errno == EINTR) {
  }
}
}  // namespace

ProcessOutcome SystemProcessRunner::run(const ProcessRequest& request) {
  ProcessOutcome outcome;
  Pipe out, err;
  if (!out.open() || !err.open()) {
    outcome.start_error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return outcome;
  }
  const auto start = SteadyClock::now();
  pid_t pid = 0;
  if (const int failed = spawn(request, out, err, &pid); failed != 0) {
    outcome.start_error = std::strerror(failed);
    return outcome;
  }
  outcome.started = true;
  out.close_end(1);
  err.close_end(1);
  const Drained drained = drain(out.ends[0], err.ends[0], &outcome.out, &outcome.err, start + request.timeout,
                                request.max_output);
  int status = 0;
  struct rusage usage {};
  const bool exited = drained == Drained::kTimedOut && ::wait4(pid, &status, WNOHANG, &usage) == pid;
  if (drained != Drained::kClosed) ::kill(-pid, SIGKILL);  // the group: what it started too
  outcome.timed_out = drained == Drained::kTimedOut;
  outcome.truncated = drained == Drained::kTooLong;
  outcome.output_held_open = exited;
  if (!exited) reap(pid, start + request.timeout, &status, &usage, &outcome.timed_out);
  outcome.max_rss_kb = usage.ru_maxrss;
  outcome.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

}  // namespace scopegate::util
