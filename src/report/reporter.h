#pragma once
// One interface for every report format; one file per format; an explicit table.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report.h"
#include "util/redactor.h"

namespace scopegate::report {

struct RenderOptions {
  bool color = false;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual std::string render(const engine::Report& report) const = 0;
};

struct FormatInfo {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<Reporter> (*create)(const RenderOptions& options);
};

const std::vector<FormatInfo>& format_table();
const FormatInfo* find_format(std::string_view name);
std::vector<std::string> format_names();

// XML 1.0 text and attribute escaping (JUnit).
std::string xml_escape(std::string_view text);
// Every way a format escapes the free text it writes (JSON strings, XML,
// markdown cells, workflow-command data and properties, single lines): the
// redactor looks for each secret in each of these forms too.
const std::vector<util::Redactor::Encoding>& output_encodings();

std::unique_ptr<Reporter> create_text_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_json_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_github_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_junit_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_markdown_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_sarif_reporter(const RenderOptions& options);

}  // namespace scopegate::report
