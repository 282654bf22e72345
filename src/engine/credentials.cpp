#include "engine/credentials.h"

#include "net/request_check.h"
#include "providers/presets.h"
#include "util/expand.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
constexpr std::size_t kMaxTokenFileBytes = 64 * 1024;

// A credential as it goes into a request: one final newline dropped, then
// held to net::token_problem. A secret is registered with `redactor` (as read
// and as sent) first; a client id is not one. `source` names where it came
// from; the value is never shown.
std::optional<std::string> checked_credential(std::string value, const std::string& source,
                                              const std::string& provider, util::Redactor* redactor,
                                              Problems* problems) {
  if (redactor) redactor->add_secret(value);
  value = std::string(net::without_final_newline(value));
  if (redactor) redactor->add_secret(value);
  if (const auto problem = net::token_problem(value)) {
    problems->errors.push_back(source + " " + *problem + " (provider " + util::quoted(provider) +
                               "; nothing was sent)");
    return std::nullopt;
  }
  // A secret this short is a placeholder ("test", "xxx"), not a credential,
  // and could not be scrubbed from output without garbling ordinary words.
  if (redactor && value.size() < util::Redactor::kShortestSecret) {
    problems->errors.push_back(source + " holds " + util::plural(value.size(), "character", "characters") +
                               ", too short for a real credential (a placeholder?); put the real one there "
                               "(provider " + util::quoted(provider) + "; nothing was sent)");
    return std::nullopt;
  }
  return value;
}

// What to do about an unset token variable, true for where the run is. Under
// GitHub Actions a secret reaches a step only through its env: (and never a
// pull request from a fork); elsewhere an offline source can stand in, where
// the command takes one.
std::string unset_token_advice(const std::string& variable, const std::string& provider, bool offline_flags,
                               bool set_but_empty, const util::Environment& environment) {
  if (environment.get("GITHUB_ACTIONS").value_or("") == "true") {
    // The runner's own token reaches every run, forks included (read-only there).
    if (variable == "GITHUB_TOKEN")
      return ": give it to this step with `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`";
    if (set_but_empty)
      return ": the step's env: names it, but the secret is empty: it is not defined for this repository or "
             "environment, or withheld (a pull request from a fork gets no secrets)";
    return ": give it to this step with `env: " + variable + ": ${{ secrets." + variable +
           " }}` (secrets are not passed to workflows run for a pull request from a fork)";
  }
  if (!offline_flags) return "; set it to the token";
  return "; set it to the token, or give an offline source: --granted " + provider + "=..., --response-file " +
         provider + "=FILE";
}

}  // namespace

std::string token_variable(const ResolvedProvider& provider) {
  if (provider.spec->token_env) return provider.spec->token_env->value;
  return std::string(provider.preset->default_token_env);
}

// The token is registered with the redactor before anything else can print,
// even when it is refused.
std::optional<std::string> read_token(const ResolvedProvider& provider, bool offline_flags, System& system,
                                      Problems* problems) {
  const std::string& name = provider.spec->name;
  // The preset's own configuration (a kubeconfig) found the credential,
  // unless the manifest names one itself (as kubectl's --token overrides).
  if (const auto& found = provider.connection; found && !provider.spec->token_env && !provider.spec->token_file) {
    if (found->token) return checked_credential(*found->token, found->token_source, name, &system.redactor, problems);
    if (!found->needs_token) return std::string();  // a client certificate authenticates
  }
  const bool default_file = !provider.spec->token_env && provider.preset->default_token_env.empty() &&
                            !provider.preset->default_token_file.empty();
  if (provider.spec->token_file || default_file) {
    const std::string path =
        provider.spec->token_file ? provider.spec->token_file->value : std::string(provider.preset->default_token_file);
    std::string token, error;
    if (system.file_system.read_file(path, kMaxTokenFileBytes, &token, &error) != util::FileSystem::Status::kOkay) {
      problems->errors.push_back("cannot read the token file " + path + " of provider " + util::quoted(name) +
                                 ": " + error);
      return std::nullopt;
    }
    if (net::without_final_newline(token).empty()) {
      problems->errors.push_back("the token file " + path + " of provider " + util::quoted(name) + " is empty");
      return std::nullopt;
    }
    return checked_credential(std::move(token), "the token file " + path, name, &system.redactor, problems);
  }
  const std::string variable = token_variable(provider);
  auto token = system.environment.get_non_empty(variable);
  if (!token) {
    const bool set = system.environment.get(variable).has_value();
    problems->errors.push_back("environment variable " + variable + " is " + (set ? "empty" : "not set") +
                               "; provider " + util::quoted(name) + " reads its token from it" +
                               unset_token_advice(variable, name, offline_flags, set, system.environment));
    return std::nullopt;
  }
  return checked_credential(std::move(*token), variable, name, &system.redactor, problems);
}

std::pair<std::string, std::string> read_client_credentials(const ResolvedProvider& provider, System& system,
                                                            Problems* problems) {
  std::string values[2];
  const std::optional<manifest::Text>* variables[2] = {&provider.spec->client_id_env, &provider.spec->client_secret_env};
  for (int i = 0; i < 2; ++i) {
    if (!*variables[i]) continue;
    const std::string& name = (*variables[i])->value;
    auto value = system.environment.get_non_empty(name);
    if (!value) {
      problems->errors.push_back("environment variable " + name + " is not set; provider " +
                                 util::quoted(provider.spec->name) + " needs it to call the introspection endpoint");
      continue;
    }
    util::Redactor* redactor = i == 1 ? &system.redactor : nullptr;  // the client id is no secret
    values[i] = checked_credential(std::move(*value), name, provider.spec->name, redactor, problems).value_or("");
  }
  // A server may echo the Authorization header back: its encoded form is a secret too.
  if (!values[1].empty() && provider.preset->client_credential)
    system.redactor.add_secret(provider.preset->client_credential(values[0], values[1]));
  return {values[0], values[1]};
}

void register_request_variables(const manifest::ProviderSpec& spec, System& system) {
  if (const providers::PresetInfo* preset = providers::find_preset(spec.preset.value))
    for (std::string_view variable : preset->secret_variables)
      if (auto value = system.environment.get_non_empty(std::string(variable))) system.redactor.add_secret(*value);
  if (!spec.request) return;
  for (const auto* fields : {&spec.request->headers, &spec.request->form})
    for (const manifest::Header& field : *fields)
      for (const std::string& variable : util::referenced_variables(field.value.value))
        if (auto value = system.environment.get_non_empty(variable); value && variable != "TOKEN")
          system.redactor.add_secret(*value);
}

}  // namespace scopegate::engine
