// scopegate scopes: what each token has. scopegate catalog: what each preset knows.

#include <algorithm>

#include "cli/app.h"
#include "cli/offline_sources.h"
#include "engine/check.h"
#include "providers/provider.h"
#include "report/json_fields.h"
#include "util/edit_distance.h"
#include "util/json_stream.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::cli {

namespace {
// {"schema": SCHEMA, "providers": [...]}: the envelope of scopes and catalog --format json.
template <typename Item>
std::string providers_json(std::string_view schema, const std::vector<Item>& items,
                           void (*write)(util::JsonStream&, const Item&)) {
  std::string out;
  util::JsonStream json(&out);
  json.begin_object();
  json.field("schema", schema);
  json.key("providers");
  json.begin_array();
  for (const Item& item : items) write(json, item);
  json.end_array();
  json.end_object();
  json.finish();
  return out;
}

bool read_format(Context& context, const ParsedArgs& args, bool* as_json) {
  const std::string format = args.value("format").value_or("text");
  if (format != "text" && format != "json") {
    context.error("unknown format " + util::quoted(format) + util::did_you_mean(format, {"text", "json"}) +
                  "; this command writes text or json");
    return false;
  }
  *as_json = format == "json";
  return true;
}

// The manifest's providers, or the one --provider names.
bool chosen_providers(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest,
                      std::vector<std::string>* names) {
  std::vector<std::string> all;
  for (const manifest::ProviderSpec& spec : manifest.providers) all.push_back(spec.name);
  const auto wanted = args.value("provider");
  if (!wanted) {
    *names = all;
    return true;
  }
  if (!manifest.find_provider(*wanted)) {
    context.error("no provider named " + util::quoted(*wanted) + " in " + manifest.path + util::did_you_mean(*wanted, all));
    return false;
  }
  names->push_back(*wanted);
  return true;
}

std::string scopes_text(const engine::ProviderResult& provider) {
  std::string out = provider.name + " (" + provider.preset + ", from " + provider.source + ")\n";
  if (provider.status == engine::ProviderStatus::kTokenRejected) return out + "  token rejected: " + provider.error + "\n";
  if (provider.status == engine::ProviderStatus::kError) return out + "  could not ask: " + provider.error + "\n";
  if (provider.key_name) out += "  key:     " + *provider.key_name + "\n";
  if (provider.key_prefix) out += "  prefix:  " + *provider.key_prefix + "...\n";
  if (provider.account) out += "  account: " + *provider.account + "\n";
  if (provider.expires_at) out += "  expires: " + util::format_timestamp(*provider.expires_at) + "\n";
  else out += std::string("  expires: ") + (provider.expiry_known ? "never" : "unknown") + "\n";
  if (provider.scopes_listed) {
    out += "  scopes:  " + (provider.granted.empty() ? std::string("(none)") : util::join(provider.granted, ", ")) + "\n";
    if (!provider.scope_claims.empty()) out += "  claims:  " + util::join(provider.scope_claims, ", ") + "\n";
  } else {
    out += "  scopes:  not listed: " + provider.unverifiable_reason + "\n";
  }
  for (const std::string& note : provider.notes) out += "  note:    " + note + "\n";
  return out;
}

int exit_code_of(const std::vector<engine::ProviderResult>& results) {
  int code = kExitOk;
  for (const auto& result : results) {
    if (result.status == engine::ProviderStatus::kTokenRejected) return kExitRejected;
    if (result.status == engine::ProviderStatus::kError) code = kExitProviderError;
  }
  return code;
}
}  // namespace

