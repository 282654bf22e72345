// The presets answer the loader's questions from the preset table: which
// presets exist, which keys each reads, what each needs of a provider
// (PresetInfo::manifest_rules among it), and, once the manifest is parsed,
// the credential origins of literal URLs and the scope names each vocabulary
// knows.
#include "providers/manifest_rules.h"

#include <algorithm>
#include <unordered_map>

#include "net/credential_route.h"
#include "net/url.h"
#include "providers/named_requirements.h"
#include "providers/provider.h"
#include "scope/vocabulary.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// "sonar, and generic with key_prefix:": the presets whose answers name a
// key's prefix, from the table; one that reads it only where the manifest
// says (its own key_prefix:) is named with it.
std::string key_prefix_presets() {
  std::vector<std::string> names;
  for (const PresetInfo& preset : preset_table()) {
    if (!preset.reports_key_prefix) continue;
    const bool told = std::find(preset.own_keys.begin(), preset.own_keys.end(), "key_prefix") != preset.own_keys.end();
    names.push_back(std::string(preset.name) + (told ? " with key_prefix:" : ""));
  }
  if (names.size() < 2) return util::join(names, "");
  const std::string last = names.back();
  names.pop_back();
  return util::join(names, ", ") + ", and " + last;
}

using manifest::Diagnostics;
using manifest::Manifest;
using manifest::ProviderSpec;

struct NamedUrl {
  const manifest::Text* url;
  std::string what;
};

// A URL whose origin is written out: "https://host/${PATH}" qualifies, "${BASE}/x" does not.
std::optional<std::string> literal_url(const manifest::Text& url) {
  const std::string& raw = url.value;
  const std::size_t variable = raw.find("${");
  if (variable == std::string::npos) return raw;
  const std::size_t scheme = raw.find("://");
  if (scheme == std::string::npos || scheme > variable) return std::nullopt;
  const std::size_t authority_end = raw.find_first_of("/?#", scheme + 3);
  if (authority_end == std::string::npos || authority_end > variable) return std::nullopt;
  return raw.substr(0, authority_end);
}

// A name a closed vocabulary does not know cannot be granted: an error, with
// the closest known name. Names an open list does not know (it may lag the
// provider) are likely typos: a warning. (The live catalog, when fetched, is
// authoritative: see apply_catalog in engine/evidence.cpp.)
void check_scope_name(const scope::Vocabulary& vocabulary, const manifest::ScopeRef& ref, const std::string& provider,
                      Diagnostics& diagnostics) {
  if (vocabulary.is_known(ref.scope)) return;
  if (vocabulary.is_closed())
    diagnostics.error(ref.where, scope::unknown_scope_message(vocabulary, ref.scope, provider));
  else
    diagnostics.warning(ref.where, scope::unknown_scope_message(vocabulary, ref.scope, provider));
}

// A preset without a scope syntax of its own reads one word per scope:
// "repo read:org" is two scopes written as one.
std::string one_word_problem(std::string_view scope) {
  if (scope.find(' ') == std::string_view::npos) return {};
  return "scope " + util::quoted(scope) + " contains white space; write each scope as its own list item";
}

class TablePresetRules final : public manifest::PresetRules {
 public:
  std::vector<std::string> preset_names() const override { return providers::preset_names(); }

  std::vector<std::string> own_keys(std::string_view preset) const override {
    std::vector<std::string> keys;
    for (const PresetInfo& row : preset_table())
      if (preset.empty() || row.name == preset) keys.insert(keys.end(), row.own_keys.begin(), row.own_keys.end());
    return keys;
  }

  std::vector<std::string> readers_of(std::string_view key) const override {
    std::vector<std::string> readers;
    for (const PresetInfo& row : preset_table())
      if (std::find(row.own_keys.begin(), row.own_keys.end(), key) != row.own_keys.end())
        readers.emplace_back(row.name);
    return readers;
  }

  void check_provider(const ProviderSpec& provider, Diagnostics& diagnostics) const override {
    const PresetInfo* preset = find_preset(provider.preset.value);
    if (!preset) return;
    const std::string name = util::quoted(provider.name);
    if (!provider.token_env && !provider.token_file && preset->default_token_env.empty() &&
        preset->default_token_file.empty())
      diagnostics.error(provider.where, "provider " + name + " needs token_env (the variable holding the token) "
                                        "or token_file");
    if (preset->needs_base_url && !provider.base_url)
      diagnostics.error(provider.where, "provider " + name + " needs base_url (preset " + std::string(preset->name) +
                                            " has no default address)");
    if (preset->manifest_rules) preset->manifest_rules(provider, diagnostics);
    if (provider.require_key_prefix && !preset->reports_key_prefix)
      diagnostics.error(provider.require_key_prefix->where,
                        "preset " + std::string(preset->name) +
                            " does not report a key prefix, so require_key_prefix cannot be checked (presets that "
                            "do: " + key_prefix_presets() + ")");
    if (!preset->uses_network && provider.base_url)
      diagnostics.warning(provider.base_url->where,
                          "preset " + std::string(preset->name) + " reads the token locally; base_url is not used");
  }

