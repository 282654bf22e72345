#include <algorithm>
#include <unordered_set>

#include "manifest/parsers.h"
#include "manifest/value_checks.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::manifest {

namespace {
const std::vector<std::string> kFeatureKeys{"provider", "description", "hint",
                                            "optional", "requires",    "when"};
const std::vector<std::string> kRequirementKeys{"all", "any"};
const std::vector<std::string> kConditionKeys{"env", "env_unset", "equals"};

// Reads one manifest's features: what each requires, and when.
class FeatureParser : public NodeReader {
 public:
  FeatureParser(NodeReader& reader, const PresetRules& presets, std::size_t max_features)
      : NodeReader(reader), max_features_(max_features), sources_(presets.requirement_sources()) {
    requirement_keys_ = kRequirementKeys;
    requirement_keys_.insert(requirement_keys_.end(), sources_.begin(), sources_.end());
  }

  void parse_features(NodeId node, Manifest* manifest) {
    if (!expect_kind(node, Kind::kMap, "'features'")) return;
    if (tree_.children(node).size() / 2 > max_features_) {
      error(tree_.where(node), "'features' lists " + std::to_string(tree_.children(node).size() / 2) +
                                   " features; more than " + std::to_string(max_features_) + " is refused");
      return;
    }
    const auto list = entries(node, "'features'", "feature");
    if (list.empty()) error(tree_.where(node), "'features' is empty; list at least one feature");
    manifest->features.reserve(list.size());
    for (const Entry& entry : list) {
      if (const std::string problem = name_problem(*entry.key); !problem.empty()) {
        error(entry.key_where, "feature name " + util::quoted(*entry.key) + " " + problem);
        continue;
      }
      FeatureSpec feature;
      feature.name = *entry.key;
      feature.where = entry.key_where;
      if (parse_feature(entry.value, &feature)) manifest->features.push_back(std::move(feature));
    }
  }

 private:
  bool parse_feature(NodeId node, FeatureSpec* feature) {
    const std::string owner = "feature " + util::quoted(feature->name);
    if (!expect_kind(node, Kind::kMap, owner)) return false;
    bool has_requires = false;
    for (const Entry& entry : entries(node, owner)) {
      const std::string& key = *entry.key;
      if (key == "provider") {
        if (auto value = non_empty_text(entry.value, "'provider'")) feature->provider = *value;
      } else if (key == "description") {
        if (auto value = text(entry.value, "'description'")) feature->description = value->value;
      } else if (key == "hint") {
        feature->hint = text(entry.value, "'hint'");
      } else if (key == "optional") {
        feature->optional = boolean(entry.value, "'optional'").value_or(false);
      } else if (key == "requires") {
        has_requires = true;
        parse_requirement(entry.value, feature);
      } else if (key == "when") {
        feature->when = parse_condition(entry.value);
      } else {
        unknown_key(entry, kFeatureKeys, "in " + owner);
      }
    }
    if (!has_requires) error(feature->where, owner + " needs 'requires:' (the scopes it uses)");
    return true;
  }

  void parse_requirement(NodeId node, FeatureSpec* feature) {
    const std::string owner = "'requires' of feature " + util::quoted(feature->name);
    Requirement& requirement = feature->requires_;
    std::size_t rejected = 0;
    if (tree_.kind(node) == Kind::kMap) {
      for (const Entry& entry : entries(node, owner)) {
        if (*entry.key == "all") requirement.all = scope_list(entry.value, "'all'", &rejected);
        else if (*entry.key == "any") requirement.any = scope_list(entry.value, "'any'", &rejected);
        else if (is_source(*entry.key)) parse_named(entry, &requirement, &rejected);
        else unknown_key(entry, requirement_keys_, "in 'requires' (use all: or any:)");
      }
    } else if (tree_.kind(node) == Kind::kSequence || tree_.kind(node) == Kind::kScalar) {
      requirement.all = scope_list(node, "'requires'", &rejected);
    } else {
      error(tree_.where(node), owner + " must list scopes, or be a mapping with all: and any:");
      return;
    }
    // An item already reported (an empty or malformed scope) says enough.
    if (requirement.all.empty() && requirement.any.empty() && requirement.named.empty() && rejected == 0)
      error(tree_.where(node), owner + " is empty; a feature needs at least one scope");
  }