int run_scopes(Context& context, const ParsedArgs& args) {
  bool as_json = false;
  std::string path;
  std::unique_ptr<net::Transport> transport;
  if (!read_format(context, args, &as_json) || !open_transport(context, args, &transport) ||
      !find_manifest_path(context, args, &path))
    return kExitUsage;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  if (!load_and_report(context, path, &manifest, &diagnostics)) return kExitUsage;
  std::vector<std::string> names;
  engine::OfflineSources offline;
  std::string error;
  if (!chosen_providers(context, args, manifest, &names)) return kExitUsage;
  std::vector<std::string> warnings;
  if (!read_offline_sources(args, manifest, &offline, &error, &warnings)) {
    context.error(error);
    return kExitUsage;
  }
  for (const std::string& warning : warnings) context.warning(warning);
  engine::WantedScopes wanted;
  for (auto& [name, scopes] : engine::all_wanted_scopes(manifest))
    if (std::find(names.begin(), names.end(), name) != names.end()) wanted.emplace_back(name, std::move(scopes));
  engine::LiveSettings live;
  live.probes = !args.has("no-probe");
  live.catalog_misses_are_errors = false;
  engine::System system = make_system(context, args, transport.get());
  engine::Problems problems;
  std::map<std::string, engine::ResolvedProvider> resolved;
  const auto evidence = engine::gather_evidence(manifest, wanted, offline, live, system, &resolved, &problems);
  print_problems(context, manifest, problems);
  if (problems.has_errors()) return kExitUsage;

  std::vector<engine::ProviderResult> results;
  for (const std::string& name : names)
    results.push_back(engine::describe_provider(resolved.at(name), evidence.at(name), context.clock.now()));
  if (as_json) {
    context.print(providers_json("scopegate/scopes/v1", results, &report::write_provider));
  } else {
    for (const auto& result : results) context.print(scopes_text(result));
  }
  return exit_code_of(results);
}

