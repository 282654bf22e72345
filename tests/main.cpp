// doctest's main, plus one guard: a run whose filter matched no test case
// fails. CTest runs each case by name, and a name that stops matching (a
// rename, a character CMake splits on) must not pass silently.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {
struct RunStats {
  bool queried = false;  // --list-test-cases and friends run nothing on purpose
  unsigned matched = 0;
};
RunStats g_stats;

struct MatchCounter : doctest::IReporter {
  explicit MatchCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override { g_stats.queried = true; }
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override { g_stats.matched = stats.numTestCasesPassingFilters; }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
DOCTEST_REGISTER_LISTENER("match-counter", 1, MatchCounter);
}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit() || g_stats.queried) return result;
  if (result == 0 && g_stats.matched == 0) {
    std::fprintf(stderr, "no test case matched the filter: refusing to pass\n");
    return 1;
  }
  return result;
}