  bool is_source(const std::string& key) const {
    return std::find(sources_.begin(), sources_.end(), key) != sources_.end();
  }

  // `socket-cli: [scan:create, fix]`: names the source turns into scopes once
  // the feature's provider is known (PresetRules::expand_requirements).
  void parse_named(const Entry& entry, Requirement* requirement, std::size_t* rejected) {
    const std::string what = util::quoted(*entry.key);
    NamedRequirement named{{*entry.key, entry.key_where}, scope_list(entry.value, what, rejected)};
    if (named.names.empty()) {
      if (*rejected == 0) error(entry.key_where, what + " lists nothing; name at least one");
      ++*rejected;  // said here: not also "requires is empty"
      return;
    }
    requirement->named.push_back(std::move(named));
  }

  std::optional<Condition> parse_condition(NodeId node) {
    if (!expect_kind(node, Kind::kMap, "'when'")) return std::nullopt;
    Condition condition;
    condition.where = tree_.where(node);
    const std::size_t errors_before = diagnostics_.error_count();
    for (const Entry& entry : entries(node, "'when'")) {
      if (*entry.key == "env") condition.env = variable_list(entry.value, "'env'");
      else if (*entry.key == "env_unset") condition.env_unset = variable_list(entry.value, "'env_unset'");
      else if (*entry.key == "equals") condition.equals = text(entry.value, "'equals'");
      else unknown_key(entry, kConditionKeys, "in 'when'");
    }
    if (diagnostics_.error_count() > errors_before) return std::nullopt;  // said at the bad value
    if (condition.env.empty() && condition.env_unset.empty() && !condition.equals) {
      error(condition.where, "'when' needs env, env_unset or equals");
      return std::nullopt;
    }
    if (condition.equals && condition.env.size() != 1) {
      error(condition.equals->where, "'equals' compares one variable: give exactly one 'env' beside it");
      return std::nullopt;
    }
    return condition;
  }


  std::size_t max_features_;
  std::vector<std::string> sources_;           // the presets' requirement sources ("socket-cli")
  std::vector<std::string> requirement_keys_;  // all, any and the sources: the keys `requires:` may hold
};
}  // namespace

void parse_features(NodeReader& reader, const PresetRules& presets, std::size_t max_features, NodeReader::NodeId node,
                    Manifest* manifest) {
  FeatureParser(reader, presets, max_features).parse_features(node, manifest);
}

void resolve_feature_providers(NodeReader& reader, const std::unordered_set<std::string>& declared,
                               Manifest* manifest) {
  std::vector<std::string> names;
  for (const ProviderSpec& provider : manifest->providers) names.push_back(provider.name);
  for (FeatureSpec& feature : manifest->features) {
    if (feature.provider.value.empty()) {
      if (manifest->providers.size() == 1) {
        feature.provider = {manifest->providers.front().name, feature.where};
      } else if (manifest->providers.size() > 1) {
        reader.error(feature.where, "feature " + util::quoted(feature.name) +
                                 " must say which provider it uses (provider: " + util::join(names, " or ") + ")");
      }
      continue;
    }
    if (!manifest->find_provider(feature.provider.value) &&
        !declared.count(feature.provider.value))
      reader.error(feature.provider.where, "feature " + util::quoted(feature.name) + " names provider " +
                                        util::quoted(feature.provider.value) + ", which is not defined" +
                                        util::did_you_mean(feature.provider.value, names));
  }
}

void warn_unused_providers(NodeReader& reader, const Manifest& manifest) {
  std::unordered_set<std::string_view> used;
  for (const FeatureSpec& feature : manifest.features) used.insert(feature.provider.value);
  for (const ProviderSpec& provider : manifest.providers)
    if (!used.count(provider.name))
      reader.warning(provider.where, "provider " + util::quoted(provider.name) + " is used by no feature");
}

}  // namespace scopegate::manifest
