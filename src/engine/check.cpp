#include "engine/check.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <cctype>
#include <exception>
#include <unordered_map>
#include <unordered_set>

#include "manifest/loader.h"
#include "net/http_response.h"
#include "net/proxy.h"
#include "net/request_check.h"
#include "net/url.h"
#include "providers/manifest_rules.h"
#include "providers/presets.h"
#include "util/edit_distance.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace asio = boost::asio;

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

// Collects the distinct scopes features need, in manifest order.
class ScopeCollector {
 public:
  void add(const manifest::FeatureSpec& feature) {
    for (const auto* list : {&feature.requires_.all, &feature.requires_.any})
      for (const manifest::ScopeRef& ref : *list)
        if (seen_.insert(ref.scope).second) scopes_.push_back(ref.scope);
  }
  std::vector<std::string> take() { return std::move(scopes_); }

 private:
  std::unordered_set<std::string_view> seen_;  // views into the manifest, which outlives this
  std::vector<std::string> scopes_;
};

// Resolves one provider's manifest values against the environment. An
// undefined ${VAR} is an error at its manifest position where the value is
// needed to reach the provider, otherwise a warning there; a request or probe
// URL on another origin than base_url is an error at its position; plain http
// is refused unless it stays on this machine (no proxy on the way) or the
// manifest opts in, since the token would travel in clear.
class Resolver {
 public:
  Resolver(const manifest::ProviderSpec& spec, bool live, const util::Environment& environment, Problems* problems)
      : spec_(spec), live_(live), environment_(environment), problems_(*problems) {}

  ResolvedProvider resolve() {
    ResolvedProvider resolved;
    resolved.spec = &spec_;
    resolved.preset = providers::find_preset(spec_.preset.value);
    resolved.vocabulary = providers::build_vocabulary(*resolved.preset, spec_);
    const bool needs_address = live_ && resolved.preset->uses_network;
    resolved.base_url = expand(spec_.base_url, "base_url", needs_address);
    if (!spec_.base_url) resolved.base_url = resolved.preset->default_base_url;
    resolved.introspection_url = expand(spec_.introspection_url, "introspection_url", needs_address);
    if (spec_.request && needs_address) resolved.request_url = expand(spec_.request->url, "the request url", true);
    // oauth2 without base_url: probe paths are relative to the authorization
    // server's root, and the token stays on its origin.
    if (!spec_.base_url && !resolved.introspection_url.empty())
      resolved.base_url = net::url_origin(resolved.introspection_url).value_or(resolved.introspection_url);
    resolved.org = expand(spec_.org, "org", needs_address);
    resolved.token_page = spec_.token_page ? expand(spec_.token_page, "token_page", false)
                                           : fill_page_template(resolved.preset->default_token_page,
                                                                resolved.base_url, resolved.org);
    if (needs_address) {
      check_addresses(resolved);
      check_origins(resolved);
      check_headers();
    }
    return resolved;
  }

  // The manifest's probes, with ${VAR} expanded; relative URLs stay relative to base_url.
  std::vector<providers::Probe> probes() {
    std::vector<providers::Probe> probes;
    for (const manifest::ProbeSpec& spec : spec_.probes) {
      const std::string url = expand(spec.url, "a probe url", live_);
      probes.push_back({spec.scope.value, spec.method, url, spec.granted, spec.missing});
    }
    return probes;
  }

 private:
  std::string expand(const std::optional<manifest::Text>& text, std::string_view what, bool required) {
    return text ? expand(*text, what, required) : std::string();
  }

