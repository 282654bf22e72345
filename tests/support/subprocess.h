#pragma once
// Runs the real scopegate binary the way a CI job does: its own environment,
// working directory, captured stdout and stderr, and a hard time limit.
#include <map>
#include <string>
#include <vector>

namespace scopegate::testing {

struct ProcessResult {
  int exit_code = -1;
  bool timed_out = false;
  std::string out;
  std::string err;
  double seconds = 0;
  long max_rss_kb = 0;  // peak resident memory of the child
  std::string all() const { return out + err; }
};

struct ProcessOptions {
  std::vector<std::string> args;              // without the program
  std::map<std::string, std::string> env;     // the whole environment
  std::string cwd;                            // "" = inherit
  double timeout_seconds = 30;
};

ProcessResult run_process(const std::string& program, const ProcessOptions& options);

// Whether `text` (a process's output, a file) contains `fragment`.
inline bool has(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

// How many times `fragment` occurs in `text`, without overlaps.
inline std::size_t count(const std::string& text, const std::string& fragment) {
  std::size_t found = 0;
  for (std::size_t at = text.find(fragment); at != std::string::npos; at = text.find(fragment, at + fragment.size()))
    ++found;
  return found;
}

// The whole file, or "" when it cannot be read.
std::string read_file(const std::string& path);

// A fresh directory under /tmp, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes `name` (which may hold directories, made as needed); its path.
  std::string write(const std::string& name, const std::string& contents) const;
  std::string read(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace scopegate::testing
