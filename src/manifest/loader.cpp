#include "manifest/loader.h"

#include <stdexcept>
#include <unordered_set>

#include "manifest/node_reader.h"
#include "manifest/parsers.h"
#include "manifest/value_checks.h"
#include "util/expand.h"
#include "util/strings.h"

namespace scopegate::manifest {

namespace {
using NodeId = YamlTree::NodeId;
using Kind = YamlTree::Kind;

const std::vector<std::string> kTopKeys{"version", "providers", "features"};

void parse_version(NodeReader& reader, NodeId node, Manifest* manifest) {
  const auto version = reader.integer(node, "'version'");
  if (!version) return;
  if (*version != 1) {
    reader.error(reader.tree().where(node), "unsupported manifest version " + std::to_string(*version) +
                                                "; this scopegate reads version 1");
    return;
  }
  manifest->version = *version;
}

// The top level: its three sections, then what crosses them (features to
// providers) and the presets' own rules over the whole manifest.
void parse_document(YamlTree& tree, const LoadOptions& options, Manifest* manifest, Diagnostics* diagnostics) {
  NodeReader reader(tree, *diagnostics, manifest->pasted_secrets);
  const NodeId root = tree.root();
  if (tree.kind(root) != Kind::kMap) {
    reader.error(tree.where(root), std::string("the manifest must be a mapping with version, providers "
                                               "and features; found ") +
                                       kind_name(tree.kind(root)));
    return;
  }
  std::unordered_set<std::string> declared_providers;
  bool saw_version = false, saw_providers = false, saw_features = false;
  for (const NodeReader::Entry& entry : reader.entries(root, "the manifest")) {
    if (*entry.key == "version") {
      saw_version = true;
      parse_version(reader, entry.value, manifest);
    } else if (*entry.key == "providers") {
      saw_providers = true;
      parse_providers(reader, *options.presets, entry.value, manifest, &declared_providers);
    } else if (*entry.key == "features") {
      saw_features = true;
      parse_features(reader, *options.presets, options.max_features, entry.value, manifest);
    } else {
      reader.unknown_key(entry, kTopKeys, "at the top level");
    }
  }
  if (!saw_version) reader.error({1, 1}, "missing 'version: 1' at the top of the manifest");
  if (!saw_providers) reader.error({1, 1}, "missing 'providers:'; a manifest names at least one provider");
  if (!saw_features) reader.error({1, 1}, "missing 'features:'; a manifest lists at least one feature");
  resolve_feature_providers(reader, declared_providers, manifest);
  warn_unused_providers(reader, *manifest);
  options.presets->expand_requirements(*manifest, options.files, options.environment, *diagnostics);
  options.presets->check_manifest(*manifest, *diagnostics);
}
}  // namespace

bool parse_manifest(const std::string& path, std::string text, const LoadOptions& options,
                    Manifest* manifest, Diagnostics* diagnostics) {
  if (!options.presets) throw std::invalid_argument("parse_manifest: LoadOptions::presets is required");
  *manifest = Manifest();
  manifest->path = path;
  if (!check_is_text(text, diagnostics)) return false;
  find_pasted_tokens(text, &manifest->pasted_secrets, diagnostics);
  YamlTree tree;
  YamlError yaml_error;
  if (!parse_yaml(text, options.limits, &tree, &yaml_error)) {
    if (const auto tab = tab_in_indentation(text, yaml_error.where.line))
      diagnostics->error(*tab, "YAML indents with spaces; line " + std::to_string(tab->line) +
                                   " starts with a tab (" + yaml_error.message + " at line " +
                                   std::to_string(yaml_error.where.line) + ")");
    else
      diagnostics->error(yaml_error.where, yaml_error.message);
    manifest->source = std::move(text);
    diagnostics->sort_by_location();
    return false;
  }
  parse_document(tree, options, manifest, diagnostics);
  manifest->source = std::move(text);
  diagnostics->sort_by_location();
  return !diagnostics->has_errors();
}

namespace {
struct NamedUrl {
  const Text* url;
  std::string what;
};
}  // namespace

void warn_unset_url_variables(const Manifest& manifest, const util::Environment& environment,
                              Diagnostics* diagnostics) {
  for (const ProviderSpec& provider : manifest.providers) {
    std::vector<NamedUrl> urls;
    if (provider.base_url) urls.push_back({&*provider.base_url, "base_url"});
    if (provider.introspection_url) urls.push_back({&*provider.introspection_url, provider.introspection_key});
    if (provider.org) urls.push_back({&*provider.org, "org"});
    if (provider.token_page) urls.push_back({&*provider.token_page, "token_page"});
    if (provider.request) urls.push_back({&provider.request->url, "the request url"});
    for (const ProbeSpec& probe : provider.probes) urls.push_back({&probe.url, "a probe url"});
    for (const NamedUrl& named : urls) {
      const util::Expansion expansion = util::expand_variables(named.url->value, environment);
      for (const std::string& variable : expansion.undefined)
        diagnostics->warning(named.url->where,
                             named.what + " of provider " + util::quoted(provider.name) + " uses ${" + variable +
                                 "}, which is not set here; check needs it to ask the provider live");
    }
  }
}

bool load_manifest(const std::string& path, const util::FileSystem& file_system,
                   const LoadOptions& options, Manifest* manifest, Diagnostics* diagnostics) {
  std::string text, error;
  // A file-level problem is still FILE:LINE:COL, at 1:1, so that problem
  // matchers and editors that parse the form pick it up like any other.
  constexpr Location kFileLevel{1, 1};
  switch (file_system.read_file(path, options.max_file_bytes, &text, &error)) {
    case util::FileSystem::Status::kOkay: {
      LoadOptions with_files = options;
      if (!with_files.files) with_files.files = &file_system;
      return parse_manifest(path, std::move(text), with_files, manifest, diagnostics);
    }
    case util::FileSystem::Status::kNotFound:
      diagnostics->error(kFileLevel, "cannot read the manifest: no such file");
      return false;
    case util::FileSystem::Status::kTooLarge:
      diagnostics->error(kFileLevel, "the manifest is " + error + "; refusing to load it");
      return false;
    case util::FileSystem::Status::kOtherError:
      diagnostics->error(kFileLevel, "cannot read the manifest: " + error);
      return false;
  }
  return false;
}

}  // namespace scopegate::manifest