#pragma once
// The markdown rendering, shared by --format markdown and the GitHub job summary.
#include <string>
#include <string_view>

#include "engine/report.h"

namespace scopegate::report {

std::string render_markdown(const engine::Report& report);
// A table cell's text: no raw HTML, no pipe that would split the cell.
std::string markdown_cell(std::string_view text);

}  // namespace scopegate::report
