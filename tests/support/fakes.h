#pragma once
// In-memory stand-ins for every side effect, as ninja's VirtualFileSystem.
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "cli/app.h"
#include "support/fake_token.h"
#include "util/clock.h"
#include "util/environment.h"
#include "util/file_system.h"
#include "util/process.h"
#include "util/time.h"

namespace scopegate::testing {

class FakeEnvironment final : public util::Environment {
 public:
  FakeEnvironment() = default;
  FakeEnvironment(std::initializer_list<std::pair<const std::string, std::string>> values) : values_(values) {}
  std::optional<std::string> get(std::string_view name) const override {
    const auto found = values_.find(std::string(name));
    if (found == values_.end()) return std::nullopt;
    return found->second;
  }
  void set(const std::string& name, const std::string& value) { values_[name] = value; }
  void unset(const std::string& name) { values_.erase(name); }

 private:
  std::map<std::string, std::string> values_;
};

class FakeFileSystem final : public util::FileSystem {
 public:
  Status read_file(const std::string& path, std::size_t max_bytes, std::string* contents,
                   std::string* error) const override {
    reads.insert(path);
    const auto found = files.find(path);
    if (found == files.end()) {
      *error = "No such file or directory";
      return Status::kNotFound;
    }
    if (found->second.size() > max_bytes) {
      *error = "larger than " + std::to_string(max_bytes) + " bytes";
      return Status::kTooLarge;
    }
    *contents = found->second;
    return Status::kOkay;
  }
  bool write_file(const std::string& path, std::string_view contents, Mode mode, std::string* error) override {
    if (!check_writable(path, error)) return false;
    files[path] = std::string(contents);
    if (!modes.count(path)) modes[path] = mode;  // an existing file keeps its mode
    return true;
  }
  bool create_unique_file(const std::string& directory, const std::string& prefix, const std::string& suffix,
                          std::string_view contents, std::string* path, std::string* error) override {
    if (!check_writable_directory(directory, error)) return false;
    *path = directory + "/" + prefix + std::to_string(++unique_files) + suffix;
    files[*path] = std::string(contents);
    modes[*path] = Mode::kPrivate;
    return true;
  }
  bool append_file(const std::string& path, std::string_view contents, std::string* error) override {
    if (!check_writable(path, error)) return false;
    files[path] += std::string(contents);
    return true;
  }
  bool exists(const std::string& path) const override { return files.count(path) > 0; }
  // A path is unwritable when it, or a directory above it, is in `unwritable`.
  bool check_writable(const std::string& path, std::string* error) const override {
    for (const std::string& denied : unwritable) {
      if (path == denied || path.starts_with(denied + "/")) {
        *error = "Permission denied";
        return false;
      }
    }
    return true;
  }
  bool check_writable_directory(const std::string& directory, std::string* error) const override {
    return check_writable(directory + "/", error);
  }
  std::string current_directory() const override { return cwd; }

  std::map<std::string, std::string> files;
  std::map<std::string, Mode> modes;  // how each written file was created
  int unique_files = 0;
  std::set<std::string> unwritable;
  mutable std::set<std::string> reads;
  std::string cwd = "/work";
};

// Programs that answer as a test says, recording every run.
class FakeProcessRunner final : public util::ProcessRunner {
 public:
  util::ProcessOutcome answer;  // what every run gives
  std::vector<util::ProcessRequest> runs;
  util::ProcessOutcome run(const util::ProcessRequest& request) override {
    runs.push_back(request);
    return answer;
  }
  // A program that printed `out` and exited with 0.
  static util::ProcessOutcome printed(std::string out) {
    util::ProcessOutcome outcome;
    outcome.started = true;
    outcome.exit_code = 0;
    outcome.out = std::move(out);
    return outcome;
  }
};

class FixedClock final : public util::Clock {
 public:
  explicit FixedClock(util::TimePoint now) : now_(now) {}
  FixedClock() : now_(*util::parse_timestamp("2026-11-22T12:00:00Z")) {}
  util::TimePoint now() const override { return now_; }

 private:
  util::TimePoint now_;
};

// Runs a whole command in-process against the fakes and captures its output.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

inline CliRun run_cli(const std::vector<std::string>& args, const util::Environment& environment,
                      FakeFileSystem& file_system, bool tty = false) {
  FixedClock clock;
  std::ostringstream out, err;
  cli::Context context(environment, file_system, clock, out, err, tty, tty);
  CliRun result;
  result.exit_code = cli::run(args, context);
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace scopegate::testing
