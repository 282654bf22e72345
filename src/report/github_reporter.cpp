// --format github: one ::error annotation per missing scope at the manifest
// line that requires it, ::warning for optional misses, unverifiable scopes
// and tokens close to expiry, ::notice for excess scopes; then the text report.
// (The ::add-mask:: lines come first of all, from the CLI, as tokens are read.)
#include <algorithm>
#include <boost/json.hpp>
#include <unordered_set>

#include "report/github.h"
#include "report/github_commands.h"
#include "report/markdown.h"
#include "report/missing_entry.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

namespace {
using Properties = std::vector<std::pair<std::string, std::string>>;

Properties at(const engine::Report& report, manifest::Location where, const std::string& title) {
  Properties properties{{"file", report.manifest_path}};
  if (where.line > 0) properties.emplace_back("line", std::to_string(where.line));
  if (where.column > 0) properties.emplace_back("col", std::to_string(where.column));
  properties.emplace_back("title", title);
  return properties;
}

std::string feature_annotations(const engine::Report& report) {
  std::string out;
  for (const auto& feature : report.features) {
    for (const engine::ScopeFinding& missing : feature.missing) {
      out += workflow_command(feature.optional ? "warning" : "error",
                              at(report, missing.where, "Missing scope " + missing.scope),
                              missing_scope_message(report, feature, missing, " on " + feature.provider + "."));
    }
    for (const engine::ScopeFinding& unverifiable : feature.unverifiable) {
      out += workflow_command("warning", at(report, unverifiable.where, "Unverifiable scope " + unverifiable.scope),
                              "Feature '" + feature.name + "' needs " + unverifiable.scope +
                                  ", which cannot be verified: " + feature.reason);
    }
  }
  return out;
}

std::string provider_annotations(const engine::Report& report) {
  std::string out;
  for (const auto& provider : report.providers) {
    if (provider.status == engine::ProviderStatus::kTokenRejected)
      out += workflow_command("error", at(report, provider.where, "Token rejected by " + provider.name), provider.error);
    if (provider.status == engine::ProviderStatus::kError)
      out += workflow_command(provider.blocking ? "error" : "warning",
                              at(report, provider.where, "Could not ask " + provider.name), provider.error);
    if (provider.expiring_soon && provider.expires_at) {
      const bool failed = provider.ttl_ok == std::optional<bool>(false);
      out += workflow_command(failed ? "error" : "warning", at(report, provider.where, "Token expires soon"),
                              "The " + provider.name + " token expires " +
                                  util::format_timestamp(*provider.expires_at) + ".");
    }
    if (!provider.excess.empty())
      out += workflow_command(report.fail_on_excess ? "error" : "notice",
                              at(report, provider.where, "Excess scopes on " + provider.name),
                              "Granted but needed by no checked feature: " + util::join(provider.excess, ", "));
  }
  // A fix written in another file (a workflow's permissions: block) is
  // annotated there too, where the change is made.
  for (const auto& provider : report.providers) {
    if (!provider.fix_location || provider.fix.empty()) continue;
    const manifest::FileLocation& at_job = *provider.fix_location;
    Properties properties{{"file", at_job.path}, {"line", std::to_string(at_job.where.line)}};
    if (at_job.where.column > 0) properties.emplace_back("col", std::to_string(at_job.where.column));
    properties.emplace_back("title", "Missing permissions for " + provider.name);
    out += workflow_command("error", properties, "The " + provider.name + " token: " + provider.fix + ".");
  }
  // --min-ttl with an expiry nobody said (exit 5 unless worse).
  for (const std::string& reason : report.unverified)
    out += workflow_command("warning", at(report, {}, "Token expiry unknown"), reason);
  return out;
}

class GithubReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    // The text report follows the annotations for people reading the log;
    // its lines are defused, the annotations are the tool's own commands.
    return github_annotations(report) + defuse_workflow_commands(create_text_reporter({false})->render(report));
  }
};

std::string json_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const std::string& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}
}  // namespace

std::string github_annotations(const engine::Report& report) {
  return feature_annotations(report) + provider_annotations(report);
}

namespace {
// A blank line before a note: a line right after a table would be one more table row.
const std::string kCutNote = "_(cut to GitHub's 1 MiB summary limit; the full report is in the JSON report)_\n";

// The whole page cut at a line, for a page whose sections alone are too big.
std::string cut_at_line(const std::string& markdown) {
  const std::string note = "\n\n" + kCutNote;
  std::size_t cut = markdown.rfind('\n', kMaxStepSummaryBytes - note.size());
  if (cut == std::string::npos) cut = 0;
  return markdown.substr(0, cut) + note;
}

std::string rows_cut_note(std::size_t rows) {
  return "\n_(cut to GitHub's 1 MiB summary limit: " + util::plural(rows, "more feature is", "more features are") +
         " in the JSON report)_\n";
}

// The table loses rows from its end; the verdict and everything after the
// table (the fixes, the tokens) stay, since those are what a reader needs.
std::string cut_table(const MarkdownPage& page) {
  const std::size_t rows = static_cast<std::size_t>(std::count(page.table.begin(), page.table.end(), '\n'));
  const std::size_t fixed = page.heading.size() + 1 + rows_cut_note(rows).size() + page.after.size() + 1;
  const std::size_t header = page.table.find('\n', page.table.find('\n') + 1) + 1;  // the two header lines
  if (fixed + header > kMaxStepSummaryBytes) return cut_at_line(page.str() + "\n");
  const std::size_t kept = page.table.rfind('\n', kMaxStepSummaryBytes - fixed - 1) + 1;
  const auto cut_rows = static_cast<std::size_t>(std::count(page.table.begin() + kept, page.table.end(), '\n'));
  return page.heading + "\n" + page.table.substr(0, kept) + rows_cut_note(cut_rows) + page.after + "\n";
}
}  // namespace

