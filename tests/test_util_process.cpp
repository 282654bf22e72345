#include "util/process.h"

#include <doctest/doctest.h>
#include <unistd.h>

using scopegate::util::ProcessRequest;
using scopegate::util::SystemProcessRunner;

namespace {
ProcessRequest shell(const std::string& script) {
  ProcessRequest request;
  request.program = "sh";  // looked up in PATH
  request.args = {"-c", script};
  return request;
}
}  // namespace

TEST_SUITE("util.process") {
  TEST_CASE("both streams and the exit code, with no terminal input") {
    const auto outcome = SystemProcessRunner().run(shell("echo out; echo err >&2; read line || echo no-stdin; exit 3"));
    CHECK(outcome.started);
    CHECK(outcome.exit_code == 3);
    CHECK(outcome.out == "out\nno-stdin\n");
    CHECK(outcome.err == "err\n");
    CHECK_FALSE(outcome.timed_out);
  }

  TEST_CASE("the environment: this process's with additions on top, or exactly the one given") {
    ProcessRequest request = shell("echo \"$ADDED,${HOME:+home}\"");
    request.added = {{"ADDED", "first"}, {"ADDED", "second"}};
    CHECK(SystemProcessRunner().run(request).out == (std::getenv("HOME") ? "second,home\n" : "second,\n"));
    request.program = "/bin/sh";
    request.only = std::vector<std::string>{"ADDED=only"};
    CHECK(SystemProcessRunner().run(request).out == "only,\n");
  }

  TEST_CASE("a program that cannot start says why") {
    ProcessRequest request;
    request.program = "scopegate-no-such-plugin";
    const auto outcome = SystemProcessRunner().run(request);
    CHECK_FALSE(outcome.started);
    CHECK(outcome.start_error == "No such file or directory");
  }

  TEST_CASE("the time limit stops a program that hangs, and one that lingers after closing its output") {
    for (const char* script : {"sleep 20", "exec >&- 2>&-; sleep 20"}) {
      ProcessRequest request = shell(script);
      request.timeout = std::chrono::milliseconds(200);
      const auto outcome = SystemProcessRunner().run(request);
      CHECK(outcome.timed_out);
      CHECK(outcome.seconds < 5);
      CHECK(outcome.exit_code == 128 + 9);
    }
  }

  TEST_CASE("stopping a program stops what it started, and one that exited while its child held the output says so") {
    const std::string marker = "/tmp/scopegate-process-test-" + std::to_string(::getpid());
    ProcessRequest request = shell("(sleep 1; touch " + marker + ") & sleep 20");
    request.timeout = std::chrono::milliseconds(200);
    const auto outcome = SystemProcessRunner().run(request);
    CHECK(outcome.timed_out);
    CHECK_FALSE(outcome.output_held_open);
    ::usleep(1'500'000);
    CHECK(::access(marker.c_str(), F_OK) != 0);  // the grandchild was stopped with it
    ProcessRequest lingering = shell("sleep 20 & exit 0");
    lingering.timeout = std::chrono::milliseconds(300);
    const auto held = SystemProcessRunner().run(lingering);
    CHECK(held.output_held_open);
    CHECK(held.exit_code == 0);
  }

  TEST_CASE("endless output is cut at the cap and the program stopped") {
    ProcessRequest request = shell("yes");
    request.max_output = 1000;
    const auto outcome = SystemProcessRunner().run(request);
    CHECK(outcome.truncated);
    CHECK(outcome.out.size() == 1000);
    CHECK_FALSE(outcome.timed_out);
  }

  TEST_CASE("the working directory") {
    ProcessRequest request = shell("pwd");
    request.directory = "/tmp";
    CHECK(SystemProcessRunner().run(request).out == "/tmp\n");
  }
}
