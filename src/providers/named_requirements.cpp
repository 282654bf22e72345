// A feature may name what a tool's own table says it needs (socket-cli's
// commands) instead of the scopes: the preset's RequirementSource reads the
// table, and this turns each name into its scopes, said where it was written.
#include "providers/named_requirements.h"

#include <map>
#include <unordered_map>

#include "providers/provider.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
using manifest::ScopeRef;

struct LoadedTable {
  std::optional<RequirementTable> table;  // nullopt: it could not be read (said once)
  std::unordered_map<std::string, const std::vector<std::string>*> index;
  std::vector<std::string> names;  // in the table's order, for "did you mean"
};

// "preset socket", or "presets a and b": the presets whose source reads `key`.
std::string presets_reading(std::string_view key) {
  std::vector<std::string> names;
  for (const PresetInfo& preset : preset_table())
    if (preset.requirement_source && preset.requirement_source->key == key) names.emplace_back(preset.name);
  return (names.size() == 1 ? "preset " : "presets ") + util::join(names, " and ");
}

class Expander {
 public:
  Expander(const manifest::Manifest& manifest, const util::FileSystem* files, const util::Environment* environment,
           manifest::Diagnostics& diagnostics)
      : manifest_(manifest), files_(files), environment_(environment), diagnostics_(diagnostics) {}

  void expand(manifest::FeatureSpec& feature, const manifest::NamedRequirement& named) {
    const manifest::ProviderSpec* provider = manifest_.find_provider(feature.provider.value);
    const PresetInfo* preset = provider ? find_preset(provider->preset.value) : nullptr;
    if (!preset) return;  // an unknown provider or preset: said where it is named
    const RequirementSource* source = preset->requirement_source;
    if (!source || source->key != named.source.value) {
      diagnostics_.error(named.source.where, util::quoted(named.source.value) + " is read by " +
                                                 presets_reading(named.source.value) + " only; feature " +
                                                 util::quoted(feature.name) + " uses provider " +
                                                 util::quoted(provider->name) + ", which is preset " +
                                                 std::string(preset->name));
      return;
    }
    const LoadedTable& loaded = table_for(*provider, *source, named.source.where);
    if (!loaded.table) return;
    for (const ScopeRef& name : named.names) add_scopes(*source, loaded, name, feature.requires_.all);
  }

 private:
  const LoadedTable& table_for(const manifest::ProviderSpec& provider, const RequirementSource& source,
                               manifest::Location where) {
    const auto known = tables_.find(provider.name);
    if (known != tables_.end()) return known->second;
    LoadedTable& loaded = tables_[provider.name];
    std::string error;
    if (files_ && environment_) {
      loaded.table = source.load({provider, manifest_.path, *files_, *environment_}, &error);
    } else {
      error = std::string(source.noun) + "s need their table, which this run does not read";
    }
    if (!loaded.table) {
      diagnostics_.error(where, error);
      return loaded;
    }
    for (const auto& [name, scopes] : loaded.table->entries) {
      if (loaded.index.emplace(name, &scopes).second) loaded.names.push_back(name);
    }
    return loaded;
  }

  void add_scopes(const RequirementSource& source, const LoadedTable& loaded, const ScopeRef& name,
                  std::vector<ScopeRef>& all) {
    const auto found = loaded.index.find(name.scope);
    if (found == loaded.index.end()) {
      diagnostics_.error(name.where, "unknown " + std::string(source.noun) + " " + util::quoted(name.scope) +
                                         util::did_you_mean(name.scope, loaded.names) + " (" + loaded.table->path +
                                         " lists " + std::to_string(loaded.names.size()) + ")");
      return;
    }
    for (const std::string& scope : *found->second) add_scope(all, scope, name, source.key);
  }

  // Once per feature: a scope the manifest wrote itself stays as written; one
  // that several names need says all of them.
  static void add_scope(std::vector<ScopeRef>& all, const std::string& scope, const ScopeRef& name,
                        std::string_view key) {
    for (ScopeRef& ref : all) {
      if (ref.scope != scope) continue;
      if (!ref.origin.empty()) ref.origin += ", " + name.scope;
      return;
    }
    all.push_back({scope, name.where, std::string(key) + " " + name.scope});
  }

  const manifest::Manifest& manifest_;
  const util::FileSystem* files_;
  const util::Environment* environment_;
  manifest::Diagnostics& diagnostics_;
  std::map<std::string, LoadedTable> tables_;  // per provider
};
}  // namespace

std::vector<std::string> requirement_source_keys() {
  std::vector<std::string> keys;
  for (const PresetInfo& preset : preset_table())
    if (preset.requirement_source) keys.emplace_back(preset.requirement_source->key);
  return keys;
}

void expand_named_requirements(manifest::Manifest& manifest, const util::FileSystem* files,
                               const util::Environment* environment, manifest::Diagnostics& diagnostics) {
  Expander expander(manifest, files, environment, diagnostics);
  for (manifest::FeatureSpec& feature : manifest.features)
    for (const manifest::NamedRequirement& named : feature.requires_.named) expander.expand(feature, named);
}

}  // namespace scopegate::providers
