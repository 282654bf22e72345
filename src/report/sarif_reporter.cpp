// --format sarif: SARIF 2.1.0, so code scanning shows each finding on the
// manifest line that causes it. Rules: missing-scope, unverifiable-scope,
// excess-scope, token-expiring.
#include <boost/json.hpp>
#include <string_view>

#include "report/reporter.h"
#include "report/summary.h"
#include "scopegate_version.h"
#include "util/json_writer.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::report {

namespace json = boost::json;

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

json::object rule_object(const Rule& rule) {
  return json::object{{"id", rule.id},
                      {"name", rule.name},
                      {"shortDescription", {{"text", rule.summary}}},
                      {"fullDescription", {{"text", rule.summary}}},
                      {"help", {{"text", rule.help}}},
                      {"defaultConfiguration", {{"level", rule.level}}}};
}

// SARIF wants a URI; a relative manifest path is relative to the checkout.
// Every byte a URI path cannot hold as it is (RFC 3986: space, '%', '#', '?',
// ':' that would read as a scheme, non-ASCII, ...) is percent-encoded.
std::string artifact_uri(const std::string& path) {
  std::string_view rest = path;
  if (rest.starts_with("./")) rest.remove_prefix(2);
  std::string encoded = path.starts_with("/") ? "file://" : "";
  for (char c : rest) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                       std::string_view("-._~/!$&'()*+,;=@").find(c) != std::string_view::npos;
    if (plain) {
      encoded += c;
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

json::object location(const engine::Report& report, manifest::Location where) {
  json::object region{{"startLine", std::max(where.line, 1)}};
  if (where.column > 0) region["startColumn"] = where.column;
  return json::object{{"physicalLocation",
                       {{"artifactLocation", {{"uri", artifact_uri(report.manifest_path)}}}, {"region", region}}}};
}

json::object result(const engine::Report& report, const char* rule, const char* level, const std::string& message,
                    manifest::Location where, const std::string& fingerprint) {
  return json::object{{"ruleId", rule},
                      {"level", level},
                      {"message", {{"text", message}}},
                      {"locations", json::array{location(report, where)}},
                      {"partialFingerprints", {{"scopegate/v1", fingerprint}}}};
}

void add_feature_results(const engine::Report& report, json::array& results) {
  for (const auto& feature : report.features) {
    for (std::size_t i = 0; i < feature.missing.size(); ++i) {
      std::string label;
      for (const auto& entry : report.missing)
        if (entry.provider == feature.provider && entry.scope == feature.missing[i] && entry.label) label = *entry.label;
      std::string message = "Feature '" + feature.name + "' needs " + feature.missing[i] +
                            (label.empty() ? "" : " (" + label + ")") + ", which the " + feature.provider +
                            " token does not have.";
      if (!feature.hint.empty()) message += " Hint: " + feature.hint;
      if (!feature.fix.empty()) message += " Fix: " + feature.fix + ".";
      results.push_back(result(report, "missing-scope", feature.optional ? "warning" : "error", message,
                               feature.missing_at.at(i), feature.provider + "/" + feature.name + "/" + feature.missing[i]));
    }
    for (std::size_t i = 0; i < feature.unverifiable.size(); ++i) {
      const std::string message = "Feature '" + feature.name + "' needs " + feature.unverifiable[i] +
                                  ", which cannot be verified: " + feature.reason;
      results.push_back(result(report, "unverifiable-scope", "warning", message, feature.unverifiable_at.at(i),
                               feature.provider + "/" + feature.name + "/" + feature.unverifiable[i]));
    }
  }
}

void add_provider_results(const engine::Report& report, json::array& results) {
  for (const auto& provider : report.providers) {
    for (const std::string& scope : provider.excess)
      results.push_back(result(report, "excess-scope", report.fail_on_excess ? "error" : "note",
                               "The " + provider.name + " token has " + scope + ", which no checked feature needs.",
                               provider.where, provider.name + "/excess/" + scope));
    if (provider.expiring_soon && provider.expires_at) {
      const bool failed = provider.ttl_ok == std::optional<bool>(false);
      results.push_back(result(report, "token-expiring", failed ? "error" : "warning",
                               "The " + provider.name + " token expires " + util::format_timestamp(*provider.expires_at) +
                                   (failed ? ", sooner than --min-ttl " + report.min_ttl.value_or("") : "") + ".",
                               provider.where, provider.name + "/expiry"));
    }
  }
}

class SarifReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    json::array rules;
    for (const Rule& rule : kRules) rules.push_back(rule_object(rule));
    json::array results;
    add_feature_results(report, results);
    add_provider_results(report, results);
    json::object driver{{"name", "scopegate"},
                        {"version", SCOPEGATE_VERSION},
                        {"semanticVersion", SCOPEGATE_VERSION},
                        {"rules", std::move(rules)}};
    json::object run{{"tool", {{"driver", std::move(driver)}}},
                     {"artifacts", json::array{json::object{{"location", {{"uri", artifact_uri(report.manifest_path)}}}}}},
                     // A provider that rejected the token or could not be asked: the check did not complete.
                     {"invocations", json::array{json::object{{"executionSuccessful", report.exit_code != 3 && report.exit_code != 4},
                                                              {"exitCode", report.exit_code},
                                                              {"exitCodeDescription", summary_line(report)}}}},
                     {"results", std::move(results)}};
    json::object root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", json::array{std::move(run)}}};
    return util::to_pretty_json(root);
  }
};
}  // namespace

std::unique_ptr<Reporter> create_sarif_reporter(const RenderOptions&) { return std::make_unique<SarifReporter>(); }

}  // namespace scopegate::report