  // The contract: an undefined ${VAR} in a URL is FILE:LINE:COL: error (exit
  // 2, nothing sent) where the value is needed; elsewhere only a warning.
  std::string expand(const manifest::Text& text, std::string_view what, bool required) {
    util::Expansion expansion = util::expand_variables(text.value, environment_);
    if (expansion.undefined.empty()) {
      // A value that goes into a request line is checked as one, here, before anything is sent.
      if (required) {
        if (const std::string problem = expanded_problem(text.value, expansion.text, net::request_line_problem);
            !problem.empty()) {
          problems_.diagnostics.push_back({manifest::Severity::kError, text.where,
                                           std::string(what) + " of provider " + util::quoted(spec_.name) + ": " +
                                               problem + "; nothing was sent"});
          return {};
        }
      }
      return expansion.text;
    }
    std::string message = std::string(what) + " of provider " + util::quoted(spec_.name) + " uses ${" +
                          expansion.undefined.front() + "}, which is not set";
    if (!required) message += "; links that use it are left out";
    problems_.diagnostics.push_back(
        {required ? manifest::Severity::kError : manifest::Severity::kWarning, text.where, std::move(message)});
    return {};
  }

  // Request and probe URLs after expansion: the token goes only to base_url's origin.
  void check_origins(const ResolvedProvider& resolved) {
    manifest::Diagnostics found;
    const providers::UrlExpander expand_known = [this](const manifest::Text& url) -> std::optional<std::string> {
      util::Expansion expansion = util::expand_variables(url.value, environment_);
      if (!expansion.undefined.empty()) return std::nullopt;  // already an error of its own
      return std::move(expansion.text);
    };
    providers::check_credential_origins(spec_, resolved.preset->default_base_url, expand_known, &found);
    for (const manifest::Diagnostic& diagnostic : found.items()) problems_.diagnostics.push_back(diagnostic);
  }

  // Why an expanded value breaks `rule`, naming the variable that brought the
  // bad character ("TENANT contains U+000A (line feed) at position 5"), or the
  // value as a whole; "" when it passes.
  std::string expanded_problem(const std::string& raw, const std::string& expanded,
                               std::optional<std::string> (*rule)(std::string_view)) const {
    for (const std::string& variable : util::referenced_variables(raw)) {
      const auto value = environment_.get(variable);
      if (variable == "TOKEN" || !value) continue;  // the token is checked where it is read
      if (const auto problem = rule(*value)) return variable + " " + *problem;
    }
    if (const auto problem = rule(expanded)) return "the value " + *problem;
    return {};
  }

  // A generic provider's headers, once ${VAR} is expanded, go on the wire:
  // the same rule as every value that does (net::header_value_problem), at
  // the header's manifest position. ${TOKEN} stands for the token, which is
  // checked where it is read.
  void check_headers() {
    if (!spec_.request) return;
    const util::EnvironmentWith environment(environment_, "TOKEN", "token");
    for (const manifest::Header& header : spec_.request->headers) {
      const util::Expansion value = util::expand_variables(header.value.value, environment);
      const std::string what = "header " + util::quoted(header.name) + " of provider " + util::quoted(spec_.name);
      if (!value.undefined.empty()) {
        problems_.diagnostics.push_back({manifest::Severity::kError, header.value.where,
                                         what + " uses ${" + value.undefined.front() + "}, which is not set"});
      } else if (const std::string problem = expanded_problem(header.value.value, value.text, net::header_value_problem);
                 !problem.empty()) {
        problems_.diagnostics.push_back(
            {manifest::Severity::kError, header.value.where, what + ": " + problem + "; nothing was sent"});
      }
    }
  }

  // "{base}" and "{org}" in a preset's default token page; "" when one is unknown.
  static std::string fill_page_template(std::string_view page, const std::string& base, const std::string& org) {
    std::string out(page);
    std::string trimmed_base = base;
    while (trimmed_base.ends_with("/")) trimmed_base.pop_back();
    for (const auto& [placeholder, value] : {std::pair<std::string, std::string>{"{base}", trimmed_base}, {"{org}", org}}) {
      const std::size_t at = out.find(placeholder);
      if (at == std::string::npos) continue;
      if (value.empty()) return {};
      out.replace(at, placeholder.size(), value);
    }
    return out;
  }

