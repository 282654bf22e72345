#pragma once
// Exact comparison of string lists that prints the actual list when it differs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "util/strings.h"

namespace scopegate::testing {
using Strings = std::vector<std::string>;
inline std::string show(const Strings& list) { return "[" + util::join(list, "|") + "]"; }
}  // namespace scopegate::testing

#define CHECK_STRINGS(actual, ...)                                                                        \
  do {                                                                                                    \
    const ::scopegate::testing::Strings actual_list_ = (actual);                                          \
    const ::scopegate::testing::Strings expected_list_ = __VA_ARGS__;                                     \
    CHECK_MESSAGE(actual_list_ == expected_list_, ("got " + ::scopegate::testing::show(actual_list_)));   \
  } while (false)
