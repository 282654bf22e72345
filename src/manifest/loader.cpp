#include "manifest/loader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "util/edit_distance.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::manifest {

namespace {
using NodeId = YamlTree::NodeId;
using Kind = YamlTree::Kind;

const std::vector<std::string> kTopKeys{"version", "providers", "features"};
const std::vector<std::string> kCommonProviderKeys{
    "preset",     "base_url", "token_env", "token_file",         "token_page",
    "implies",    "wildcards", "probes",   "allow_write_probes", "allow_insecure_http",
    "require_key_prefix"};
const std::vector<std::string> kFeatureKeys{"provider", "description", "hint",
                                            "optional", "requires",    "when"};
const std::vector<std::string> kRequirementKeys{"all", "any"};
const std::vector<std::string> kConditionKeys{"env", "env_unset", "equals"};
const std::vector<std::string> kProbeKeys{"scope", "method", "url", "granted", "missing"};
const std::vector<std::string> kRequestKeys{"method", "url", "headers", "form"};
const std::vector<std::string> kHttpMethods{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

constexpr const char* kPastedToken =
    "this looks like a token: a secret never goes in the manifest; rotate it, since it is in this file now, and "
    "name the variable that holds it with token_env (or its file with token_file)";
constexpr const char* kPastedTokenForName =
    "this looks like a token, not a variable name: rotate it, since it is in the manifest now, and write the name "
    "of the variable that holds it instead (token_env: SONAR_API_KEY), or of its file (token_file:)";

// Keys under which people paste a secret itself: "token: ghp_...",
// "api_token:", "bearer:", "key:", "client_secret:", "password:".
bool is_secret_key(std::string_view key) {
  const std::string lowered = util::to_lower(key);
  for (std::string_view word : {"token", "secret", "password", "passwd", "bearer", "credential", "apikey", "api_key",
                                "api-key"})
    if (lowered.find(word) != std::string::npos) return true;
  return lowered == "key" || lowered == "auth" || lowered == "authorization";
}

// Words of the manifest's text (comments too) in a known token format: a
// secret committed in the file. Each is an error at its position and is
// registered for redaction before any line is quoted.
void find_pasted_tokens(std::string_view text, std::vector<std::string>* secrets, Diagnostics* diagnostics) {
  for (std::size_t at = 0; at < text.size();) {
    if (!util::is_token_character(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && util::is_token_character(text[end])) ++end;
    const std::string_view word = text.substr(at, end - at);
    if (util::looks_like_secret(word, false) == util::SecretLook::kKnownPrefix) {
      secrets->emplace_back(word);
      diagnostics->error(location_of_offset(text, at), kPastedToken);
    }
    at = end;
  }
}

// "user:password" of "https://user:password@host/...", or nullopt.
std::optional<std::string> url_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const std::string_view authority = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - (scheme + 3));
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  return std::string(authority.substr(0, at));
}

// Keys starting with "x-" are the user's own (anchors for reuse, notes) and are skipped.
bool is_extension_key(std::string_view key) { return key.starts_with("x-"); }

bool is_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// "contains U+001B (escape) at position 3" for the first character no name
// should hold (controls, invisible and reordering characters), or "".
std::string unsafe_character(std::string_view text) {
  std::size_t position = 1;
  for (std::size_t at = 0; at < text.size(); ++position) {
    if (text[at] >= 0x20 && text[at] < 0x7F) {  // printable ASCII, the common case
      ++at;
      continue;
    }
    const util::Utf8Char c = util::decode_utf8_at(text, at);
    if (!c.valid || util::is_unsafe_code_point(c.code_point))
      return "contains " + util::describe_character(text, at) + " at position " + std::to_string(position);
    at += c.length;
  }
  return {};
}

// Feature and provider names are used on the command line (-f a,b and NAME=...).
std::string name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  // A name opens lines of the text report: it must not look like a CI command ("::warning").
  if (!std::isalnum(static_cast<unsigned char>(name.front()))) return "must start with a letter or a digit";
  if (std::string unsafe = unsafe_character(name); !unsafe.empty()) return unsafe;
  for (char c : name) {
    if (c == ',' || c == '=' || c == '|') return std::string("contains '") + c + "'";
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)))
      return "contains white space or a control character";
  }
  return {};
}

