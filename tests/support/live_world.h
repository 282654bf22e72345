#pragma once
// The world of a live integration test: a CA made at test time, a
// directory of files, and an environment holding the token; every run of
// the real binary asserts that no secret of that environment reached its
// output.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "support/bounds.h"
#include "support/fake_token.h"
#include "support/mock_server.h"
#include "support/subprocess.h"
#include "support/test_ca.h"

namespace scopegate::testing {

// A test's world: a CA, files, an environment holding the token.
struct World {
  TempDir dir;
  TestCa ca;
  std::string ca_file = dir.write("ca.pem", ca.cert_pem());
  std::map<std::string, std::string> env{{"PATH", "/usr/bin:/bin"}, {"SONAR_API_KEY", kFakeToken}};

  MockServerOptions https() const { return {true, ca.issue(), false}; }

  std::string manifest(const std::string& yaml) const { return dir.write("scopegate.yaml", yaml); }

  // Every run asserts that no secret of the environment reached the output.
  ProcessResult run(std::vector<std::string> args, double timeout = 20) const {
    ProcessOptions options;
    options.args = std::move(args);
    options.env = env;
    options.timeout_seconds = timeout;
    ProcessResult result = run_process(SCOPEGATE_BINARY, options);
    for (const auto& [name, value] : env) {
      if (name.find("TOKEN") == std::string::npos && name.find("KEY") == std::string::npos &&
          name.find("SECRET") == std::string::npos)
        continue;
      CAPTURE(name);
      CHECK_FALSE(has(result.out, value));
      CHECK_FALSE(has(result.err, value));
    }
    return result;
  }

  ProcessResult check(const std::string& yaml, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"check", "-m", manifest(yaml), "--ca-file", ca_file};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
};

inline void no_token_in(const ProcessResult& result) {
  CHECK_FALSE(has(result.out, kFakeToken));
  CHECK_FALSE(has(result.err, kFakeToken));
}

inline void token_only_in_headers(const std::vector<MockRequest>& requests) {
  for (const MockRequest& request : requests) {
    CHECK_FALSE(has(request.target, kFakeToken));
    CHECK_FALSE(has(request.target, "FAKE_TOKEN"));
  }
}
}  // namespace scopegate::testing
