// --format json: schema scopegate/report/v1 (see contract.md). Fields may be
// added; none of the contract's may go or change meaning. Written as a stream:
// a 10,000-feature report costs its text, not a document tree.
#include "report/json_fields.h"
#include "report/reporter.h"
#include "report/summary.h"
#include "util/time.h"

namespace scopegate::report {

namespace {
std::optional<std::string> non_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

void write_key(util::JsonStream& json, const engine::ProviderResult& provider) {
  json.key("key");
  if (!provider.key_name && !provider.key_prefix && !provider.account) {
    json.null();
    return;
  }
  json.begin_object();
  json.field("name", provider.key_name);
  json.field("prefix", provider.key_prefix);
  if (provider.account) json.field("account", *provider.account);
  json.end_object();
}

// "granted_by": {"export:reports": "permissions"}: which claim granted each
// scope, for claim-based presets (jwt, oauth2); null for the others.
void write_granted_by(util::JsonStream& json, const engine::ProviderResult& provider) {
  json.key("granted_by");
  if (provider.scope_claims.empty()) {
    json.null();
    return;
  }
  json.begin_object();
  for (const auto& [scope, claim] : provider.granted_by) json.field(scope, claim);
  json.end_object();
}

void write_feature(util::JsonStream& json, const engine::FeatureResult& feature) {
  json.begin_object();
  json.field("name", feature.name);
  json.field("provider", feature.provider);
  json.field("status", engine::to_string(feature.status));
  json.field("optional", feature.optional);
  json.field("description", non_empty(feature.description));
  json.field("required", feature.required);
  json.field("missing", engine::scope_names(feature.missing));
  json.field("unverifiable", engine::scope_names(feature.unverifiable));
  json.field("hint", non_empty(feature.hint));
  json.field("fix", non_empty(feature.fix));
  json.field("reason", non_empty(feature.reason));
  json.field("line", feature.where.line);
  json.end_object();
}

void write_missing(util::JsonStream& json, const engine::MissingScope& missing) {
  json.begin_object();
  json.field("provider", missing.provider);
  json.field("scope", missing.scope);
  json.field("label", missing.label);
  json.field("features", missing.features);
  json.field("optional", missing.optional);
  json.field("line", missing.where.line);
  json.field("column", missing.where.column);
  json.field("fix", non_empty(missing.fix));
  json.end_object();
}

class JsonReporter final : public Reporter {
 public:
  std::string render(const engine::Report& report) const override {
    std::string out;
    util::JsonStream json(&out);
    json.begin_object();
    json.field("schema", "scopegate/report/v1");
    json.field("ok", report.ok());
    json.field("exit_code", report.exit_code);
    json.field("manifest", report.manifest_path);
    json.key("providers");
    json.begin_array();
    for (const auto& provider : report.providers) write_provider(json, provider);
    json.end_array();
    json.key("features");
    json.begin_array();
    for (const auto& feature : report.features) write_feature(json, feature);
    json.end_array();
    json.key("missing");
    json.begin_array();
    for (const auto& entry : report.missing) write_missing(json, entry);
    json.end_array();
    json.field("failures", report.failures);
    json.field("unverified", report.unverified);
    json.field("summary", summary_line(report));
    json.end_object();
    json.finish();
    return out;
  }
};
}  // namespace

void write_provider(util::JsonStream& json, const engine::ProviderResult& provider) {
  json.begin_object();
  json.field("name", provider.name);
  json.field("preset", provider.preset);
  json.field("status", engine::to_string(provider.status));
  json.field("error", non_empty(provider.error));
  json.field("source", provider.source);
  // Where a preset tells kinds of token apart (GitHub): which one this is,
  // what it was checked on, and the file and line its fix belongs at.
  if (!provider.token_kind.empty()) json.field("token_kind", provider.token_kind);
  if (!provider.resource.empty()) json.field("resource", provider.resource);
  if (provider.fix_location) {
    json.key("fix_location");
    json.begin_object();
    json.field("file", provider.fix_location->path);
    json.field("line", provider.fix_location->where.line);
    json.field("column", provider.fix_location->where.column);
    json.end_object();
  }
  write_key(json, provider);
  json.field("expires_at", provider.expires_at ? std::optional<std::string>(util::format_timestamp(*provider.expires_at))
                                               : std::nullopt);
  if (provider.ttl_ok) json.field("ttl_ok", *provider.ttl_ok);
  if (provider.required_key_prefix) json.field("required_key_prefix", *provider.required_key_prefix);
  if (provider.key_prefix_ok) json.field("key_prefix_ok", *provider.key_prefix_ok);
  json.field("scopes_listed", provider.scopes_listed);
  json.field("granted", provider.granted);
  write_granted_by(json, provider);
  json.field("excess", provider.excess);
  json.field("unverifiable", provider.unverifiable);
  json.field("unverifiable_reason", non_empty(provider.unverifiable_reason));
  json.field("token_page", non_empty(provider.token_page));
  json.field("fix", non_empty(provider.fix));
  json.field("notes", provider.notes);
  json.end_object();
}

std::unique_ptr<Reporter> create_json_reporter(const RenderOptions&) { return std::make_unique<JsonReporter>(); }

}  // namespace scopegate::report
