// --format json: schema scopegate/report/v1 (see contract.md). Fields may be
// added; none of the contract's may go or change meaning.
#include <boost/json.hpp>

#include "report/json_fields.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/json_writer.h"
#include "util/time.h"

namespace scopegate::report {

namespace json = boost::json;

namespace {
json::array strings(const std::vector<std::string>& list) {
  json::array array;
  for (const std::string& item : list) array.emplace_back(item);
  return array;
}

json::value optional_string(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::value non_empty_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::value key_of(const engine::ProviderResult& provider) {
  if (!provider.key_name && !provider.key_prefix && !provider.account) return nullptr;
  json::object key;
  key["name"] = optional_string(provider.key_name);
  key["prefix"] = optional_string(provider.key_prefix);
  if (provider.account) key["account"] = *provider.account;
  return key;
}

}  // namespace

json::object provider_object(const engine::ProviderResult& provider) {
  json::object out;
  out["name"] = provider.name;
  out["preset"] = provider.preset;
  out["status"] = engine::to_string(provider.status);
  out["error"] = non_empty_or_null(provider.error);
  out["source"] = provider.source;
  out["key"] = key_of(provider);
  out["expires_at"] = provider.expires_at ? json::value(util::format_timestamp(*provider.expires_at)) : nullptr;
  if (provider.ttl_ok) out["ttl_ok"] = *provider.ttl_ok;
  out["scopes_listed"] = provider.scopes_listed;
  out["granted"] = strings(provider.granted);
  out["excess"] = strings(provider.excess);
  out["unverifiable"] = strings(provider.unverifiable);
  out["unverifiable_reason"] = non_empty_or_null(provider.unverifiable_reason);
  out["token_page"] = non_empty_or_null(provider.token_page);
  out["fix"] = non_empty_or_null(provider.fix);
  out["notes"] = strings(provider.notes);
  return out;
}

namespace {
json::object feature_object(const engine::FeatureResult& feature) {
  json::object out;
  out["name"] = feature.name;
  out["provider"] = feature.provider;
  out["status"] = engine::to_string(feature.status);
  out["optional"] = feature.optional;
  out["description"] = non_empty_or_null(feature.description);
  out["required"] = strings(feature.required);
  out["missing"] = strings(feature.missing);
  out["unverifiable"] = strings(feature.unverifiable);
  out["hint"] = non_empty_or_null(feature.hint);
  out["fix"] = non_empty_or_null(feature.fix);
  out["reason"] = non_empty_or_null(feature.reason);
  out["line"] = feature.where.line;
  return out;
}

json::object missing_object(const engine::MissingScope& missing) {
  json::object out;
  out["provider"] = missing.provider;
  out["scope"] = missing.scope;
  out["label"] = optional_string(missing.label);
  out["features"] = strings(missing.features);
  out["optional"] = missing.optional;
  out["line"] = missing.where.line;
  out["column"] = missing.where.column;
  return out;
}

class JsonReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    json::object root;
    root["schema"] = "scopegate/report/v1";
    root["ok"] = report.ok();
    root["exit_code"] = report.exit_code;
    root["manifest"] = report.manifest_path;
    json::array providers, features, missing;
    for (const auto& provider : report.providers) providers.push_back(provider_object(provider));
    for (const auto& feature : report.features) features.push_back(feature_object(feature));
    for (const auto& entry : report.missing) missing.push_back(missing_object(entry));
    root["providers"] = std::move(providers);
    root["features"] = std::move(features);
    root["missing"] = std::move(missing);
    root["failures"] = strings(report.failures);
    root["summary"] = summary_line(report);
    return util::to_pretty_json(root);
  }
};
}  // namespace

std::unique_ptr<Reporter> create_json_reporter(const RenderOptions&) { return std::make_unique<JsonReporter>(); }

}  // namespace scopegate::report