  void check_manifest(const Manifest& manifest, Diagnostics& diagnostics) const override {
    // Credentials go only to the provider's own origin: checked here for URLs
    // whose origin is literal, by `check` after ${VAR} expansion for the rest.
    for (const ProviderSpec& provider : manifest.providers) {
      const PresetInfo* preset = find_preset(provider.preset.value);
      if (preset && preset->uses_network)
        check_credential_origins(provider, preset->default_base_url, literal_url, &diagnostics);
    }
    check_scope_names(manifest, diagnostics);
  }

  std::vector<std::string> requirement_sources() const override { return requirement_source_keys(); }

  void expand_requirements(Manifest& manifest, const util::FileSystem* files, const util::Environment* environment,
                           Diagnostics& diagnostics) const override {
    expand_named_requirements(manifest, files, environment, diagnostics);
  }

 private:
  static void check_scope_names(const Manifest& manifest, Diagnostics& diagnostics) {
    std::unordered_map<std::string, scope::Vocabulary> vocabularies;
    std::unordered_map<std::string, ScopeProblem> syntaxes;
    for (const ProviderSpec& provider : manifest.providers)
      if (const PresetInfo* preset = find_preset(provider.preset.value)) {
        vocabularies.emplace(provider.name, build_vocabulary(*preset, provider));
        syntaxes.emplace(provider.name, preset->scope_problem ? preset->scope_problem : &one_word_problem);
      }
    for (const manifest::FeatureSpec& feature : manifest.features) {
      const auto syntax = syntaxes.find(feature.provider.value);
      const auto found = vocabularies.find(feature.provider.value);
      if (syntax == syntaxes.end() || found == vocabularies.end()) continue;  // an unknown provider or preset
      for (const auto* list : {&feature.requires_.all, &feature.requires_.any})
        for (const manifest::ScopeRef& ref : *list) {
          // A requirement source's scopes are its table's words, not the
          // manifest's: no typo of the user's to point at.
          if (!ref.origin.empty()) continue;
          // A scope of the wrong shape is one error, not also an unknown name.
          if (const std::string problem = syntax->second(ref.scope); !problem.empty())
            diagnostics.error(ref.where, problem);
          else if (found->second.has_known_names())
            check_scope_name(found->second, ref, feature.provider.value, diagnostics);
        }
    }
  }
};
}  // namespace

const manifest::PresetRules& preset_rules() {
  static const TablePresetRules rules;
  return rules;
}

void check_credential_origins(const manifest::ProviderSpec& provider, std::string_view default_base_url,
                              const UrlExpander& expand, manifest::Diagnostics* diagnostics) {
  // The anchor: the first of these the provider has decides, even when its
  // value is not known yet (then nothing can be compared).
  std::optional<std::string> anchor;
  std::string anchor_name;
  const manifest::Text* anchor_text = nullptr;
  if (provider.base_url) {
    anchor = expand(*provider.base_url);
    anchor_name = "base_url";
    anchor_text = &*provider.base_url;
  } else if (!default_base_url.empty()) {
    anchor = std::string(default_base_url);
    anchor_name = "the preset's address";
  } else if (provider.request) {
    anchor = expand(provider.request->url);
    anchor_name = "the request url";
    anchor_text = &provider.request->url;
  } else if (provider.introspection_url) {
    anchor = expand(*provider.introspection_url);
    anchor_name = provider.introspection_key;
    anchor_text = &*provider.introspection_url;
  } else {
    for (const manifest::ProbeSpec& probe : provider.probes) {
      const auto url = expand(probe.url);
      if (!url) return;  // the first probe decides, and it is not known yet
      if (!net::has_scheme(*url)) continue;
      anchor = url;
      anchor_name = "the first probe url";
      anchor_text = &probe.url;
      break;
    }
  }
  if (!anchor) return;
  const auto origin = net::url_origin(*anchor);
  if (!origin) return;  // relative or malformed: reported elsewhere, or nothing absolute to compare
  std::vector<NamedUrl> urls;
  if (provider.request) urls.push_back({&provider.request->url, "the request url"});
  for (const manifest::ProbeSpec& probe : provider.probes) urls.push_back({&probe.url, "probe url"});
  for (const NamedUrl& named : urls) {
    if (named.url == anchor_text) continue;
    const auto url = expand(*named.url);
    if (!url || !net::has_scheme(*url)) continue;
    std::string ignored;  // a malformed URL is reported where URLs are parsed
    const auto target = net::parse_url(*url, &ignored);
    if (!target || !net::other_origin_refusal(*origin, *target)) continue;
    diagnostics->error(named.url->where,
                       named.what + " " + *url + " is on another origin (" + target->origin() + ") than " + anchor_name + " (" +
                           *origin + ") of provider " + util::quoted(provider.name) +
                           ", and the token goes only to its provider's origin; write a path relative to base_url, or "
                           "a URL on " + *origin);
  }
}

}  // namespace scopegate::providers