std::string scope_problem(std::string_view scope) {
  if (scope.empty()) return "is empty; write the scope's name, or remove the item";
  bool plain_ascii = true;
  for (char c : scope) {
    if (c == ' ') return "contains white space; write each scope as its own list item";
    if (c == ',') return "contains ','; write each scope as its own list item";
    if (c == '|') return "contains '|'; use `any:` for alternatives";
    plain_ascii = plain_ascii && c > ' ' && c < 0x7F;
  }
  return plain_ascii ? std::string() : unsafe_character(scope);
}

// A scope claim is a claim name ("permissions", "https://example.com/roles")
// or a JSON pointer ("/realm_access/roles"), visible characters only.
std::string claim_problem(std::string_view claim) {
  if (util::trim(claim).empty()) return "is empty; write the claim's name, or remove the item";
  if (std::string unsafe = unsafe_character(claim); !unsafe.empty()) return unsafe;
  if (claim.find(' ') != std::string_view::npos) return "contains white space; write each claim as its own list item";
  if (!claim.starts_with('/')) return {};
  if (claim.ends_with('/') || claim.find("//") != std::string_view::npos)
    return "has an empty step; write a JSON pointer such as /realm_access/roles";
  for (std::size_t at = claim.find('~'); at != std::string_view::npos; at = claim.find('~', at + 1))
    if (at + 1 == claim.size() || (claim[at + 1] != '0' && claim[at + 1] != '1'))
      return "is not a JSON pointer: '~' must be followed by 0 or 1 (~1 stands for '/')";
  return {};
}

// Pre-parse checks: YAML needs text; say so at the first bad byte.
bool check_is_text(std::string_view text, Diagnostics* diagnostics) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    diagnostics->error({1, 1}, "the manifest is UTF-16 encoded; save it as UTF-8");
    return false;
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    diagnostics->error(location_of_offset(text, nul),
                       "the manifest is not text: it contains a NUL byte");
    return false;
  }
  std::size_t bad = 0;
  if (!util::is_valid_utf8(text, &bad)) {
    diagnostics->error(location_of_offset(text, bad),
                       "the manifest is not valid UTF-8 (bad byte here); save it as UTF-8");
    return false;
  }
  return true;
}

// Where a name was first seen in one mapping or list: a scan while the list
// is short (a feature's five keys, its twenty scopes), a hash map once it is
// long, so a list of 10,000 scopes costs 10,000 lookups, not 50 million compares.
class FirstSeen {
 public:
  // nullopt the first time `name` is seen (it is remembered), else where it was.
  std::optional<Location> remember(std::string_view name, Location where) {
    if (!large_.empty()) {
      const auto [found, inserted] = large_.emplace(name, where);
      return inserted ? std::nullopt : std::optional<Location>(found->second);
    }
    for (const auto& [seen, first] : small_)
      if (seen == name) return first;
    small_.emplace_back(name, where);
    if (small_.size() > kScanLimit) large_.insert(small_.begin(), small_.end());
    return std::nullopt;
  }

 private:
  static constexpr std::size_t kScanLimit = 32;
  std::vector<std::pair<std::string_view, Location>> small_;
  std::unordered_map<std::string_view, Location> large_;
};

class ManifestParser {
 public:
  ManifestParser(YamlTree& tree, const LoadOptions& options, Diagnostics* diagnostics)
      : tree_(tree), max_features_(options.max_features), presets_(*options.presets), diagnostics_(*diagnostics) {}

  void parse(Manifest* manifest) {
    parse_document(manifest);
    for (std::string& secret : pasted_secrets_) manifest->pasted_secrets.push_back(std::move(secret));
  }

