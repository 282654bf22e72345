#include "manifest/diagnostics.h"

#include <algorithm>

#include "util/strings.h"

namespace scopegate::manifest {

void Diagnostics::sort_by_location() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.where.line != b.where.line ? a.where.line < b.where.line
                                        : a.where.column < b.where.column;
  });
}

bool Diagnostics::reword(Location where, std::string message) {
  for (Diagnostic& item : items_) {
    if (item.where.line == where.line && item.where.column == where.column) {
      item.message = std::move(message);
      return true;
    }
  }
  return false;
}

namespace {
std::string_view line_text(std::string_view source, int line) {
  std::size_t start = 0;
  for (int current = 1; current < line; ++current) {
    start = source.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  std::size_t end = source.find('\n', start);
  if (end == std::string_view::npos) end = source.size();
  std::string_view text = source.substr(start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

// Long lines are clipped: a caret under column 90,000 helps nobody.
constexpr std::size_t kLongestQuotedLine = 160;
}  // namespace

std::string format_diagnostic(std::string_view file, const Diagnostic& diagnostic,
                              std::string_view source) {
  // The path, the message (which may quote manifest text) and the quoted
  // line come from outside: each is neutralised, so none can add a line.
  std::string out = util::neutralize(file);
  if (diagnostic.where.line > 0) {
    out += ':' + std::to_string(diagnostic.where.line) + ':' + std::to_string(diagnostic.where.column);
  }
  out += diagnostic.severity == Severity::kError ? ": error: " : ": warning: ";
  out += util::neutralize(diagnostic.message);
  out += '\n';
  if (diagnostic.where.line <= 0 || source.empty()) return out;
  const std::string_view text = line_text(source, diagnostic.where.line);
  const auto column = static_cast<std::size_t>(std::max(diagnostic.where.column, 1));
  if (text.empty() || text.size() > kLongestQuotedLine || column > text.size() + 1) return out;
  // Quoted as clang does, behind a line-number gutter: a quoted line can
  // then never pass for a CI workflow command ("::error::...").
  const std::string number = std::to_string(diagnostic.where.line);
  out += "  " + number + " | " + util::neutralize_keeping_lines(text) + "\n  " + std::string(number.size(), ' ') + " | ";
  for (std::size_t i = 0; i + 1 < column; ++i) out += ' ';
  out += "^\n";
  return out;
}

Location location_of_offset(std::string_view text, std::size_t offset) {
  Location where{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

}  // namespace scopegate::manifest