std::string github_step_summary(const engine::Report& report) {
  const MarkdownPage page = markdown_page(report);
  const std::string markdown = page.str() + "\n";
  if (markdown.size() <= kMaxStepSummaryBytes) return markdown;
  return cut_table(page);
}

std::vector<std::pair<std::string, std::string>> github_outputs(const engine::Report& report,
                                                                const std::string& report_path) {
  std::vector<std::string> missing, blocked;
  std::unordered_set<std::string_view> listed;  // the same scope of two providers is listed once
  for (const auto& entry : report.missing)
    if (!entry.optional && listed.insert(entry.scope).second) missing.push_back(entry.scope);
  for (const auto& feature : report.features)
    if (feature.status == engine::FeatureStatus::kMissing && !feature.optional) blocked.push_back(feature.name);
  return {{"ok", report.ok() ? "true" : "false"},
          {"exit-code", std::to_string(report.exit_code)},
          {"missing-scopes", json_array(missing)},
          {"blocked-features", json_array(blocked)},
          {"report", report_path}};
}

namespace {
const char* failure_title(const GithubFailure& failure) {
  return failure.checked ? "scopegate could not deliver its report" : "scopegate could not run";
}

// At most `limit` bytes, cut at a UTF-8 character boundary.
std::string clipped(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

constexpr std::size_t kMaxFailureItemBytes = 2000;
}  // namespace

std::string github_failure_annotations(const GithubFailure& failure) {
  std::string out;
  for (const manifest::Diagnostic& diagnostic : failure.diagnostics) {
    const bool error = diagnostic.severity == manifest::Severity::kError;
    Properties properties{{"file", failure.manifest_path}};
    if (diagnostic.where.line > 0) properties.emplace_back("line", std::to_string(diagnostic.where.line));
    if (diagnostic.where.column > 0) properties.emplace_back("col", std::to_string(diagnostic.where.column));
    properties.emplace_back("title", error ? "Invalid manifest" : "Manifest warning");
    out += workflow_command(error ? "error" : "warning", properties, diagnostic.message);
  }
  for (const std::string& error : failure.errors)
    out += workflow_command("error", {{"title", failure_title(failure)}}, error);
  return out;
}

std::string github_failure_summary(const GithubFailure& failure) {
  std::vector<std::string> items;
  for (const manifest::Diagnostic& diagnostic : failure.diagnostics) {
    if (diagnostic.severity != manifest::Severity::kError) continue;
    std::string where = failure.manifest_path;
    if (diagnostic.where.line > 0)
      where += ":" + std::to_string(diagnostic.where.line) + ":" + std::to_string(diagnostic.where.column);
    items.push_back("`" + markdown_cell(where) + "` " + markdown_cell(clipped(diagnostic.message, kMaxFailureItemBytes)));
  }
  for (const std::string& error : failure.errors) items.push_back(markdown_cell(clipped(error, kMaxFailureItemBytes)));
  std::string out = std::string("## ❌ scopegate: ") +
                    (failure.checked ? "the report could not be delivered (exit 2)\n\nThe providers were asked, but:\n\n"
                                     : "the check could not run (exit 2)\n\nNothing was sent to any provider. "
                                       "Fix the call or the manifest:\n\n");
  for (std::size_t i = 0; i < items.size() && i < kMaxFailureItems; ++i) out += "- " + items[i] + "\n";
  if (items.size() > kMaxFailureItems)
    out += "- ... and " + std::to_string(items.size() - kMaxFailureItems) + " more (see the step's log)\n";
  if (items.empty()) out += "- see the step's log\n";
  return out;
}

std::vector<std::pair<std::string, std::string>> github_failure_outputs(const GithubFailure& failure) {
  std::vector<std::pair<std::string, std::string>> outputs{
      {"ok", "false"}, {"exit-code", "2"}, {"missing-scopes", "[]"}, {"blocked-features", "[]"}};
  if (failure.report_path) outputs.emplace_back("report", *failure.report_path);
  return outputs;
}

std::unique_ptr<Reporter> create_github_reporter(const RenderOptions&) { return std::make_unique<GithubReporter>(); }

}  // namespace scopegate::report
