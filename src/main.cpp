// scopegate: check an API token's scopes before the pipeline needs them.
#include <unistd.h>

#include <exception>
#include <iostream>

#include "cli/app.h"

namespace {
int internal_error(const char* what) {
  std::cerr << scopegate::cli::internal_error_line(what);
  return scopegate::cli::kExitProviderError;
}
}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // cli::run catches what a command throws and reports it through the
  // Context, redacted. This catches only what fails before there is one, when
  // no secret has been read yet, so nothing escapes as an abort (exit 134).
  try {
    scopegate::util::RealEnvironment environment;
    scopegate::util::RealFileSystem file_system;
    scopegate::util::RealClock clock;
    scopegate::cli::Context context(environment, file_system, clock, std::cout, std::cerr,
                                    isatty(STDOUT_FILENO) != 0, isatty(STDERR_FILENO) != 0);
    return scopegate::cli::run(std::vector<std::string>(argv + 1, argv + argc), context);
  } catch (const std::exception& failure) {
    return internal_error(failure.what());
  } catch (...) {
    return internal_error("an exception that is not a std::exception");
  }
}
