// Every report format on the engine's real output for the bundled examples,
// byte for byte against tests/golden/. A change in what a user or a script
// reads shows up here as a diff to review, not as a surprise.
//   Update after an intended change: SCOPEGATE_UPDATE_GOLDEN=1 ctest -R golden
// then read `git diff tests/golden` before committing it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/subprocess.h"

using namespace scopegate::testing;

namespace {
const std::string kSource = SCOPEGATE_SOURCE_DIR;
const std::string kBinary = SCOPEGATE_BINARY;

struct Example {
  std::string name;  // the golden files' prefix
  std::vector<std::string> args;
};

const std::vector<Example>& examples() {
  static const std::vector<Example> list{
      {"quickstart",
       {"-m", "examples/quickstart/scopegate.yaml", "--response-file", "examples/quickstart/scopes-allowed.json"}},
      {"github-classic", {"-m", "examples/github/scopegate.yaml", "--response-file", "examples/github/user-classic.txt"}},
      {"github-fine-grained",
       {"-m", "examples/github/scopegate.yaml", "--response-file", "examples/github/user-fine-grained.txt"}},
      {"gitlab", {"-m", "examples/gitlab/scopegate.yaml", "--response-file", "examples/gitlab/token-self.json"}},
      {"socket-basics",
       {"-m", "examples/socket-basics/scopegate.yaml", "--granted-file", "examples/socket-basics/dashboard-scopes.txt"}},
  };
  return list;
}

// What a user sees: standard output, standard error, and the exit code.
std::string transcript(const ProcessResult& result) {
  return result.out + "--- stderr\n" + result.err + "--- exit " + std::to_string(result.exit_code) + "\n";
}
}  // namespace

TEST_SUITE("golden") {
  TEST_CASE("every format on every example matches tests/golden/") {
    const bool update = std::getenv("SCOPEGATE_UPDATE_GOLDEN") != nullptr;
    for (const Example& example : examples()) {
      for (const std::string format : {"text", "json", "github", "junit", "markdown", "sarif"}) {
        ProcessOptions options;
        options.args = {"check", "--format", format};
        options.args.insert(options.args.end(), example.args.begin(), example.args.end());
        options.env = {{"PATH", "/usr/bin:/bin"}};  // no CI variables, no colour, no tokens
        options.cwd = kSource;
        const std::string actual = transcript(run_process(kBinary, options));
        const std::string golden = kSource + "/tests/golden/" + example.name + "." + format + ".txt";
        CAPTURE(golden);
        if (update) {
          std::ofstream(golden, std::ios::binary) << actual;
          continue;
        }
        REQUIRE_MESSAGE(std::filesystem::exists(golden), "missing; write it with SCOPEGATE_UPDATE_GOLDEN=1");
        CHECK(actual == read_file(golden));
      }
    }
  }
}
