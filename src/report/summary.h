#pragma once
// The one-line answer every format ends with:
// "2 of 5 features blocked: add a, b to key 'CI key' (sk_live...) at https://..."
#include <string>
#include <vector>

#include "engine/report.h"

namespace scopegate::report {

std::string summary_line(const engine::Report& report);

// Secondary findings worth a line of their own (warnings that do not decide the exit code).
std::vector<std::string> secondary_lines(const engine::Report& report);

}  // namespace scopegate::report