  void check_addresses(const ResolvedProvider& resolved) {
    // Empty: not configured (a generic provider), or an undefined variable, already reported.
    const bool own_base_url = spec_.base_url || !spec_.introspection_url;  // not derived from introspection_url
    if (!resolved.base_url.empty() && own_base_url) check_address(resolved.base_url, "base_url");
    if (!resolved.introspection_url.empty()) check_address(resolved.introspection_url, "introspection_url");
    if (spec_.request && spec_.request->url.value.find("://") != std::string::npos)
      check_address(util::expand_variables(spec_.request->url.value, environment_).text, "request url");
    for (const manifest::ProbeSpec& probe : spec_.probes) {
      const util::Expansion url = util::expand_variables(probe.url.value, environment_);
      if (url.undefined.empty() && url.text.find("://") != std::string::npos) check_address(url.text, "a probe url");
    }
  }

  void check_address(const std::string& text, std::string_view what) {
    std::string error;
    const auto url = net::parse_url(text, &error);
    if (!url) {
      problems_.errors.push_back(std::string(what) + " of provider " + util::quoted(spec_.name) + " (" + text +
                                 "): " + error);
      return;
    }
    if (!url->userinfo.empty()) {  // from a variable: the URL is not quoted, it holds a password
      problems_.errors.push_back(std::string(what) + " of provider " + util::quoted(spec_.name) +
                                 " carries a user name or password once ${VAR} is expanded: credentials never go in "
                                 "a URL; let token_env name the token instead");
      return;
    }
    // A proxy that cannot be used is a configuration error like any other:
    // exit 2, before anything is sent.
    std::string proxy_error;
    const auto proxy = net::ProxySettings::from_environment(environment_).proxy_for(*url, &proxy_error);
    if (!proxy_error.empty()) {
      problems_.errors.push_back(std::string(what) + " of provider " + util::quoted(spec_.name) + ": " + proxy_error);
      return;
    }
    if (url->is_https() || spec_.allow_insecure_http) return;
    const std::string plain = std::string(what) + " of provider " + util::quoted(spec_.name) + " is plain http:// (" +
                              url->host + ")";
    if (!net::is_loopback_host(url->host)) {
      problems_.errors.push_back(plain + "; the token would travel in clear text. Use https://, or set "
                                         "allow_insecure_http: true if you mean it");
      return;
    }
    // Loopback, but through a proxy (http_proxy, HTTP_PROXY, all_proxy): the
    // request leaves this machine, in clear text, and the proxy reads it all.
    if (proxy)
      problems_.errors.push_back(plain + " through the HTTP proxy " + proxy->authority() +
                                 " (http_proxy, HTTP_PROXY or all_proxy): the proxy would see the token in clear "
                                 "text. Use https://, add " + url->host + " to no_proxy, or set "
                                 "allow_insecure_http: true if you mean it");
  }

  const manifest::ProviderSpec& spec_;
  bool live_;
  const util::Environment& environment_;
  Problems& problems_;
};

std::string token_variable(const ResolvedProvider& provider) {
  if (provider.spec->token_env) return provider.spec->token_env->value;
  return std::string(provider.preset->default_token_env);
}

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

// The token, from the manifest's variable or file; it is registered with the
// redactor before anything else can print, even when it is refused.
std::optional<std::string> read_token(const ResolvedProvider& provider, bool offline_flags, System& system,
                                      Problems* problems) {
  const std::string& name = provider.spec->name;
  if (provider.spec->token_file) {
    const std::string& path = provider.spec->token_file->value;
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

// What a saved provider answer starts with: JSON, or `curl -si` output.
bool looks_like_saved_answer(std::string_view text) {
  text = util::trim(text);
  return text.starts_with('{') || text.starts_with('[') || text.starts_with("HTTP/");
}

// The lines of an offline file with their '#' comments cut off, trimmed.
std::vector<std::string_view> lines_without_comments(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    lines.push_back(util::trim(line.substr(0, line.find('#'))));
    start = end + 1;
  }
  return lines;
}

// A file of scope names, one or more a line, as --granted-file reads it: no
// quotes, braces or angle brackets anywhere outside comments.
bool looks_like_scope_list(std::string_view text) {
  bool any = false;
  for (const std::string_view line : lines_without_comments(text)) {
    if (line.find_first_of("{}[]\"<>") != std::string_view::npos) return false;
    any = any || !line.empty();
  }
  return any;
}

// Why an offline scope is surely not one, without repeating it (it may be a
// secret): "" when it may be a scope. Read from an env file, a JWT, a YAML
// file or an unexpanded variable, junk would become a confident verdict.
std::string not_a_scope(std::string_view item) {
  const std::size_t equals = item.find('=');
  const bool assignment = equals != std::string_view::npos && equals > 0 &&
                          std::all_of(item.begin(), item.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                          });
  if (assignment) return "a NAME=value assignment (an env file?)";
  if (util::looks_like_secret(item, false) != util::SecretLook::kNo ||
      (item.starts_with("eyJ") && std::count(item.begin(), item.end(), '.') == 2))
    return "a token, not a scope (a JWT goes to --response-file with the jwt preset)";
  if (item.ends_with(':')) return "a YAML key (a manifest?)";
  if (item.starts_with('$')) return "an unexpanded variable";
  return "";
}