namespace {
struct CatalogEntry {
  std::string name;    // provider name, or the preset's
  std::string preset;
  scope::Vocabulary vocabulary;
  std::string source;  // "live", or why the built-in names are shown
};

void write_catalog(util::JsonStream& json, const CatalogEntry& entry) {
  const scope::Vocabulary& vocabulary = entry.vocabulary;
  json.begin_object();
  json.field("name", entry.name);
  json.field("preset", entry.preset);
  json.field("source", entry.source);
  json.field("wildcards", vocabulary.wildcard_separator());
  json.field("bare_group_grants_members", vocabulary.bare_group_grants_members());
  json.key("scopes");
  json.begin_array();
  for (const auto& [value, label] : vocabulary.known_scopes()) {
    json.begin_object();
    json.field("value", value);
    json.field("label", label.empty() ? std::nullopt : std::optional<std::string>(label));
    json.end_object();
  }
  json.end_array();
  json.field("groups", vocabulary.groups());
  json.key("implies");
  json.begin_object();
  for (const auto& [scope, included] : vocabulary.implications()) json.field(scope, included);
  json.end_object();
  json.end_object();
}

std::string catalog_text(const CatalogEntry& entry) {
  const scope::Vocabulary& vocabulary = entry.vocabulary;
  std::string out = entry.name + " (preset " + entry.preset + ")\n";
  if (!vocabulary.wildcard_separator().empty())
    out += "  wildcards: x" + vocabulary.wildcard_separator() + "* covers every x" +
           vocabulary.wildcard_separator() + "...\n";
  if (vocabulary.bare_group_grants_members())
    out += "  a bare group grants all of its actions (repo covers repo:list)\n";
  if (!vocabulary.has_known_names()) out += "  scopes: open vocabulary (any name the provider uses)\n";
  if (!entry.source.empty()) out += "  from " + entry.source + "\n";
  for (const auto& [value, label] : vocabulary.known_scopes())
    out += "  " + value + (label.empty() ? "" : std::string(value.size() < 30 ? 30 - value.size() : 1, ' ') + label) + "\n";
  if (!vocabulary.groups().empty()) out += "  groups: " + util::join(vocabulary.groups(), ", ") + "\n";
  std::vector<std::string> lines;
  for (const auto& [scope, included] : vocabulary.implications())
    lines.push_back("    " + scope + " includes " + util::join(included, ", "));
  std::sort(lines.begin(), lines.end());
  if (!lines.empty()) out += "  implications:\n" + util::join(lines, "\n") + "\n";
  return out;
}

// Providers that publish a catalog are asked for it when their token is set
// (and --offline is not given); everything else shows the built-in vocabulary.
void fetch_live_catalogs(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest,
                         std::vector<CatalogEntry>* entries) {
  engine::WantedScopes wanted;
  for (CatalogEntry& entry : *entries) {
    const manifest::ProviderSpec& spec = *manifest.find_provider(entry.name);
    const providers::PresetInfo& preset = *providers::find_preset(spec.preset.value);
    if (!preset.has_catalog) continue;
    const std::string variable = spec.token_env ? spec.token_env->value : std::string(preset.default_token_env);
    // The advice fits the run: under --offline the variable would not help.
    if (args.has("offline")) {
      entry.source = "built in (--offline; without it, the provider is asked for its live catalog)";
      continue;
    }
    if (!spec.token_file && !context.environment.get_non_empty(variable)) {
      entry.source = "built in (set " + variable + " to ask the provider for its live catalog)";
      continue;
    }
    wanted.emplace_back(entry.name, std::vector<std::string>{});
  }
  CatalogFetch fetch;
  if (wanted.empty() || !fetch_catalogs(context, args, manifest, wanted, &fetch)) return;
  for (const std::string& problem : fetch.problems.errors) context.warning(problem);
  for (manifest::Diagnostic diagnostic : fetch.problems.diagnostics) {
    if (diagnostic.severity != manifest::Severity::kError) continue;
    diagnostic.severity = manifest::Severity::kWarning;  // the built-in catalog stands in
    context.eprint(manifest::format_diagnostic(manifest.path, diagnostic, manifest.source));
  }
  for (CatalogEntry& entry : *entries) {
    const auto found = fetch.evidence.find(entry.name);
    if (found == fetch.evidence.end()) continue;
    if (found->second.facts.catalog) {
      entry.vocabulary = fetch.resolved.at(entry.name).vocabulary;
      entry.source = "live";
    } else {
      entry.source = "built in (the provider's catalog could not be fetched: " +
                     (found->second.facts.error.empty() ? std::string("no answer") : found->second.facts.error) + ")";
    }
  }
}

bool catalog_entries(Context& context, const ParsedArgs& args, std::vector<CatalogEntry>* entries) {
  if (const auto preset_name = args.value("preset")) {
    const providers::PresetInfo* preset = providers::find_preset(*preset_name);
    if (!preset) {
      context.error("unknown preset " + util::quoted(*preset_name) +
                    util::did_you_mean(*preset_name, providers::preset_names()));
      return false;
    }
    entries->push_back({*preset_name, *preset_name, scope::Vocabulary(preset->vocabulary()), "built in"});
    return true;
  }
  std::string path;
  if (!find_manifest_path(context, args, &path)) return false;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  std::vector<std::string> names;
  if (!load_and_report(context, path, &manifest, &diagnostics) || !chosen_providers(context, args, manifest, &names))
    return false;
  for (const std::string& name : names) {
    const manifest::ProviderSpec& spec = *manifest.find_provider(name);
    const providers::PresetInfo& preset = *providers::find_preset(spec.preset.value);
    entries->push_back({name, spec.preset.value, providers::build_vocabulary(preset, spec), "built in"});
  }
  fetch_live_catalogs(context, args, manifest, entries);
  return true;
}
}  // namespace

int run_catalog(Context& context, const ParsedArgs& args) {
  bool as_json = false;
  std::vector<CatalogEntry> entries;
  if (!read_format(context, args, &as_json) || !catalog_entries(context, args, &entries)) return kExitUsage;
  if (as_json) {
    context.print(providers_json("scopegate/catalog/v1", entries, &write_catalog));
  } else {
    for (const CatalogEntry& entry : entries) context.print(catalog_text(entry));
  }
  return kExitOk;
}

}  // namespace scopegate::cli
