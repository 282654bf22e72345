#include "engine/resolver.h"

#include "net/credential_route.h"
#include "net/proxy.h"
#include "net/request_check.h"
#include "net/url.h"
#include "providers/manifest_rules.h"
#include "providers/presets.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
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

  ResolvedProvider resolve(std::optional<providers::Connection> connection = std::nullopt) {
    ResolvedProvider resolved;
    resolved.connection = std::move(connection);
    resolved.spec = &spec_;
    resolved.preset = providers::find_preset(spec_.preset.value);
    resolved.vocabulary = providers::build_vocabulary(*resolved.preset, spec_);
    const bool needs_address = live_ && resolved.preset->uses_network;
    resolved.base_url = expand(spec_.base_url, "base_url", needs_address);
    const bool found_address = resolved.connection && !resolved.connection->base_url.empty();
    if (!spec_.base_url && found_address) resolved.base_url = resolved.connection->base_url;
    if (!spec_.base_url && !found_address) resolved.base_url = default_address(*resolved.preset, needs_address);
    resolved.introspection_url = expand(spec_.introspection_url, spec_.introspection_key, needs_address);
    if (spec_.request && needs_address) resolved.request_url = expand(spec_.request->url, "the request url", true);
    // oauth2 without base_url: probe paths are relative to the authorization
    // server's root, and the token stays on its origin.
    if (derives_base_url(resolved))
      resolved.base_url = net::url_origin(resolved.introspection_url).value_or(resolved.introspection_url);
    resolved.org = expand(spec_.org, "org", needs_address);
    resolved.resource = expand(spec_.resource, "resource", needs_address);
    if (!spec_.resource && resolved.connection) resolved.resource = resolved.connection->resource;
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
      probes.push_back({spec.scope.value, spec.method, url, spec.granted, spec.missing, {}});
    }
    return probes;
  }

 private:
  // oauth2 without base_url takes its address from introspection_url; a
  // preset with an address of its own (gcp, whose tokeninfo_url is another
  // origin) keeps it.
  bool derives_base_url(const ResolvedProvider& resolved) const {
    return !spec_.base_url && resolved.preset->default_base_url.empty() && !resolved.introspection_url.empty();
  }

  // The preset's address; one written as ${VAR} (Vault's ${VAULT_ADDR}, as
  // its CLI reads it) is read from the environment like a manifest's own.
  std::string default_address(const providers::PresetInfo& preset, bool required) {
    const std::string address(preset.default_base_url);
    if (address.find("${") == std::string::npos) return address;
    // Not needed (an offline check): the preset's own default is no mistake of the manifest's.
    if (!required) {
      util::Expansion expansion = util::expand_variables(address, environment_);
      return expansion.undefined.empty() ? expansion.text : std::string();
    }
    return expand(manifest::Text{address, spec_.where}, "the default base_url", required);
  }

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
    const bool found = !spec_.base_url && resolved.connection && !resolved.connection->base_url.empty();
    const std::string base_name = found ? resolved.connection->base_url_source : "base_url";
    if (!resolved.base_url.empty() && !derives_base_url(resolved)) check_address(resolved.base_url, base_name);
    if (!resolved.introspection_url.empty()) check_address(resolved.introspection_url, spec_.introspection_key);
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
    const net::Cleartext route = net::cleartext_route(*url, proxy, spec_.allow_insecure_http);
    if (route == net::Cleartext::kEncrypted || route == net::Cleartext::kAllowed) return;
    const std::string plain = std::string(what) + " of provider " + util::quoted(spec_.name) + " is plain http:// (" +
                              url->host + ")";
    if (route == net::Cleartext::kLeavesMachine)
      problems_.errors.push_back(plain + "; the token would travel in clear text. Use https://, or set "
                                         "allow_insecure_http: true if you mean it");
    else  // kThroughProxy
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
}  // namespace

ResolvedProvider resolve_provider(const manifest::ProviderSpec& spec, bool live,
                                  const util::Environment& environment, Problems* problems,
                                  std::optional<providers::Connection> connection) {
  return Resolver(spec, live, environment, problems).resolve(std::move(connection));
}

std::vector<providers::Probe> resolve_probes(const manifest::ProviderSpec& spec, bool live,
                                             const util::Environment& environment, Problems* problems) {
  return Resolver(spec, live, environment, problems).probes();
}

void refuse_token_in_urls(const ResolvedProvider& provider, const std::vector<providers::Probe>& probes,
                          const std::string& token, Problems* problems) {
  std::vector<std::pair<std::string, std::string>> urls{{"base_url", provider.base_url},
                                                        {provider.spec->introspection_key, provider.introspection_url},
                                                        {"org", provider.org},
                                                        {"resource", provider.resource},
                                                        {"the request url", provider.request_url}};
  for (const providers::Probe& probe : probes) urls.emplace_back("the probe url for " + probe.scope, probe.url);
  for (const auto& [what, url] : urls) {
    if (!net::url_carries_secret(url, token)) continue;
    problems->errors.push_back(what + " of provider " + util::quoted(provider.spec->name) + " would carry the token (from " +
                               provider.token_source + "): a token never goes in a URL, where logs and proxies see "
                               "it; nothing was sent");
  }
}

}  // namespace scopegate::engine
