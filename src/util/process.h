#pragma once
// Running another program behind an interface, so tests can fake it: a
// kubeconfig's `exec` credential plugin (aws eks get-token,
// gke-gcloud-auth-plugin, kubelogin). The real runner uses posix_spawn:
// the child never gets a copy of this (possibly multi-threaded) process,
// its stdin is /dev/null, and a time limit and an output cap bound it.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scopegate::util {

struct ProcessRequest {
  std::string program;            // a path, or a name looked up in this process's PATH
  std::vector<std::string> args;  // without the program
  // The child's environment: this process's, with `added` set on top (a
  // later entry wins); or exactly `only` ("NAME=value" each) when given.
  std::vector<std::pair<std::string, std::string>> added;
  std::optional<std::vector<std::string>> only;
  std::string directory;  // where it runs; "" = here
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output = 1024 * 1024;  // per stream; past it the child is stopped (`truncated`)
};

struct ProcessOutcome {
  bool started = false;
  std::string start_error;  // why it could not start ("No such file or directory")
  int exit_code = -1;       // 128 + the signal when one ended it
  bool timed_out = false;   // stopped (SIGKILL) at the time limit
  bool truncated = false;   // stopped (SIGKILL) at max_output
  // It had exited, but a process it started still held its output open at
  // the time limit (then stopped with it: the child runs in a process group of its own).
  bool output_held_open = false;
  std::string out;
  std::string err;
  long max_rss_kb = 0;      // the child's peak resident memory
  double seconds = 0;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessOutcome run(const ProcessRequest& request) = 0;
};

class SystemProcessRunner final : public ProcessRunner {
 public:
  ProcessOutcome run(const ProcessRequest& request) override;
};

}  // namespace scopegate::util
