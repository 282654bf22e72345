#include <algorithm>
#include <cctype>

#include "manifest/parsers.h"
#include "manifest/value_checks.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::manifest {

namespace {
const std::vector<std::string> kCommonProviderKeys{
    "preset",     "base_url", "token_env", "token_file",         "token_page",
    "implies",    "wildcards", "probes",   "allow_write_probes", "allow_insecure_http",
    "require_key_prefix"};
const std::vector<std::string> kProbeKeys{"scope", "method", "url", "granted", "missing"};
const std::vector<std::string> kRequestKeys{"method", "url", "headers", "form"};
const std::vector<std::string> kHttpMethods{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

// Reads one manifest's providers: the keys every provider shares, and each
// preset's own keys through its rules.
class ProviderParser : public NodeReader {
 public:
  ProviderParser(NodeReader& reader, const PresetRules& presets, std::unordered_set<std::string>& declared)
      : NodeReader(reader), presets_(presets), declared_providers_(declared) {}

  void parse_providers(NodeId node, Manifest* manifest) {
    if (!expect_kind(node, Kind::kMap, "'providers'")) return;
    const auto list = entries(node, "'providers'", "provider");
    if (list.empty()) error(tree_.where(node), "'providers' is empty; name at least one provider");
    for (const Entry& entry : list) {
      if (const std::string problem = name_problem(*entry.key); !problem.empty()) {
        error(entry.key_where, "provider name " + util::quoted(*entry.key) + " " + problem);
        continue;
      }
      declared_providers_.insert(*entry.key);
      ProviderSpec provider;
      provider.name = *entry.key;
      provider.where = entry.key_where;
      if (parse_provider(entry.value, &provider)) manifest->providers.push_back(std::move(provider));
    }
  }

 private:
  // The provider's preset; true when it names a known one.
  bool read_preset(const std::vector<Entry>& fields, ProviderSpec* provider) {
    const std::vector<std::string> names = presets_.preset_names();
    for (const Entry& entry : fields) {
      if (*entry.key != "preset") continue;
      auto value = non_empty_text(entry.value, "'preset'");
      if (!value) return false;
      provider->preset = *value;
      if (std::find(names.begin(), names.end(), value->value) != names.end()) return true;
      error(value->where, "unknown preset " + util::quoted(value->value) + util::did_you_mean(value->value, names) +
                              "; presets: " + util::join(names, ", "));
      return false;
    }
    error(provider->where,
          "provider " + util::quoted(provider->name) + " needs a preset (one of: " + util::join(names, ", ") + ")");
    return false;
  }

  // Keys a provider may use: the common ones plus its preset's own (all presets'
  // when the preset is unknown, so one typo does not cascade).
  std::vector<std::string> allowed_provider_keys(const ProviderSpec& provider, bool known_preset) const {
    std::vector<std::string> keys = kCommonProviderKeys;
    const std::vector<std::string> own = presets_.own_keys(known_preset ? provider.preset.value : "");
    keys.insert(keys.end(), own.begin(), own.end());
    return keys;
  }

  void report_provider_key(const Entry& entry, const ProviderSpec& provider, const std::vector<std::string>& allowed,
                           const std::string& owner) {
    const std::vector<std::string> readers = presets_.readers_of(*entry.key);
    if (readers.empty()) return unknown_key(entry, allowed, "in " + owner);
    error(entry.key_where, "key " + util::quoted(*entry.key) + " is read only by preset" +
                               (readers.size() == 1 ? " " : "s ") + util::join(readers, " and ") +
                               ", not by preset " + provider.preset.value);
  }

  bool parse_provider(NodeId node, ProviderSpec* provider) {
    if (!expect_kind(node, Kind::kMap, "provider " + util::quoted(provider->name))) return false;
    const std::string owner = "provider " + util::quoted(provider->name);
    const auto fields = entries(node, owner);
    const bool known_preset = read_preset(fields, provider);
    const std::vector<std::string> allowed = allowed_provider_keys(*provider, known_preset);
    for (const Entry& entry : fields) {
      if (*entry.key == "preset") continue;
      if (std::find(allowed.begin(), allowed.end(), *entry.key) == allowed.end()) {
        report_provider_key(entry, *provider, allowed, owner);
        continue;
      }
      parse_provider_field(entry, provider);
    }
    if (!known_preset) return true;
    if (provider->token_env && provider->token_file)
      error(provider->token_file->where,
            "provider " + util::quoted(provider->name) + " has both token_env and token_file; keep one");
    presets_.check_provider(*provider, diagnostics_);
    return true;
  }

  void parse_provider_field(const Entry& entry, ProviderSpec* provider) {
    const std::string& key = *entry.key;
    const std::string what = util::quoted(key);
    const NodeId value = entry.value;
    if (key == "base_url") provider->base_url = url(value, what);
    else if (key == "token_env") provider->token_env = variable_name(value, what);
    else if (key == "token_file") provider->token_file = non_empty_text(value, what);
    else if (key == "token_page") provider->token_page = url(value, what);
    else if (key == "org") provider->org = non_empty_text(value, what);
    else if (key == "socket_cli") provider->socket_cli = non_empty_text(value, what);
    else if (key == "namespace") provider->namespace_ = non_empty_text(value, what);
    else if (key == "kubeconfig") provider->kubeconfig = non_empty_text(value, what);
    else if (key == "context") provider->context = non_empty_text(value, what);
    else if (key == "repository" || key == "resource") parse_repository(entry, provider);
    else if (key == "workflow_token") provider->workflow_token = boolean(value, what).value_or(false);
    else if (key == "allow_write_probes") provider->allow_write_probes = boolean(value, what).value_or(false);
    else if (key == "allow_insecure_http") provider->allow_insecure_http = boolean(value, what).value_or(false);
    else if (key == "require_key_prefix") provider->require_key_prefix = non_empty_text(value, what);
    // The endpoint that says who the credential is: oauth2's RFC 7662
    // endpoint, gcp's tokeninfo (the token in a form body), aws's STS.
    else if (key == "introspection_url" || key == "tokeninfo_url" || key == "sts_url") {
      provider->introspection_url = url(value, what);
      provider->introspection_key = key;
    }
    else if (key == "role_arn") provider->role_arn = non_empty_text(value, what);
    else if (key == "client_id_env") provider->client_id_env = variable_name(value, what);
    else if (key == "client_secret_env") provider->client_secret_env = variable_name(value, what);
    else if (key == "username_env") provider->username_env = variable_name(value, what);
    else if (key == "scope_claims") provider->scope_claims = claim_list(value, what);
    else if (key == "request") provider->request = parse_request(value, "'request'");
    else if (key == "scopes") parse_scope_location(value, provider);
    else if (key == "split") parse_split(value, provider);
    else if (key == "key_name") provider->key_name = json_pointer(value, what);
    else if (key == "key_prefix") provider->key_prefix = json_pointer(value, what);
    else if (key == "expires_at") provider->expires_at = json_pointer(value, what);
    else if (key == "implies") parse_implies(value, provider);
    else if (key == "wildcards") parse_wildcards(value, provider);
    else if (key == "probes") parse_probes(value, provider);
    // A key a preset lists in its own_keys but nothing reads would vanish
    // without a word: said as the bug it is (tests hold every preset to it).
    else error(entry.key_where, "key " + what + " is accepted but not read by this scopegate (a bug: please report it)");
  }

  // `repository:` is GitHub's word for the contract's `resource:` (the
  // default resource a permission is checked on); either, not both.
  void parse_repository(const Entry& entry, ProviderSpec* provider) {
    if (provider->resource) {
      error(entry.key_where, "provider " + util::quoted(provider->name) +
                                 " has both repository and resource, which name the same thing; keep one");
      return;
    }
    provider->resource = non_empty_text(entry.value, util::quoted(*entry.key));
  }

  // scope_claims: the claims that carry scopes, as names (permissions) or JSON
  // pointers (/realm_access/roles); at least one, each once.
  std::vector<Text> claim_list(NodeId node, std::string_view what) {
    std::vector<Text> claims;
    const std::size_t errors_before = diagnostics_.error_count();
    for (Text& claim : text_list(node, what)) {
      const auto same = [&](const Text& seen) { return seen.value == claim.value; };
      if (const std::string problem = claim_problem(claim.value); !problem.empty()) {
        error(claim.where, "claim " + util::quoted(claim.value) + " in " + std::string(what) + " " + problem);
      } else if (std::any_of(claims.begin(), claims.end(), same)) {
        warning(claim.where, "claim " + util::quoted(claim.value) + " is listed twice");
      } else {
        claims.push_back(std::move(claim));
      }
    }
    if (claims.empty() && diagnostics_.error_count() == errors_before)
      error(tree_.where(node), std::string(what) + " is empty; list the claims that carry the token's scopes, such as "
                                                   "[permissions] or [/realm_access/roles]");
    return claims;
  }

  std::optional<RequestSpec> parse_request(NodeId node, std::string_view what) {
    if (!expect_kind(node, Kind::kMap, what)) return std::nullopt;
    RequestSpec request;
    bool has_url = false;
    for (const Entry& entry : entries(node, what)) {
      if (*entry.key == "method") {
        if (auto method = parse_method(entry.value)) request.method = *method;
      } else if (*entry.key == "url") {
        if (auto value = url(entry.value, "'url'")) {
          request.url = *value;
          has_url = true;
        }
      } else if (*entry.key == "headers") {
        request.headers = parse_string_map(entry.value, "'headers'");
        for (const Entry& header : entries(entry.value, "'headers'"))
          if (!util::is_http_token(*header.key))
            error(header.key_where, "header name " + util::quoted(*header.key) +
                                        " is not an HTTP field name (letters, digits and !#$%&'*+-.^_`|~)");
      } else if (*entry.key == "form") {
        request.form = parse_string_map(entry.value, "'form'");
      } else {
        unknown_key(entry, kRequestKeys, "in " + std::string(what));
      }
    }
    if (!has_url) {
      error(tree_.where(node), std::string(what) + " needs a url");
      return std::nullopt;
    }
    return request;
  }

  std::optional<std::string> parse_method(NodeId node) {
    auto value = non_empty_text(node, "'method'");
    if (!value) return std::nullopt;
    const std::string upper = [&] {
      std::string s = value->value;
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    }();
    if (std::find(kHttpMethods.begin(), kHttpMethods.end(), upper) == kHttpMethods.end()) {
      error(value->where, "unknown HTTP method " + util::quoted(value->value));
      return std::nullopt;
    }
    return upper;
  }

  std::vector<Header> parse_string_map(NodeId node, std::string_view what) {
    std::vector<Header> result;
    if (!expect_kind(node, Kind::kMap, what)) return result;
    for (const Entry& entry : entries(node, what))
      if (auto value = text(entry.value, util::quoted(*entry.key))) result.push_back({*entry.key, *value});
    return result;
  }

  void parse_scope_location(NodeId node, ProviderSpec* provider) {
    auto value = text(node, "'scopes'");
    if (!value) return;
    ScopeLocation location = provider->scopes.value_or(ScopeLocation{});
    if (value->value.starts_with("header:")) {
      location.header = {std::string(util::trim(value->value.substr(7))), value->where};
      if (location.header.value.empty()) {
        error(value->where, "'scopes: header:' needs a header name, such as header:X-OAuth-Scopes");
        return;
      }
    } else if (value->value.empty() || value->value.front() == '/') {
      location.json_pointer = *value;
    } else {
      error(value->where, "'scopes' must be a JSON pointer such as /scopes, or header:NAME; found " +
                              util::quoted(value->value));
      return;
    }
    provider->scopes = location;
  }

  void parse_split(NodeId node, ProviderSpec* provider) {
    auto value = text(node, "'split'");
    if (!value) return;
    ScopeLocation location = provider->scopes.value_or(ScopeLocation{});
    if (value->value == "space") location.split = SplitMode::kSpace;
    else if (value->value == "comma") location.split = SplitMode::kComma;
    else if (value->value == "none" || value->value == "json") location.split = SplitMode::kJsonArray;
    else {
      error(value->where, "'split' must be space, comma or none (a JSON array); found " +
                              util::quoted(value->value) +
                              util::did_you_mean(value->value, {"space", "comma", "none"}));
      return;
    }
    provider->scopes = location;
  }

  void parse_implies(NodeId node, ProviderSpec* provider) {
    if (!expect_kind(node, Kind::kMap, "'implies'")) return;
    for (const Entry& entry : entries(node, "'implies'")) {
      Implication implication;
      implication.scope = {*entry.key, entry.key_where};
      for (Text& included : text_list(entry.value, "'implies: " + *entry.key + "'")) {
        if (check_scope(included.value, included.where)) implication.includes.push_back(included);
      }
      provider->implies.push_back(std::move(implication));
    }
  }

  void parse_wildcards(NodeId node, ProviderSpec* provider) {
    auto value = non_empty_text(node, "'wildcards'");
    if (!value) return;
    if (value->value.find_first_of(" \t*") != std::string::npos) {
      error(value->where, "'wildcards' is the separator in scope names, such as \":\"");
      return;
    }
    provider->wildcards = value;
  }

  void parse_probes(NodeId node, ProviderSpec* provider) {
    if (!expect_kind(node, Kind::kSequence, "'probes'")) return;
    for (NodeId item : tree_.children(node))
      if (auto probe = parse_probe(item)) provider->probes.push_back(std::move(*probe));
  }

  std::vector<int> status_list(NodeId node, std::string_view what) {
    std::vector<int> codes;
    const auto items = tree_.kind(node) == Kind::kSequence ? std::vector<NodeId>(tree_.children(node).begin(), tree_.children(node).end())
                                                            : std::vector<NodeId>{node};
    for (NodeId item : items) {
      const auto code = integer(item, what);
      if (!code) continue;
      if (*code < 100 || *code > 599) error(tree_.where(item), std::string(what) + " holds " + std::to_string(*code) + ", not an HTTP status");
      else codes.push_back(*code);
    }
    return codes;
  }

  std::optional<ProbeSpec> parse_probe(NodeId node) {
    if (!expect_kind(node, Kind::kMap, "each probe")) return std::nullopt;
    ProbeSpec probe;
    probe.where = tree_.where(node);
    bool has_scope = false, has_url = false;
    for (const Entry& entry : entries(node, "a probe")) {
      if (*entry.key == "scope") {
        if (auto value = non_empty_text(entry.value, "'scope'"); value && check_scope(value->value, value->where)) {
          probe.scope = *value;
          has_scope = true;
        }
      } else if (*entry.key == "method") {
        if (auto method = parse_method(entry.value)) probe.method = *method;
      } else if (*entry.key == "url") {
        if (auto value = url(entry.value, "'url'")) {
          probe.url = *value;
          has_url = true;
        }
      } else if (*entry.key == "granted") {
        probe.granted = status_list(entry.value, "'granted'");
      } else if (*entry.key == "missing") {
        probe.missing = status_list(entry.value, "'missing'");
      } else {
        unknown_key(entry, kProbeKeys, "in a probe");
      }
    }
    if (!has_scope) error(probe.where, "a probe needs the scope it proves ('scope:')");
    if (!has_url) error(probe.where, "a probe needs a url");
    if (!has_scope || !has_url) return std::nullopt;
    return probe;
  }

  const PresetRules& presets_;
  std::unordered_set<std::string>& declared_providers_;
};
}  // namespace

void parse_providers(NodeReader& reader, const PresetRules& presets, NodeReader::NodeId node, Manifest* manifest,
                     std::unordered_set<std::string>* declared) {
  ProviderParser(reader, presets, *declared).parse_providers(node, manifest);
}

}  // namespace scopegate::manifest