// Each offline scope (of --granted, or line by line of --granted-file)
// checked with not_a_scope; false, with the problem, on the first that fails.
bool offline_scopes_fit(const OfflineSource& source, const std::vector<std::vector<std::string>>& lines,
                        util::Redactor& redactor, Problems* problems) {
  for (std::size_t line = 0; line < lines.size(); ++line) {
    for (const std::string& item : lines[line]) {
      const std::string why = not_a_scope(item);
      if (why.empty()) continue;
      redactor.add_secret(item);  // said to be junk, never printed; masked should anything else quote it
      const std::string where = source.kind == OfflineSource::Kind::kGrantedFile
                                    ? "line " + std::to_string(line + 1) + " of --granted-file " + source.value
                                    : "--granted";
      problems->errors.push_back(where + " holds " + why + " where a scope should be; nothing was checked");
      return false;
    }
  }
  return true;
}

// A JSON array of strings (["a", "b"]), as a list of scopes; nullopt otherwise.
std::optional<std::vector<std::string>> json_string_array(std::string_view text) {
  text = util::trim(text);
  if (!text.starts_with('[')) return std::nullopt;
  boost::system::error_code code;
  const boost::json::value array = boost::json::parse(text, code);
  if (code || !array.is_array()) return std::nullopt;
  std::vector<std::string> scopes;
  for (const auto& item : array.get_array()) {
    if (!item.is_string()) return std::nullopt;
    scopes.emplace_back(item.get_string());
  }
  return scopes;
}

// --granted-file's scopes, line by line (a JSON array of strings is one
// line). A file holding a saved answer is a mistake in the call: nullopt,
// with the flag that was meant, rather than junk read as scopes (exit 1
// with a confident verdict).
std::optional<std::vector<std::vector<std::string>>> granted_file_lines(const OfflineSource& source,
                                                                        std::string_view text, Problems* problems) {
  if (auto scopes = json_string_array(text)) return std::vector<std::vector<std::string>>{std::move(*scopes)};
  if (looks_like_saved_answer(text)) {
    problems->errors.push_back("--granted-file " + source.value + " holds a saved provider answer, not a list of "
                               "scopes: use --response-file " + source.value);
    return std::nullopt;
  }
  std::vector<std::vector<std::string>> lines;
  for (const std::string_view line : lines_without_comments(text)) lines.push_back(util::split_scope_list(line));
  return lines;
}

// A list of scopes given to --response-file is a mistake in the call too:
// it says which flag was meant, rather than call a list an unreadable answer.
// (A jwt preset's saved answer may be the token itself, one line of dots.)
bool response_file_fits(const ResolvedProvider& provider, const OfflineSource& source, std::string_view text,
                        Problems* problems) {
  if (!provider.preset->uses_network || looks_like_saved_answer(text) || !looks_like_scope_list(text)) return true;
  problems->errors.push_back("--response-file " + source.value + " holds a list of scopes, not a saved provider "
                             "answer: use --granted-file " + source.value);
  return false;
}

