// scopegate: check an API token's scopes before the pipeline needs them.
#include <unistd.h>

#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  scopegate::util::RealEnvironment environment;
  scopegate::util::RealFileSystem file_system;
  scopegate::util::RealClock clock;
  scopegate::cli::Context context(environment, file_system, clock, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0,
                                  isatty(STDERR_FILENO) != 0);
  return scopegate::cli::run(std::vector<std::string>(argv + 1, argv + argc), context);
}
