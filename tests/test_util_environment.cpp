#include <doctest/doctest.h>

#include <cstdlib>

#include <string>

#include "util/environment.h"
#include "util/strings.h"

using namespace scopegate;

TEST_SUITE("util/environment") {
  TEST_CASE("RealEnvironment answers from the environment as it was when it was made, set and empty apart") {
    ::setenv("SCOPEGATE_TEST_SET", "value=with=equals", 1);
    ::setenv("SCOPEGATE_TEST_EMPTY", "", 1);
    ::unsetenv("SCOPEGATE_TEST_UNSET");
    const util::RealEnvironment environment;
    CHECK(environment.get("SCOPEGATE_TEST_SET") == std::optional<std::string>("value=with=equals"));
    CHECK(environment.get("SCOPEGATE_TEST_EMPTY") == std::optional<std::string>(""));
    CHECK_FALSE(environment.get_non_empty("SCOPEGATE_TEST_EMPTY"));
    CHECK_FALSE(environment.get("SCOPEGATE_TEST_UNSET"));
    if (const char* path = std::getenv("PATH")) CHECK(environment.get("PATH") == std::optional<std::string>(path));
  }
}
