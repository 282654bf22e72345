#pragma once
// The markdown rendering, shared by --format markdown and the GitHub job summary.
#include <string>

#include "engine/report.h"

namespace scopegate::report {

std::string render_markdown(const engine::Report& report);

}  // namespace scopegate::report
