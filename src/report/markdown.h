#pragma once
// The markdown rendering, shared by --format markdown and the GitHub job summary.
#include <string>
#include <string_view>

#include "engine/report.h"

namespace scopegate::report {

// The page in its three parts, so the job summary can shorten the table to
// GitHub's size limit and still keep the verdict and the fixes.
struct MarkdownPage {
  std::string heading;  // "## ❌ scopegate: 2 of 5 features blocked\n"
  std::string table;    // the features table, one line per row
  std::string after;    // failed checks, how to fix, tokens; "" when there is nothing to say
  std::string str() const { return heading + "\n" + table + after; }
};

MarkdownPage markdown_page(const engine::Report& report);
std::string render_markdown(const engine::Report& report);  // markdown_page(report).str()

// A table cell's text: no raw HTML, no pipe that would split the cell, no
// bracket that would start a link or an image.
std::string markdown_cell(std::string_view text);

}  // namespace scopegate::report
