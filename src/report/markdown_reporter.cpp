// --format markdown, for PR comments and the GitHub job summary: a table of
// features and statuses, the missing scopes with their labels, the fix links.
#include "report/markdown.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

// Table cells: no raw HTML, no pipe that would split the cell.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\\': out += "\\\\"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '`': out += "'"; break;  // code spans below use backticks
      default: out += c;
    }
  }
  return out;
}

namespace {
using engine::FeatureStatus;
using engine::ProviderStatus;

std::string code(std::string_view text) { return "`" + markdown_cell(text) + "`"; }

std::string codes(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) out.push_back(code(item));
  return util::join(out, ", ");
}

std::string status_cell(const engine::FeatureResult& feature) {
  switch (feature.status) {
    case FeatureStatus::kOk: return "✅ ok";
    case FeatureStatus::kMissing: return feature.optional ? "⚠️ missing (optional)" : "❌ missing";
    case FeatureStatus::kUnverifiable: return "❔ unverifiable";
    case FeatureStatus::kSkipped: return "⏭️ skipped";
    case FeatureStatus::kError: return "💥 error";
  }
  return "?";
}

std::string with_hint(std::string detail, const engine::FeatureResult& feature) {
  if (feature.hint.empty()) return detail;
  return detail + "<br>hint: " + markdown_cell(feature.hint);
}

std::string detail_cell(const engine::FeatureResult& feature) {
  switch (feature.status) {
    case FeatureStatus::kMissing: return with_hint(codes(feature.missing), feature);
    case FeatureStatus::kUnverifiable: return with_hint(codes(feature.unverifiable), feature);
    case FeatureStatus::kSkipped: return "when: " + markdown_cell(feature.reason);
    case FeatureStatus::kError: return markdown_cell(feature.reason);
    case FeatureStatus::kOk: return "";
  }
  return "";
}

// A fix sentence with its URL made a link.
std::string linked(const std::string& fix, const std::string& page) {
  if (page.empty()) return markdown_cell(fix);
  const std::size_t at = fix.find(page);
  if (at == std::string::npos) return markdown_cell(fix);
  return markdown_cell(fix.substr(0, at)) + "<" + markdown_cell(page) + ">" + markdown_cell(fix.substr(at + page.size()));
}

std::string features_table(const engine::Report& report) {
  const bool several = report.providers.size() > 1;
  std::string out = several ? "| Feature | Provider | Status | Scopes or reason |\n|---|---|---|---|\n"
                            : "| Feature | Status | Scopes or reason |\n|---|---|---|\n";
  for (const auto& feature : report.features) {
    out += "| " + code(feature.name) + " | ";
    if (several) out += markdown_cell(feature.provider) + " | ";
    out += status_cell(feature) + " | " + detail_cell(feature) + " |\n";
  }
  return out;
}

std::string missing_table(const engine::Report& report) {
  if (report.missing.empty()) return {};
  std::string out = "\n#### Missing scopes\n\n| Scope | Label | Provider | Needed by |\n|---|---|---|---|\n";
  for (const auto& missing : report.missing) {
    std::vector<std::string> features;
    for (const std::string& feature : missing.features) features.push_back(code(feature));
    out += "| " + code(missing.scope) + " | " + markdown_cell(missing.label.value_or("")) + " | " + markdown_cell(missing.provider) +
           " | " + util::join(features, ", ") + (missing.optional ? " (optional)" : "") + " |\n";
  }
  return out;
}

std::string provider_notes(const engine::Report& report) {
  std::string out;
  for (const auto& provider : report.providers) {
    if (!provider.fix.empty()) out += "\n**Fix (" + markdown_cell(provider.name) + "):** " + linked(provider.fix, provider.token_page) + "\n";
    if (provider.status == ProviderStatus::kTokenRejected)
      out += "\n**Token rejected by " + markdown_cell(provider.name) + ":** " + markdown_cell(provider.error) + "\n";
    if (provider.status == ProviderStatus::kError)
      out += "\n**Could not ask " + markdown_cell(provider.name) + ":** " + markdown_cell(provider.error) + "\n";
    if (!provider.unverifiable.empty() && !provider.unverifiable_reason.empty())
      out += "\n**Unverifiable on " + markdown_cell(provider.name) + ":** " + markdown_cell(provider.unverifiable_reason) + "\n";
    if (!provider.excess.empty())
      out += "\n**Excess on " + markdown_cell(provider.name) + "** (granted, needed by no checked feature): " +
             codes(provider.excess) + "\n";
    if (provider.expiring_soon && provider.expires_at)
      out += "\n**Expiry:** the " + markdown_cell(provider.name) + " token expires " +
             util::format_timestamp(*provider.expires_at) + "\n";
  }
  for (const std::string& failure : report.failures) out += "\n**Failed:** " + markdown_cell(failure) + "\n";
  for (const std::string& reason : report.unverified) out += "\n**Unverified:** " + markdown_cell(reason) + "\n";
  return out;
}
}  // namespace

std::string render_markdown(const engine::Report& report) {
  const char* mark = report.exit_code == 0 ? "✅" : report.exit_code == 5 ? "❔" : "❌";
  return std::string("### ") + mark + " scopegate: " + markdown_cell(summary_line(report)) + "\n\n" + features_table(report) +
         missing_table(report) + provider_notes(report);
}

namespace {
class MarkdownReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override { return render_markdown(report); }
};
}  // namespace

std::unique_ptr<Reporter> create_markdown_reporter(const RenderOptions&) { return std::make_unique<MarkdownReporter>(); }

}  // namespace scopegate::report
