// The explicit preset table: each preset is one file (providers/<name>.cpp)
// and one entry in this list, in the order `scopegate help` and `init --help` show them.
#include <algorithm>

#include "providers/presets.h"
#include "providers/provider.h"

namespace scopegate::providers {

const std::vector<PresetInfo>& preset_table() {
  static const std::vector<PresetInfo> table{
      sonar_preset(),    socket_preset(),  github_preset(),      gitlab_preset(),    slack_preset(),
      oauth2_preset(),   jwt_preset(),     generic_preset(),     vault_preset(),     gcp_preset(),
      aws_preset(),      kubernetes_preset(),
      sentry_preset(),   shopify_preset(), sendgrid_preset(),    fastly_preset(),    huggingface_preset(),
      bitbucket_preset(), cloudflare_preset(),
      pypi_preset(),     dockerhub_preset(),
  };
  return table;
}

const PresetInfo* find_preset(std::string_view name) {
  const auto& table = preset_table();
  const auto found = std::find_if(table.begin(), table.end(),
                                  [&](const PresetInfo& preset) { return preset.name == name; });
  return found == table.end() ? nullptr : &*found;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const PresetInfo& preset : preset_table()) names.emplace_back(preset.name);
  return names;
}

scope::Vocabulary build_vocabulary(const PresetInfo& preset, const manifest::ProviderSpec& spec) {
  scope::Vocabulary vocabulary(preset.vocabulary());
  vocabulary.set_grant_rule(preset.grant_rule);
  if (spec.wildcards) vocabulary.set_wildcard_separator(spec.wildcards->value);
  for (const manifest::Implication& implication : spec.implies)
    for (const manifest::Text& included : implication.includes)
      vocabulary.add_implication(implication.scope.value, included.value);
  return vocabulary;
}

}  // namespace scopegate::providers
