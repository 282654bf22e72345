#pragma once
// One interface for every report format; one file per format; an explicit table.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report.h"

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

std::unique_ptr<Reporter> create_text_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_json_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_github_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_junit_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_markdown_reporter(const RenderOptions& options);
std::unique_ptr<Reporter> create_sarif_reporter(const RenderOptions& options);

}  // namespace scopegate::report
