#include "engine/check.h"

#include <algorithm>

#include "net/http_response.h"
#include "util/edit_distance.h"
#include "util/expand.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
constexpr std::size_t kMaxOfflineFileBytes = 4 * 1024 * 1024;  // as large as a live answer may be
constexpr std::size_t kMaxTokenFileBytes = 64 * 1024;

std::string describe_source(const OfflineSource& source) {
  switch (source.kind) {
    case OfflineSource::Kind::kGranted: return "--granted";
    case OfflineSource::Kind::kGrantedFile: return "--granted-file " + source.value;
    case OfflineSource::Kind::kResponseFile: return "--response-file " + source.value;
  }
  return "offline";
}

std::vector<std::string> all_names(const manifest::Manifest& manifest) {
  std::vector<std::string> names;
  for (const manifest::FeatureSpec& feature : manifest.features) names.push_back(feature.name);
  return names;
}

// -f names -> features, in manifest order; unknown names are usage errors.
std::vector<const manifest::FeatureSpec*> select_features(const manifest::Manifest& manifest,
                                                          const std::vector<std::string>& names,
                                                          Problems* problems) {
  std::vector<const manifest::FeatureSpec*> selected;
  for (const std::string& name : names) {
    if (!manifest.find_feature(name))
      problems->errors.push_back("no feature named " + util::quoted(name) + " in " + manifest.path +
                                 util::did_you_mean(name, all_names(manifest)));
  }
  for (const manifest::FeatureSpec& feature : manifest.features) {
    if (names.empty() || std::find(names.begin(), names.end(), feature.name) != names.end())
      selected.push_back(&feature);
  }
  return selected;
}

// Expands ${VAR} in one manifest value. An undefined variable is an error when
// the value is needed to reach the provider, otherwise a warning.
std::string expand(const std::optional<manifest::Text>& text, std::string_view what,
                   const std::string& provider, bool required, const util::Environment& environment,
                   Problems* problems) {
  if (!text) return {};
  util::Expansion expansion = util::expand_variables(text->value, environment);
  if (expansion.undefined.empty()) return expansion.text;
  const std::string message = std::string(what) + " of provider " + util::quoted(provider) + " uses ${" +
                              expansion.undefined.front() + "}, which is not set";
  if (required) {
    problems->errors.push_back(message);
  } else {
    problems->warnings.push_back(message);
  }
  return {};
}

// "{base}" and "{org}" in a preset's default token page.
std::string fill_page_template(std::string_view page, const std::string& base, const std::string& org) {
  std::string out(page);
  const auto replace = [&](const std::string& placeholder, const std::string& value) {
    const std::size_t at = out.find(placeholder);
    if (at == std::string::npos) return true;
    if (value.empty()) return false;
    out.replace(at, placeholder.size(), value);
    return true;
  };
  std::string trimmed_base = base;
  while (trimmed_base.ends_with("/")) trimmed_base.pop_back();
  if (!replace("{base}", trimmed_base) || !replace("{org}", org)) return {};
  return out;
}

ResolvedProvider resolve(const manifest::ProviderSpec& spec, bool live, const util::Environment& environment,
                         Problems* problems) {
  ResolvedProvider resolved;
  resolved.spec = &spec;
  resolved.preset = providers::find_preset(spec.preset.value);
  resolved.vocabulary = providers::build_vocabulary(*resolved.preset, spec);
  const bool needs_address = live && resolved.preset->uses_network;
  resolved.base_url = expand(spec.base_url, "base_url", spec.name, needs_address, environment, problems);
  if (resolved.base_url.empty() && !spec.base_url) resolved.base_url = resolved.preset->default_base_url;
  resolved.org = expand(spec.org, "org", spec.name, needs_address, environment, problems);
  resolved.token_page = spec.token_page
                            ? expand(spec.token_page, "token_page", spec.name, false, environment, problems)
                            : fill_page_template(resolved.preset->default_token_page, resolved.base_url,
                                                 resolved.org);
  return resolved;
}

std::string token_variable(const ResolvedProvider& provider) {
  if (provider.spec->token_env) return provider.spec->token_env->value;
  return std::string(provider.preset->default_token_env);
}

// The token, from the manifest's variable or file; it is registered with the
// redactor before anything else can print.
std::optional<std::string> read_token(const ResolvedProvider& provider, System& system, Problems* problems) {
  const std::string& name = provider.spec->name;
  if (provider.spec->token_file) {
    const std::string& path = provider.spec->token_file->value;
    std::string token, error;
    if (system.file_system.read_file(path, kMaxTokenFileBytes, &token, &error) != util::FileSystem::Status::kOkay) {
      problems->errors.push_back("cannot read the token file " + path + " of provider " + util::quoted(name) +
                                 ": " + error);
      return std::nullopt;
    }
    token = std::string(util::trim(token));
    if (token.empty()) {
      problems->errors.push_back("the token file " + path + " of provider " + util::quoted(name) + " is empty");
      return std::nullopt;
    }
    system.redactor.add_secret(token);
    return token;
  }
  const std::string variable = token_variable(provider);
  auto token = system.environment.get_non_empty(variable);
  if (!token) {
    const bool set = system.environment.get(variable).has_value();
    problems->errors.push_back("environment variable " + variable + " is " + (set ? "empty" : "not set") +
                               "; provider " + util::quoted(name) +
                               " reads its token from it (or give an offline source: --granted " + name +
                               "=..., --response-file " + name + "=FILE)");
    return std::nullopt;
  }
  system.redactor.add_secret(*token);
  return token;
}