providers::TokenFacts read_offline(const ResolvedProvider& provider, const OfflineSource& source,
                                   System& system, Problems* problems) {
  if (source.kind == OfflineSource::Kind::kGranted) {
    providers::TokenFacts facts;
    std::vector<std::vector<std::string>> lines{util::split_scope_list(source.value)};
    if (!offline_scopes_fit(source, lines, system.redactor, problems)) return {};
    facts.scopes_listed = true;
    facts.granted = std::move(lines.front());
    facts.expiry_problem = "--granted lists scopes only";
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
    facts.expiry_problem = "--granted-file lists scopes only";
    auto lines = granted_file_lines(source, text, problems);
    if (!lines || !offline_scopes_fit(source, *lines, system.redactor, problems)) return {};
    for (std::vector<std::string>& line : *lines)
      for (std::string& scope : line) facts.granted.push_back(std::move(scope));
    return facts;
  }
  if (!response_file_fits(provider, source, text, problems)) return {};
  net::HttpResponse response;
  if (!net::parse_saved_response(text, &response, &error))
    return providers::TokenFacts::failed("cannot read the saved answer " + source.value + ": " + error);
  return provider.preset->create(*provider.spec)->interpret(response);
}

// Credentials a live request needs besides the token (oauth2's client id and secret).
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
  if (!values[1].empty()) system.redactor.add_secret(providers::oauth2_client_credentials(values[0], values[1]));
  return {values[0], values[1]};
}

// Variables a generic provider puts in its headers or form besides ${TOKEN}
// (an API key, a tenant secret) are credentials like its token: a server
// that echoes one back must not get it printed.
void register_request_variables(const manifest::ProviderSpec& spec, System& system) {
  if (!spec.request) return;
  for (const auto* fields : {&spec.request->headers, &spec.request->form})
    for (const manifest::Header& field : *fields)
      for (const std::string& variable : util::referenced_variables(field.value.value))
        if (auto value = system.environment.get_non_empty(variable); value && variable != "TOKEN")
          system.redactor.add_secret(*value);
}

// A URL that would carry the token (a ${VAR} holding it, in base_url or a
// probe path) is a configuration error, found before anything is sent: exit
// 2, not the provider's failure. (The request builder refuses it again.)
void refuse_token_in_urls(const ResolvedProvider& provider, const std::vector<providers::Probe>& probes,
                          const std::string& token, Problems* problems) {
  std::vector<std::pair<std::string, std::string>> urls{{"base_url", provider.base_url},
                                                        {"introspection_url", provider.introspection_url},
                                                        {"org", provider.org},
                                                        {"the request url", provider.request_url}};
  for (const providers::Probe& probe : probes) urls.emplace_back("the probe url for " + probe.scope, probe.url);
  for (const auto& [what, url] : urls) {
    if (url.find(token) == std::string::npos && url.find(util::percent_encode(token)) == std::string::npos) continue;
    problems->errors.push_back(what + " of provider " + util::quoted(provider.spec->name) + " would carry the token (from " +
                               provider.token_source + "): a token never goes in a URL, where logs and proxies see "
                               "it; nothing was sent");
  }
}

// The transport of a run that allows no network, for presets that send nothing.
class NoNetwork final : public net::Transport {
 public:
  asio::awaitable<net::HttpOutcome> send(net::HttpRequest) override {
    net::HttpOutcome outcome;
    outcome.error = "this run does not allow network requests";
    co_return outcome;
  }
};

// Everything one live provider needs; the providers run concurrently.
struct LiveJob {
  std::string name;
  std::unique_ptr<providers::Provider> provider;
  std::unique_ptr<providers::LiveContext> context;
  providers::TokenFacts facts;
};

void run_live_jobs(std::vector<LiveJob>& jobs, net::Transport* transport) {
  if (jobs.empty()) return;
  asio::io_context io;
  for (LiveJob& job : jobs) {
    asio::co_spawn(
        io, [&job]() -> asio::awaitable<void> { job.facts = co_await job.provider->ask(*job.context); },
        [&job](std::exception_ptr failure) {
          if (!failure) return;
          try {
            std::rethrow_exception(failure);
          } catch (const std::exception& error) {
            job.facts = providers::TokenFacts::failed(std::string("internal error while asking: ") + error.what());
          }
        });
  }
  io.run();
  if (transport) transport->close_idle();  // while `io` still exists
}

