#include "manifest/node_reader.h"

#include <algorithm>
#include <charconv>

#include "manifest/value_checks.h"
#include "util/edit_distance.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::manifest {

std::vector<NodeReader::Entry> NodeReader::entries(NodeId map, std::string_view owner, std::string_view duplicate_noun) {
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

void NodeReader::unknown_key(const Entry& entry, const std::vector<std::string>& allowed, std::string_view where) {
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

bool NodeReader::expect_kind(NodeId node, Kind kind, std::string_view what) {
  if (tree_.kind(node) == kind) return true;
  error(tree_.where(node), std::string(what) + " must be " + kind_name(kind) + ", found " +
                               kind_name(tree_.kind(node)));
  return false;
}

std::optional<Text> NodeReader::text(NodeId node, std::string_view what) {
  if (!expect_kind(node, Kind::kScalar, what)) return std::nullopt;
  return Text{tree_.scalar(node), tree_.where(node)};
}

std::optional<Text> NodeReader::non_empty_text(NodeId node, std::string_view what) {
  auto value = text(node, what);
  if (value && util::trim(value->value).empty()) {
    error(value->where, std::string(what) + " must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> NodeReader::boolean(NodeId node, std::string_view what) {
  if (tree_.kind(node) == Kind::kScalar) {
    const std::string lowered = util::to_lower(tree_.scalar(node));
    if (lowered == "true" || lowered == "yes" || lowered == "on") return true;
    if (lowered == "false" || lowered == "no" || lowered == "off") return false;
  }
  error(tree_.where(node), std::string(what) + " must be true or false");
  return std::nullopt;
}

std::optional<int> NodeReader::integer(NodeId node, std::string_view what) {
  if (tree_.kind(node) == Kind::kScalar) {
    const std::string& raw = tree_.scalar(node);
    int value = 0;
    const auto [end, code] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (code == std::errc() && end == raw.data() + raw.size()) return value;
  }
  error(tree_.where(node), std::string(what) + " must be a whole number");
  return std::nullopt;
}

std::vector<NodeReader::NodeId> NodeReader::scalar_items(NodeId node, std::string_view what) {
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

std::vector<Text> NodeReader::text_list(NodeId node, std::string_view what) {
  std::vector<Text> values;
  for (NodeId item : scalar_items(node, what)) values.push_back({tree_.scalar(item), tree_.where(item)});
  return values;
}

bool NodeReader::pasted_token(const Text& name) {
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

std::optional<Text> NodeReader::variable_name(NodeId node, std::string_view what) {
  auto value = non_empty_text(node, what);
  if (value && pasted_token(*value)) return std::nullopt;
  if (value && !is_variable_name(value->value)) {
    error(value->where, std::string(what) + " must be an environment variable name such as " +
                            "CI_API_TOKEN, not " + util::quoted(value->value));
    return std::nullopt;
  }
  return value;
}

std::optional<Text> NodeReader::url(NodeId node, std::string_view what) {
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

std::optional<Text> NodeReader::json_pointer(NodeId node, std::string_view what) {
  auto value = text(node, what);
  if (value && !value->value.empty() && value->value.front() != '/') {
    error(value->where, std::string(what) + " must be a JSON pointer such as /scopes, not " +
                            util::quoted(value->value));
    return std::nullopt;
  }
  return value;
}

bool NodeReader::check_scope(const std::string& scope, Location where) {
  const std::string problem = scope_problem(scope);
  if (problem.empty()) return true;
  error(where, "scope " + util::quoted(scope) + " " + problem);
  return false;
}

std::vector<ScopeRef> NodeReader::scope_list(NodeId node, std::string_view what, std::size_t* rejected) {
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

std::vector<Text> NodeReader::variable_list(NodeId node, std::string_view what) {
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

}  // namespace scopegate::manifest
