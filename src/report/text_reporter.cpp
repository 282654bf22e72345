// The report for people: one line per feature, details under each miss, one
// summary line at the end. Colour only when the caller says the terminal wants it.
#include <algorithm>

#include "engine/exit_code.h"
#include "report/missing_entry.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

namespace {
using engine::FeatureStatus;
using engine::ProviderStatus;

struct Style {
  bool color;
  std::string paint(std::string_view text, const char* code) const {
    if (!color) return std::string(text);
    return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
  }
};

const char* status_color(FeatureStatus status) {
  switch (status) {
    case FeatureStatus::kOk: return "32";
    case FeatureStatus::kMissing: return "1;31";
    case FeatureStatus::kUnverifiable: return "33";
    case FeatureStatus::kSkipped: return "2";
    case FeatureStatus::kError: return "31";
  }
  return "0";
}

std::string status_word(const engine::FeatureResult& feature) {
  if (feature.status == FeatureStatus::kMissing && feature.optional) return "warning";
  switch (feature.status) {
    case FeatureStatus::kOk: return "ok";
    case FeatureStatus::kMissing: return "MISSING";
    case FeatureStatus::kUnverifiable: return "unverified";
    case FeatureStatus::kSkipped: return "skipped";
    case FeatureStatus::kError: return "error";
  }
  return "?";
}

constexpr std::size_t kStatusWidth = 12;  // "unverified" and two spaces

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(const RenderOptions& options) : style_{options.color} {}

  std::string render(const engine::Report& report) const override {
    std::string out;
    for (const auto& provider : report.providers) out += provider_line(provider);
    if (!report.providers.empty()) out += '\n';
    const std::size_t width = name_width(report);
    const bool several_providers = report.providers.size() > 1;
    for (const auto& feature : report.features) out += feature_block(report, feature, width, several_providers);
    out += provider_footnotes(report);
    out += '\n' + headline(report);
    for (const std::string& line : secondary_lines(report)) out += "  " + line + '\n';
    return out;
  }

 private:
  static std::size_t name_width(const engine::Report& report) {
    std::size_t width = 8;
    for (const auto& feature : report.features) width = std::max(width, feature.name.size() + 2);
    return std::min<std::size_t>(width, 32);
  }

  std::string provider_line(const engine::ProviderResult& provider) const {
    std::vector<std::string> facts;
    // What the token turned out to be, and where it was checked (GitHub: "fine-grained token on acme/app").
    if (!provider.token_kind.empty())
      facts.push_back(provider.token_kind + " token" + (provider.resource.empty() ? "" : " on " + provider.resource));
    if (provider.key_name || provider.key_prefix) {
      std::string key = provider.key_name ? util::quoted(*provider.key_name) : "";
      if (provider.key_prefix) key += (key.empty() ? "" : " ") + std::string("(") + *provider.key_prefix + "...)";
      facts.push_back("key " + key);
    }
    if (provider.account) facts.push_back("account " + *provider.account);
    if (provider.status == ProviderStatus::kOk || provider.status == ProviderStatus::kOffline) {
      if (provider.scopes_listed) facts.push_back(util::plural(provider.granted.size(), "scope", "scopes") + " granted");
      if (provider.expires_at) facts.push_back("expires " + util::format_timestamp(*provider.expires_at));
      else if (provider.expiry_known) facts.push_back("never expires");
    }
    facts.push_back("from " + provider.source);
    const std::string title = provider.name == provider.preset ? provider.name : provider.name + " (" + provider.preset + ")";
    std::string line = style_.paint(title, "1") + ": " + util::join(facts, ", ") + '\n';
    if (provider.status == ProviderStatus::kTokenRejected)
      line += "  " + style_.paint("token rejected", "1;31") + ": " + provider.error + '\n';
    if (provider.status == ProviderStatus::kError)
      line += "  " + style_.paint("could not ask", "31") + ": " + provider.error + '\n';
    const bool answered = provider.status == ProviderStatus::kOk || provider.status == ProviderStatus::kOffline;
    if (answered && !provider.scope_claims.empty())
      line += "  scopes from claims " + util::join(provider.scope_claims, ", ") + '\n';
    if (!provider.scopes_listed && !provider.unverifiable_reason.empty() && answered)
      line += "  scopes not listed: " + provider.unverifiable_reason + '\n';
    for (const std::string& note : provider.notes) line += "  note: " + note + '\n';
    return line;
  }

  std::string feature_block(const engine::Report& report, const engine::FeatureResult& feature, std::size_t width,
                            bool several_providers) const {
    std::string out = "  " + style_.paint(pad(status_word(feature), kStatusWidth), status_color(feature.status)) +
                      pad(feature.name, width);
    std::string detail = feature.description;
    if (feature.status == FeatureStatus::kSkipped) detail = "when: " + feature.reason;
    if (several_providers) detail = "[" + feature.provider + "] " + detail;
    out += detail;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    const std::string indent(2 + kStatusWidth + width, ' ');
    for (const engine::ScopeFinding& missing : feature.missing)
      out += indent + "missing: " + missing.scope + label_suffix(report, missing) + '\n';
    for (const engine::ScopeFinding& unverifiable : feature.unverifiable)
      out += indent + "unverifiable: " + unverifiable.scope + '\n';
    // The provider's reason is said once, on its own line, not under every feature.
    const auto* provider = report.find_provider(feature.provider);
    const bool said_above = provider && (feature.reason == provider->unverifiable_reason || feature.reason == provider->error);
    if ((feature.status == FeatureStatus::kError || feature.status == FeatureStatus::kUnverifiable) &&
        !feature.reason.empty() && !said_above)
      out += indent + "why: " + feature.reason + '\n';
    if (!feature.hint.empty() && (feature.status == FeatureStatus::kMissing || feature.status == FeatureStatus::kUnverifiable))
      out += indent + "hint: " + feature.hint + '\n';
    if (!feature.fix.empty()) out += indent + "fix: " + feature.fix + '\n';
    return out;
  }

  std::string provider_footnotes(const engine::Report& report) const {
    std::string out;
    for (const auto& provider : report.providers) {
      if (provider.excess.empty()) continue;
      out += "\n  " + style_.paint("excess", "33") + " on " + provider.name + ": " + util::join(provider.excess, ", ") +
             " (granted, but no checked feature needs " + (provider.excess.size() == 1 ? "it" : "them") + ")\n";
    }
    return out;
  }

  std::string headline(const engine::Report& report) const {
    const char* color = report.exit_code == engine::kExitOk             ? "1;32"
                        : report.exit_code == engine::kExitUnverifiable ? "1;33"
                                                                        : "1;31";
    return style_.paint(summary_line(report), color) + '\n';
  }

  Style style_;
};
}  // namespace

std::unique_ptr<Reporter> create_text_reporter(const RenderOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace scopegate::report