bool any_unknown_to(const scope::Vocabulary& vocabulary, const std::vector<std::string>& scopes) {
  return vocabulary.has_known_names() &&
         std::any_of(scopes.begin(), scopes.end(), [&](const std::string& s) { return !vocabulary.is_known(s); });
}

// A fetched catalog replaces the built-in names: labels come from it, and
// manifest scopes it does not know are reported at their line.
// Only the scopes this run asks about (`wanted`: the checked features') are
// held against it; lint asks about every feature.
void apply_catalog(const manifest::Manifest& manifest, const std::string& provider_name,
                   const std::vector<std::pair<std::string, std::string>>& catalog,
                   const std::vector<std::string>& wanted, manifest::Severity severity, ResolvedProvider* resolved,
                   Problems* problems) {
  const std::unordered_set<std::string_view> asked(wanted.begin(), wanted.end());
  // A server's names and labels, made one line each where they enter.
  std::vector<std::pair<std::string, std::string>> known = catalog;
  for (auto& [name, label] : known) {
    util::neutralize_in_place(name);
    util::neutralize_in_place(label);
  }
  resolved->vocabulary.set_catalog(std::move(known));
  for (const manifest::FeatureSpec& feature : manifest.features) {
    if (feature.provider.value != provider_name) continue;
    for (const auto* list : {&feature.requires_.all, &feature.requires_.any}) {
      for (const manifest::ScopeRef& ref : *list) {
        if (resolved->vocabulary.is_known(ref.scope) || !asked.count(ref.scope)) continue;
        problems->diagnostics.push_back(
            {severity, ref.where,
             scope::unknown_scope_message(resolved->vocabulary, ref.scope, provider_name) +
                 " (the provider's live catalog lists every scope)"});
      }
    }
  }
}
}  // namespace

const OfflineSource* OfflineSources::find(const std::string& provider) const {
  const auto found = by_provider.find(provider);
  if (found != by_provider.end()) return &found->second;
  return for_all ? &*for_all : nullptr;
}

WantedScopes all_wanted_scopes(const manifest::Manifest& manifest) {
  WantedScopes wanted;
  for (const manifest::ProviderSpec& spec : manifest.providers) {
    ScopeCollector scopes;
    for (const manifest::FeatureSpec& feature : manifest.features)
      if (feature.provider.value == spec.name) scopes.add(feature);
    wanted.emplace_back(spec.name, scopes.take());
  }
  return wanted;
}