 private:
  void parse_document(Manifest* manifest) {
    const NodeId root = tree_.root();
    if (tree_.kind(root) != Kind::kMap) {
      error(tree_.where(root), std::string("the manifest must be a mapping with version, providers "
                                           "and features; found ") +
                                   kind_name(tree_.kind(root)));
      return;
    }
    bool saw_version = false, saw_providers = false, saw_features = false;
    for (const Entry& entry : entries(root, "the manifest")) {
      if (*entry.key == "version") {
        saw_version = true;
        parse_version(entry.value, manifest);
      } else if (*entry.key == "providers") {
        saw_providers = true;
        parse_providers(entry.value, manifest);
      } else if (*entry.key == "features") {
        saw_features = true;
        parse_features(entry.value, manifest);
      } else {
        unknown_key(entry, kTopKeys, "at the top level");
      }
    }
    if (!saw_version) error({1, 1}, "missing 'version: 1' at the top of the manifest");
    if (!saw_providers) error({1, 1}, "missing 'providers:'; a manifest names at least one provider");
    if (!saw_features) error({1, 1}, "missing 'features:'; a manifest lists at least one feature");
    resolve_feature_providers(manifest);
    warn_unused_providers(*manifest);
    presets_.check_manifest(*manifest, diagnostics_);
  }

 private:
  struct Entry {
    const std::string* key;
    Location key_where;
    NodeId value;
  };

  void error(Location where, std::string message) { diagnostics_.error(where, std::move(message)); }
  void warning(Location where, std::string message) {
    diagnostics_.warning(where, std::move(message));
  }

