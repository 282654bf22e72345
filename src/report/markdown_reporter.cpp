// --format markdown, for PR comments and the GitHub job summary. A page a
// person reads top down: the verdict as a heading, one table of features,
// then each provider's fix once, and one line per provider's token.
#include "engine/exit_code.h"
#include "report/markdown.h"
#include "report/markdown_parts.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"

namespace scopegate::report {

// Table cells: no raw HTML, no pipe that would split the cell, no bracket
// that would make a server's text a link or an image.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\\': out += "\\\\"; break;
      case '[': out += "\\["; break;
      case ']': out += "\\]"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '`': out += "'"; break;  // code spans use backticks
      default: out += c;
    }
  }
  return out;
}

namespace {
const char* verdict_mark(const engine::Report& report) {
  if (report.exit_code == engine::kExitUnverifiable) return "❔";
  if (report.exit_code != engine::kExitOk) return "❌";
  // Passed, but an optional feature is short of something: worth a look.
  for (const auto& feature : report.features)
    if (feature.optional && feature.status != engine::FeatureStatus::kOk &&
        feature.status != engine::FeatureStatus::kSkipped)
      return "⚠️";
  return "✅";
}

std::string failures_section(const engine::Report& report) {
  std::string out;
  if (!report.failures.empty()) {
    out += "\n### Failed checks\n\n";
    for (const std::string& failure : report.failures) out += "- " + markdown_cell(failure) + "\n";
  }
  if (!report.unverified.empty()) {
    out += "\n### Could not be checked\n\n";
    for (const std::string& reason : report.unverified) out += "- " + markdown_cell(reason) + "\n";
  }
  return out;
}

// Each provider's fix once, however many features and scopes need it.
std::string fix_section(const engine::Report& report) {
  std::string lines;
  for (const auto& provider : report.providers) {
    const std::string name = "**" + markdown_cell(provider.name) + "**";
    if (!provider.fix.empty()) lines += "- " + name + ": " + markdown_link_page(provider.fix, provider.token_page) + "\n";
    if (!provider.optional_fix.empty())
      lines += "- " + name + ", for optional features only: " +
               markdown_link_page(provider.optional_fix, provider.token_page) + "\n";
  }
  return lines.empty() ? "" : "\n### How to fix\n\n" + lines;
}

std::string tokens_section(const engine::Report& report) {
  if (report.providers.empty()) return {};
  std::string out = "\n### Tokens\n\n";
  for (const auto& provider : report.providers) out += markdown_token_lines(provider, report.checked_at);
  return out;
}
}  // namespace

MarkdownPage markdown_page(const engine::Report& report) {
  return {std::string("## ") + verdict_mark(report) + " scopegate: " + markdown_cell(short_verdict(report)) + "\n",
          markdown_features_table(report), failures_section(report) + fix_section(report) + tokens_section(report)};
}

std::string render_markdown(const engine::Report& report) { return markdown_page(report).str(); }

namespace {
class MarkdownReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override { return render_markdown(report); }
};
}  // namespace

std::unique_ptr<Reporter> create_markdown_reporter(const RenderOptions&) { return std::make_unique<MarkdownReporter>(); }

}  // namespace scopegate::report
