// --format sarif: SARIF 2.1.0, so code scanning shows each finding on the
// manifest line that causes it. Rules: missing-scope, unverifiable-scope,
// excess-scope, token-expiring.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "engine/exit_code.h"
#include "report/missing_entry.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "scopegate_version.h"
#include "util/json_stream.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

namespace {
struct Rule {
  const char* id;
  const char* name;
  const char* summary;
  const char* help;
  const char* level;
};

constexpr Rule kRules[] = {
    {"missing-scope", "MissingScope", "A feature needs a scope the token does not have.",
     "Add the scope to the token at the provider's token page, or change the feature's requires.", "error"},
    {"unverifiable-scope", "UnverifiableScope", "The provider cannot say whether the token has a required scope.",
     "Use a token type whose scopes the provider lists, or add a probe that proves the scope.", "warning"},
    {"excess-scope", "ExcessScope", "The token has a scope that no checked feature needs.",
     "Remove the scope from the token (least privilege), or run with the features that need it.", "note"},
    {"token-expiring", "TokenExpiring", "The token expires soon.",
     "Rotate the token before it expires; --min-ttl makes this fail the check.", "warning"},
};

void write_rule(util::JsonStream& json, const Rule& rule) {
  json.begin_object();
  json.field("id", rule.id);
  json.field("name", rule.name);
  for (const char* key : {"shortDescription", "fullDescription"}) {
    json.key(key);
    json.begin_object();
    json.field("text", rule.summary);
    json.end_object();
  }
  json.key("help");
  json.begin_object();
  json.field("text", rule.help);
  json.end_object();
  json.key("defaultConfiguration");
  json.begin_object();
  json.field("level", rule.level);
  json.end_object();
  json.end_object();
}

// SARIF wants a URI; a relative manifest path is relative to the checkout.
// Bytes a URI path cannot hold as they are get percent-encoded.
std::string artifact_uri(const std::string& path) {
  std::string uri = path.starts_with("/") ? "file://" + path : path;
  if (uri.starts_with("./")) uri.erase(0, 2);
  const std::size_t scheme_end = uri.starts_with("file://") ? 7 : 0;
  std::string encoded = uri.substr(0, scheme_end);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = scheme_end; i < uri.size(); ++i) {
    const auto c = static_cast<unsigned char>(uri[i]);
    const bool plain = std::isalnum(c) || std::strchr("-._~/!$&'()*+=@", static_cast<char>(c)) != nullptr;
    // A ':' in the first segment of a relative path would read as a scheme.
    const bool colon_ok = c == ':' && (scheme_end > 0 || uri.find('/') < i);
    if (plain || colon_ok) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return encoded;
}

struct Finding {
  const char* rule;
  const char* level;
  std::string message;
  manifest::Location where;
  std::string fingerprint;
};

// "level", "message" and "locations": what a result and a notification share.
void write_message_at(util::JsonStream& json, const std::string& uri, const Finding& finding) {
  json.field("level", finding.level);
  json.key("message");
  json.begin_object();
  json.field("text", finding.message);
  json.end_object();
  json.key("locations");
  json.begin_array();
  json.begin_object();
  json.key("physicalLocation");
  json.begin_object();
  json.key("artifactLocation");
  json.begin_object();
  json.field("uri", uri);
  json.end_object();
  json.key("region");
  json.begin_object();
  json.field("startLine", std::max(finding.where.line, 1));
  if (finding.where.column > 0) json.field("startColumn", finding.where.column);
  json.end_object();
  json.end_object();
  json.end_object();
  json.end_array();
}

void write_result(util::JsonStream& json, const std::string& uri, const Finding& finding) {
  json.begin_object();
  json.field("ruleId", finding.rule);
  write_message_at(json, uri, finding);
  json.key("partialFingerprints");
  json.begin_object();
  json.field("scopegate/v1", finding.fingerprint);
  json.end_object();
  json.end_object();
}

std::vector<Finding> feature_findings(const engine::Report& report) {
  std::vector<Finding> findings;
  for (const auto& feature : report.features) {
    for (const engine::ScopeFinding& missing : feature.missing) {
      findings.push_back({"missing-scope", feature.optional ? "warning" : "error",
                          missing_scope_message(report, feature, missing,
                                                ", which the " + feature.provider + " token does not have."),
                          missing.where, feature.provider + "/" + feature.name + "/" + missing.scope});
    }
    for (const engine::ScopeFinding& unverifiable : feature.unverifiable)
      findings.push_back({"unverifiable-scope", "warning",
                          "Feature '" + feature.name + "' needs " + unverifiable.scope +
                              ", which cannot be verified: " + feature.reason,
                          unverifiable.where, feature.provider + "/" + feature.name + "/" + unverifiable.scope});
  }
  return findings;
}

std::vector<Finding> provider_findings(const engine::Report& report) {
  std::vector<Finding> findings;
  for (const auto& provider : report.providers) {
    for (const std::string& scope : provider.excess)
      findings.push_back({"excess-scope", report.fail_on_excess ? "error" : "note",
                          "The " + provider.name + " token has " + scope + ", which no checked feature needs.",
                          provider.where, provider.name + "/excess/" + scope});
    if (provider.expiring_soon && provider.expires_at) {
      const bool failed = provider.ttl_ok == std::optional<bool>(false);
      findings.push_back({"token-expiring", failed ? "error" : "warning",
                          "The " + provider.name + " token expires " + util::format_timestamp(*provider.expires_at) +
                              (failed ? ", sooner than --min-ttl " + report.min_ttl.value_or("") : "") + ".",
                          provider.where, provider.name + "/expiry"});
    }
  }
  return findings;
}

// The providers whose answer is missing from the results.
std::string as_sentence(std::string text) {
  if (!text.ends_with(".")) text += '.';
  return text;
}

std::vector<Finding> provider_failures(const engine::Report& report) {
  std::vector<Finding> failures;
  for (const auto& provider : report.providers) {
    const std::string consequence = " Its features were not checked: these results are incomplete.";
    if (provider.status == engine::ProviderStatus::kTokenRejected)
      failures.push_back({"token-rejected", "error",
                          "Provider '" + provider.name + "' rejected the token: " + as_sentence(provider.error) + consequence,
                          provider.where, provider.name + "/rejected"});
    if (provider.status == engine::ProviderStatus::kError)
      failures.push_back({"provider-error", "error",
                          "Could not ask provider '" + provider.name + "': " + as_sentence(provider.error) + consequence,
                          provider.where, provider.name + "/error"});
  }
  return failures;
}

// A SARIF notification: level, message, and where the provider is defined.
void write_notification(util::JsonStream& json, const std::string& uri, const Finding& failure) {
  json.begin_object();
  write_message_at(json, uri, failure);
  json.end_object();
}

void write_tool(util::JsonStream& json) {
  json.key("tool");
  json.begin_object();
  json.key("driver");
  json.begin_object();
  json.field("name", "scopegate");
  json.field("version", SCOPEGATE_VERSION);
  json.field("semanticVersion", SCOPEGATE_VERSION);
  json.key("rules");
  json.begin_array();
  for (const Rule& rule : kRules) write_rule(json, rule);
  json.end_array();
  json.end_object();
  json.end_object();
}

class SarifReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    const std::string uri = artifact_uri(report.manifest_path);
    std::string out;
    util::JsonStream json(&out);
    json.begin_object();
    json.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    json.field("version", "2.1.0");
    json.key("runs");
    json.begin_array();
    json.begin_object();
    write_tool(json);
    json.key("artifacts");
    json.begin_array();
    json.begin_object();
    json.key("location");
    json.begin_object();
    json.field("uri", uri);
    json.end_object();
    json.end_object();
    json.end_array();
    json.key("invocations");
    json.begin_array();
    json.begin_object();
    // A provider that rejected the token or could not be asked: the check did
    // not complete, and its features have no results. Said so, so that a
    // reader (code scanning) does not take the missing results for fixed alerts.
    const std::vector<Finding> failures = provider_failures(report);
    json.field("executionSuccessful", failures.empty() && report.exit_code != engine::kExitRejected &&
                                              report.exit_code != engine::kExitProviderError);
    json.field("exitCode", report.exit_code);
    json.field("exitCodeDescription", summary_line(report));
    if (!failures.empty()) {
      json.key("toolExecutionNotifications");
      json.begin_array();
      for (const Finding& failure : failures) write_notification(json, uri, failure);
      json.end_array();
    }
    json.end_object();
    json.end_array();
    json.key("results");
    json.begin_array();
    for (const Finding& finding : feature_findings(report)) write_result(json, uri, finding);
    for (const Finding& finding : provider_findings(report)) write_result(json, uri, finding);
    json.end_array();
    json.end_object();
    json.end_array();
    json.end_object();
    json.finish();
    return out;
  }
};
}  // namespace

std::unique_ptr<Reporter> create_sarif_reporter(const RenderOptions&) { return std::make_unique<SarifReporter>(); }

}  // namespace scopegate::report