std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest, const WantedScopes& wanted,
                                                const OfflineSources& offline, const LiveSettings& live,
                                                System& system, std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems) {
  std::vector<std::string> known;
  for (const manifest::ProviderSpec& spec : manifest.providers) known.push_back(spec.name);
  for (const auto& [name, source] : offline.by_provider) {
    if (!manifest.find_provider(name))
      problems->errors.push_back("an offline source names provider " + util::quoted(name) +
                                 ", which the manifest does not define" + util::did_you_mean(name, known));
  }
  // First everything that can fail without a request: tokens, variables, files.
  std::vector<LiveJob> jobs;
  std::map<std::string, Evidence> evidence;
  for (const auto& [name, scopes] : wanted) {
    const manifest::ProviderSpec& spec = *manifest.find_provider(name);
    const OfflineSource* source = offline.find(name);
    Resolver resolver(spec, source == nullptr, system.environment, problems);
    ResolvedProvider provider = resolver.resolve();
    if (source) {
      Evidence said;
      said.facts = read_offline(provider, *source, system, problems);
      // A saved answer that cannot be read is the call's mistake, not the
      // provider's: nothing was asked, and a retry would not help (exit 2).
      if (said.facts.outcome == providers::TokenFacts::Outcome::kError)
        problems->errors.push_back(describe_source(*source) + ": " + said.facts.error + " (nothing was asked)");
      said.source = describe_source(*source);
      said.offline = true;
      evidence.emplace(name, std::move(said));
    } else {
      auto token = read_token(provider, live.offline_flags, system, problems);
      provider.token_source = spec.token_file ? "the token file " + spec.token_file->value : token_variable(provider);
      auto [client_id, client_secret] = read_client_credentials(provider, system, problems);
      register_request_variables(spec, system);
      // A preset that reads the token itself (jwt) needs no network.
      static NoNetwork no_network;
      net::Transport* transport =
          system.transport ? system.transport : provider.preset->uses_network ? nullptr : &no_network;
      if (!transport) {
        problems->errors.push_back("provider " + util::quoted(name) + " would be asked over the network, which this run does not allow");
      } else if (token) {
        std::vector<providers::Probe> probes = resolver.probes();
        refuse_token_in_urls(provider, probes, *token, problems);
        auto context = std::make_unique<providers::LiveContext>(providers::LiveContext{
            spec, *transport, system.environment, provider.base_url, provider.org, *token, client_id,
            client_secret, scopes, std::move(probes), live.probes, live.allow_write_probes || spec.allow_write_probes,
            live.fetch_catalogs || any_unknown_to(provider.vocabulary, scopes), provider.introspection_url});
        jobs.push_back({name, provider.preset->create(spec), std::move(context), {}});
      }
    }
    resolved->emplace(name, std::move(provider));
  }
  if (problems->has_errors()) return {};
  run_live_jobs(jobs, system.transport);  // nothing was sent before this line
  for (LiveJob& job : jobs) {
    ResolvedProvider& provider = resolved->at(job.name);
    // A token its own preset cannot read (an opaque token given to jwt) is
    // configuration, not an unreachable provider: exit 2.
    if (!provider.preset->uses_network && job.facts.outcome == providers::TokenFacts::Outcome::kError)
      problems->errors.push_back("the token in " + provider.token_source + " does not fit preset " +
                                 util::quoted(provider.spec->preset.value) + " of provider " + util::quoted(job.name) +
                                 ": " + job.facts.error);
    if (job.facts.catalog)
      apply_catalog(manifest, job.name, *job.facts.catalog, job.context->wanted,
                    live.catalog_misses_are_errors ? manifest::Severity::kError : manifest::Severity::kWarning,
                    &provider, problems);
    Evidence said;
    said.facts = std::move(job.facts);
    said.source = provider.preset->uses_network ? "live" : "token claims";
    said.offline = !provider.preset->uses_network;
    evidence.emplace(job.name, std::move(said));
  }
  return evidence;
}

CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system) {
  CheckOutcome outcome;
  const auto selected = select_features(manifest, request.feature_names, &outcome.problems);
  // Providers are asked only for features that will be checked, and probed
  // only for the scopes those features need.
  // One pass over the features (not one per provider); a provider with an
  // offline source sends no probe, so its scopes are not collected.
  std::unordered_map<std::string_view, ScopeCollector> used;
  for (const manifest::FeatureSpec* feature : selected) {
    std::string ignored;
    if (feature->when && !condition_holds(*feature->when, system.environment, &ignored)) continue;
    ScopeCollector& scopes = used[feature->provider.value];
    if (!request.offline.find(feature->provider.value)) scopes.add(*feature);
  }
  WantedScopes wanted;
  for (const manifest::ProviderSpec& spec : manifest.providers)
    if (auto found = used.find(spec.name); found != used.end()) wanted.emplace_back(spec.name, found->second.take());
  if (outcome.problems.has_errors()) return outcome;
  std::map<std::string, ResolvedProvider> resolved;
  const auto evidence =
      gather_evidence(manifest, wanted, request.offline, request.live, system, &resolved, &outcome.problems);
  if (outcome.problems.has_errors()) return outcome;
  EvaluateOptions options;
  options.fail_on_excess = request.fail_on_excess;
  options.min_ttl = request.min_ttl;
  options.now = system.clock.now();
  outcome.report = evaluate(manifest, selected, resolved, evidence, system.environment, options);
  return outcome;
}

}  // namespace scopegate::engine