  // The entries of a mapping, minus x- keys; reports non-string and duplicate keys.
  std::vector<Entry> entries(NodeId map, std::string_view owner, std::string_view duplicate_noun = "key") {
    std::vector<Entry> result;
    FirstSeen seen;
    const auto children = tree_.children(map);
    result.reserve(children.size() / 2);
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
      const NodeId key = children[i];
      if (tree_.kind(key) != Kind::kScalar) {
        error(tree_.where(key), "keys in " + std::string(owner) + " must be plain strings");
        continue;
      }
      const std::string& name = tree_.scalar(key);
      if (is_extension_key(name)) continue;
      if (const auto first = seen.remember(name, tree_.where(key))) {
        error(tree_.where(key), "duplicate " + std::string(duplicate_noun) + " " + util::quoted(name) +
                                    " in " + std::string(owner) + " (first at line " + std::to_string(first->line) +
                                    ")");
        continue;
      }
      result.push_back({&name, tree_.where(key), children[i + 1]});
    }
    return result;
  }

  void unknown_key(const Entry& entry, const std::vector<std::string>& allowed, std::string_view where) {
    const std::string suggestion = util::did_you_mean(*entry.key, allowed);
    const bool scalar = tree_.kind(entry.value) == Kind::kScalar;
    // "token: sk_live_...", "api_token: <random>": the value is treated as the
    // secret it claims or looks to be. A typo of a known key ("token_envv")
    // holding a name is just a typo.
    const bool typo = util::closest_match(*entry.key, allowed).has_value();
    if (scalar && ((is_secret_key(*entry.key) && !typo) ||
                   util::looks_like_secret(tree_.scalar(entry.value), true) != util::SecretLook::kNo)) {
      pasted_secrets_.push_back(tree_.scalar(entry.value));
      error(entry.key_where, "a secret never goes in the manifest (key " + util::quoted(*entry.key) +
                                 "): write the name of the variable that holds it as token_env (or a file as "
                                 "token_file), and rotate the token, since it is in this file now");
      return;
    }
    error(entry.key_where, "unknown key " + util::quoted(*entry.key) + " " + std::string(where) + suggestion);
  }

  bool expect_kind(NodeId node, Kind kind, std::string_view what) {
    if (tree_.kind(node) == kind) return true;
    error(tree_.where(node), std::string(what) + " must be " + kind_name(kind) + ", found " +
                                 kind_name(tree_.kind(node)));
    return false;
  }

  std::optional<Text> text(NodeId node, std::string_view what) {
    if (!expect_kind(node, Kind::kScalar, what)) return std::nullopt;
    return Text{tree_.scalar(node), tree_.where(node)};
  }

  std::optional<Text> non_empty_text(NodeId node, std::string_view what) {
    auto value = text(node, what);
    if (value && util::trim(value->value).empty()) {
      error(value->where, std::string(what) + " must not be empty");
      return std::nullopt;
    }
    return value;
  }

  std::optional<bool> boolean(NodeId node, std::string_view what) {
    if (tree_.kind(node) == Kind::kScalar) {
      const std::string lowered = util::to_lower(tree_.scalar(node));
      if (lowered == "true" || lowered == "yes" || lowered == "on") return true;
      if (lowered == "false" || lowered == "no" || lowered == "off") return false;
    }
    error(tree_.where(node), std::string(what) + " must be true or false");
    return std::nullopt;
  }

  std::optional<int> integer(NodeId node, std::string_view what) {
    if (tree_.kind(node) == Kind::kScalar) {
      const std::string& raw = tree_.scalar(node);
      int value = 0;
      const auto [end, code] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
      if (code == std::errc() && end == raw.data() + raw.size()) return value;
    }
    error(tree_.where(node), std::string(what) + " must be a whole number");
    return std::nullopt;
  }

  // One scalar, or a list of scalars.
  // The scalar items of one scalar or a list of scalars; every other item is reported.
  std::vector<NodeId> scalar_items(NodeId node, std::string_view what) {
    std::vector<NodeId> items;
    if (tree_.kind(node) == Kind::kScalar) return {node};
    if (!expect_kind(node, Kind::kSequence, what)) return items;
    items.reserve(tree_.children(node).size());
    for (NodeId item : tree_.children(node)) {
      if (tree_.kind(item) == Kind::kScalar) items.push_back(item);
      else expect_kind(item, Kind::kScalar, "each item of " + std::string(what));  // says what is wrong
    }
    return items;
  }

  std::vector<Text> text_list(NodeId node, std::string_view what) {
    std::vector<Text> values;
    for (NodeId item : scalar_items(node, what)) values.push_back({tree_.scalar(item), tree_.where(item)});
    return values;
  }

  // A random-looking "name" is a token pasted where its variable's name
  // belongs: never echoed (redacted), and the advice is to rotate it.
  bool pasted_token(const Text& name) {
    const util::SecretLook look = util::looks_like_secret(name.value, true);
    if (look == util::SecretLook::kNo) return false;
    // A known format was reported and registered by find_pasted_tokens; here
    // it is known to stand where a name belongs.
    if (look == util::SecretLook::kHighEntropy || !diagnostics_.reword(name.where, kPastedTokenForName)) {
      pasted_secrets_.push_back(name.value);
      error(name.where, kPastedTokenForName);
    }
    return true;
  }

  std::optional<Text> variable_name(NodeId node, std::string_view what) {
    auto value = non_empty_text(node, what);
    if (value && pasted_token(*value)) return std::nullopt;
    if (value && !is_variable_name(value->value)) {
      error(value->where, std::string(what) + " must be an environment variable name such as " +
                              "SONAR_API_KEY, not " + util::quoted(value->value));
      return std::nullopt;
    }
    return value;
  }

  // URLs may hold ${VAR}; they are checked for shape here and expanded at check time.
  std::optional<Text> url(NodeId node, std::string_view what) {
    auto value = non_empty_text(node, what);
    if (!value) return value;
    for (const std::string& bad : util::malformed_references(value->value)) {
      error(value->where, "malformed variable reference " + util::quoted(bad) + " in " +
                              std::string(what) + "; write ${NAME} or ${NAME:-default}");
      return std::nullopt;
    }
    for (const std::string& variable : util::referenced_variables(value->value)) {
      if (variable == "TOKEN") {
        error(value->where, "${TOKEN} in " + std::string(what) + ": the token never goes in a URL (it would show in "
                                "logs and proxies); send it in a header");
        return std::nullopt;
      }
    }
    const std::string& raw = value->value;
    if (!raw.starts_with("https://") && !raw.starts_with("http://") && !raw.starts_with("${") &&
        !raw.starts_with("/")) {
      error(value->where, std::string(what) + " must be an http:// or https:// URL, not " +
                              util::quoted(raw));
      return std::nullopt;
    }
    if (const auto userinfo = url_userinfo(raw)) {
      // A password in a URL shows in every report that quotes the URL: it is
      // redacted from the diagnostics, and refused.
      pasted_secrets_.push_back(*userinfo);
      if (const std::size_t colon = userinfo->find(':'); colon != std::string::npos)
        pasted_secrets_.push_back(userinfo->substr(colon + 1));
      error(value->where, std::string(what) + " carries a user name or password: credentials never go in a URL; "
                                              "rotate that password, and let token_env name the token instead");
      return std::nullopt;
    }
    return value;
  }

  std::optional<Text> json_pointer(NodeId node, std::string_view what) {
    auto value = text(node, what);
    if (value && !value->value.empty() && value->value.front() != '/') {
      error(value->where, std::string(what) + " must be a JSON pointer such as /scopes, not " +
                              util::quoted(value->value));
      return std::nullopt;
    }
    return value;
  }

  void parse_version(NodeId node, Manifest* manifest) {
    const auto version = integer(node, "'version'");
    if (!version) return;
    if (*version != 1) {
      error(tree_.where(node), "unsupported manifest version " + std::to_string(*version) +
                                  "; this scopegate reads version 1");
      return;
    }
    manifest->version = *version;
  }

  // ----- providers -----

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
    else if (key == "allow_write_probes") provider->allow_write_probes = boolean(value, what).value_or(false);
    else if (key == "allow_insecure_http") provider->allow_insecure_http = boolean(value, what).value_or(false);
    else if (key == "require_key_prefix") provider->require_key_prefix = non_empty_text(value, what);
    else if (key == "introspection_url") provider->introspection_url = url(value, what);
    else if (key == "client_id_env") provider->client_id_env = variable_name(value, what);
    else if (key == "client_secret_env") provider->client_secret_env = variable_name(value, what);
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

  // ----- features -----

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

  bool check_scope(const std::string& scope, Location where) {
    const std::string problem = scope_problem(scope);
    if (problem.empty()) return true;
    error(where, "scope " + util::quoted(scope) + " " + problem);
    return false;
  }

  // `rejected` counts the items already reported, so an emptied list is not reported again.
  std::vector<ScopeRef> scope_list(NodeId node, std::string_view what, std::size_t* rejected = nullptr) {
    std::vector<ScopeRef> scopes;
    const std::size_t errors_before = diagnostics_.error_count();
    FirstSeen seen;
    const std::vector<NodeId> items = scalar_items(node, what);
    scopes.reserve(items.size());
    for (NodeId item : items) {
      if (!check_scope(tree_.scalar(item), tree_.where(item))) continue;
      // Moved, not copied, out of the tree; `seen` keeps views into `scopes`,
      // whose elements stay put (reserved above).
      scopes.push_back({tree_.take_scalar(item), tree_.where(item)});
      if (seen.remember(scopes.back().scope, tree_.where(item))) {
        warning(tree_.where(item), "scope " + util::quoted(scopes.back().scope) + " is listed twice");
        scopes.pop_back();
      }
    }
    if (rejected) *rejected += diagnostics_.error_count() - errors_before;
    return scopes;
  }

  void parse_requirement(NodeId node, FeatureSpec* feature) {
    const std::string owner = "'requires' of feature " + util::quoted(feature->name);
    Requirement& requirement = feature->requires_;
    std::size_t rejected = 0;
    if (tree_.kind(node) == Kind::kMap) {
      for (const Entry& entry : entries(node, owner)) {
        if (*entry.key == "all") requirement.all = scope_list(entry.value, "'all'", &rejected);
        else if (*entry.key == "any") requirement.any = scope_list(entry.value, "'any'", &rejected);
        else unknown_key(entry, kRequirementKeys, "in 'requires' (use all: or any:)");
      }
    } else if (tree_.kind(node) == Kind::kSequence || tree_.kind(node) == Kind::kScalar) {
      requirement.all = scope_list(node, "'requires'", &rejected);
    } else {
      error(tree_.where(node), owner + " must list scopes, or be a mapping with all: and any:");
      return;
    }
    // An item already reported (an empty or malformed scope) says enough.
    if (requirement.all.empty() && requirement.any.empty() && rejected == 0)
      error(tree_.where(node), owner + " is empty; a feature needs at least one scope");
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

  std::vector<Text> variable_list(NodeId node, std::string_view what) {
    std::vector<Text> names;
    for (Text& name : text_list(node, what)) {
      if (pasted_token(name)) continue;
      if (is_variable_name(name.value)) names.push_back(std::move(name));
      else if (util::trim(name.value).empty())
        error(name.where,
              std::string(what) + " names an empty variable; write the variable's name, such as EXPORT_ENABLED");
      else error(name.where, std::string(what) + " takes environment variable names, not " + util::quoted(name.value));
    }
    return names;
  }

  // ----- cross-references -----

  void resolve_feature_providers(Manifest* manifest) {
    std::vector<std::string> names;
    for (const ProviderSpec& provider : manifest->providers) names.push_back(provider.name);
    for (FeatureSpec& feature : manifest->features) {
      if (feature.provider.value.empty()) {
        if (manifest->providers.size() == 1) {
          feature.provider = {manifest->providers.front().name, feature.where};
        } else if (manifest->providers.size() > 1) {
          error(feature.where, "feature " + util::quoted(feature.name) +
                                   " must say which provider it uses (provider: " + util::join(names, " or ") + ")");
        }
        continue;
      }
      if (!manifest->find_provider(feature.provider.value) &&
          !declared_providers_.count(feature.provider.value))
        error(feature.provider.where, "feature " + util::quoted(feature.name) + " names provider " +
                                          util::quoted(feature.provider.value) + ", which is not defined" +
                                          util::did_you_mean(feature.provider.value, names));
    }
  }

  void warn_unused_providers(const Manifest& manifest) {
    std::unordered_set<std::string_view> used;
    for (const FeatureSpec& feature : manifest.features) used.insert(feature.provider.value);
    for (const ProviderSpec& provider : manifest.providers)
      if (!used.count(provider.name))
        warning(provider.where, "provider " + util::quoted(provider.name) + " is used by no feature");
  }

  YamlTree& tree_;  // scope lists are moved out of it (take_scalar)
  std::size_t max_features_;
  const PresetRules& presets_;
  Diagnostics& diagnostics_;
  // Every provider name written, even one whose body had errors, so a feature
  // naming it is not reported a second time as "not defined".
  std::unordered_set<std::string> declared_providers_;
  std::vector<std::string> pasted_secrets_;  // see Manifest::pasted_secrets
};
}  // namespace

namespace {
// The first tab in a line's indentation, up to line `last` (1-based; 0: any):
// YAML forbids tabs there, and yaml-cpp's message for one ("illegal map
// value") does not say so.
std::optional<Location> tab_in_indentation(std::string_view text, int last) {
  int line = 1;
  for (std::size_t start = 0; start < text.size() && (last == 0 || line <= last); ++line) {
    std::size_t at = start;  // only the indentation is looked at: one pass over the text
    while (at < text.size() && text[at] == ' ') ++at;
    if (at < text.size() && text[at] == '\t') return Location{line, static_cast<int>(at - start) + 1};
    const std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return std::nullopt;
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
  ManifestParser(tree, options, diagnostics).parse(manifest);
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
    if (provider.introspection_url) urls.push_back({&*provider.introspection_url, "introspection_url"});
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
    case util::FileSystem::Status::kOkay:
      return parse_manifest(path, std::move(text), options, manifest, diagnostics);
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
