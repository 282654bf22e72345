#include "report/reporter.h"

#include <algorithm>

#include "report/github_commands.h"
#include "report/markdown.h"
#include "util/json_stream.h"
#include "util/strings.h"

namespace scopegate::report {

const std::vector<FormatInfo>& format_table() {
  static const std::vector<FormatInfo> table{
      {"text", "per-feature verdicts for people (colour on a terminal)", &create_text_reporter},
      {"json", "one object, schema scopegate/report/v1", &create_json_reporter},
      {"github", "GitHub Actions: annotations, job summary, step outputs", &create_github_reporter},
      {"junit", "JUnit XML for GitLab CI, Jenkins, Azure test reports", &create_junit_reporter},
      {"markdown", "a table for PR comments", &create_markdown_reporter},
      {"sarif", "SARIF 2.1.0 for code scanning, at the manifest lines", &create_sarif_reporter},
  };
  return table;
}

const FormatInfo* find_format(std::string_view name) {
  const auto& table = format_table();
  const auto found = std::find_if(table.begin(), table.end(), [&](const FormatInfo& f) { return f.name == name; });
  return found == table.end() ? nullptr : &*found;
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const FormatInfo& format : format_table()) names.emplace_back(format.name);
  return names;
}

const std::vector<util::Redactor::Encoding>& output_encodings() {
  static const std::vector<util::Redactor::Encoding> encodings{
      &util::json_escaped,         &xml_escape,           &markdown_cell, &escape_command_data,
      &escape_command_property, &util::neutralize,
  };
  return encodings;
}

}  // namespace scopegate::report