providers::TokenFacts read_offline(const ResolvedProvider& provider, const OfflineSource& source,
                                   System& system, Problems* problems) {
  if (source.kind == OfflineSource::Kind::kGranted) {
    providers::TokenFacts facts;
    facts.scopes_listed = true;
    facts.granted = util::split_scope_list(source.value);
    return facts;
  }
  std::string text, error;
  if (system.file_system.read_file(source.value, kMaxOfflineFileBytes, &text, &error) !=
      util::FileSystem::Status::kOkay) {
    problems->errors.push_back("cannot read " + source.value + " (" + describe_source(source) + "): " + error);
    return {};
  }
  if (source.kind == OfflineSource::Kind::kGrantedFile) {
    providers::TokenFacts facts;
    facts.scopes_listed = true;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string_view line = std::string_view(text).substr(start, end - start);
      for (std::string& scope : util::split_scope_list(line.substr(0, line.find('#'))))
        facts.granted.push_back(std::move(scope));
      start = end + 1;
    }
    return facts;
  }
  net::HttpResponse response;
  if (!net::parse_saved_response(text, &response, &error))
    return providers::TokenFacts::failed("cannot read the saved answer " + source.value + ": " + error);
  return provider.preset->create(*provider.spec)->interpret(response);
}

// Credentials a live request needs besides the token (oauth2 client id and secret).
void read_client_credentials(const ResolvedProvider& provider, System& system, Problems* problems) {
  for (const auto* variable : {&provider.spec->client_id_env, &provider.spec->client_secret_env}) {
    if (!*variable) continue;
    const std::string& name = (*variable)->value;
    auto value = system.environment.get_non_empty(name);
    if (!value) {
      problems->errors.push_back("environment variable " + name + " is not set; provider " +
                                 util::quoted(provider.spec->name) + " needs it to call the introspection endpoint");
      continue;
    }
    if (variable == &provider.spec->client_secret_env) system.redactor.add_secret(*value);
  }
}

providers::TokenFacts ask_live(const ResolvedProvider& provider, const std::string& token) {
  if (!provider.preset->uses_network) {
    net::HttpResponse response;
    response.body = token;  // jwt: the token is its own answer
    return provider.preset->create(*provider.spec)->interpret(response);
  }
  return providers::TokenFacts::failed(
      "this build of scopegate cannot ask providers over the network yet; give an offline source "
      "(--granted, --granted-file or --response-file)");
}
}  // namespace

const OfflineSource* OfflineSources::find(const std::string& provider) const {
  const auto found = by_provider.find(provider);
  if (found != by_provider.end()) return &found->second;
  return for_all ? &*for_all : nullptr;
}

std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest,
                                                const std::vector<std::string>& provider_names,
                                                const OfflineSources& offline, System& system,
                                                std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems) {
  std::vector<std::string> known;
  for (const manifest::ProviderSpec& spec : manifest.providers) known.push_back(spec.name);
  for (const auto& [name, source] : offline.by_provider) {
    if (!manifest.find_provider(name))
      problems->errors.push_back("an offline source names provider " + util::quoted(name) +
                                 ", which the manifest does not define" + util::did_you_mean(name, known));
  }
  // First everything that can fail without a request: tokens, variables, files.
  std::map<std::string, std::string> tokens;
  for (const std::string& name : provider_names) {
    const manifest::ProviderSpec& spec = *manifest.find_provider(name);
    const OfflineSource* source = offline.find(name);
    ResolvedProvider provider = resolve(spec, source == nullptr, system.environment, problems);
    if (!source) {
      if (auto token = read_token(provider, system, problems)) tokens[name] = std::move(*token);
      read_client_credentials(provider, system, problems);
    }
    resolved->emplace(name, std::move(provider));
  }
  std::map<std::string, Evidence> evidence;
  if (!problems->errors.empty()) return evidence;
  for (const std::string& name : provider_names) {
    const ResolvedProvider& provider = resolved->at(name);
    Evidence said;
    if (const OfflineSource* source = offline.find(name)) {
      said.facts = read_offline(provider, *source, system, problems);
      said.source = describe_source(*source);
      said.offline = true;
    } else {
      said.facts = ask_live(provider, tokens.at(name));
      said.source = provider.preset->uses_network ? "live" : "token claims";
      said.offline = !provider.preset->uses_network;
    }
    evidence.emplace(name, std::move(said));
  }
  return evidence;
}

CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system) {
  CheckOutcome outcome;
  const auto selected = select_features(manifest, request.feature_names, &outcome.problems);
  // Providers are asked only for features that will be checked.
  std::vector<std::string> needed;
  for (const manifest::ProviderSpec& spec : manifest.providers) {
    const bool used = std::any_of(selected.begin(), selected.end(), [&](const manifest::FeatureSpec* feature) {
      std::string ignored;
      return feature->provider.value == spec.name &&
             (!feature->when || condition_holds(*feature->when, system.environment, &ignored));
    });
    if (used) needed.push_back(spec.name);
  }
  std::map<std::string, ResolvedProvider> resolved;
  const auto evidence = gather_evidence(manifest, needed, request.offline, system, &resolved, &outcome.problems);
  if (!outcome.problems.errors.empty()) return outcome;
  EvaluateOptions options;
  options.fail_on_excess = request.fail_on_excess;
  options.min_ttl = request.min_ttl;
  options.now = system.clock.now();
  outcome.report = evaluate(manifest, selected, resolved, evidence, system.environment, options);
  return outcome;
}

}  // namespace scopegate::engine
