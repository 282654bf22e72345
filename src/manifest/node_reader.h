#pragma once
// Typed reading of a manifest's YAML nodes: each reader returns the value, or
// nothing after reporting the problem at the node ("'optional' must be true or
// false"). The schema (which keys, which readers) is the parsers' business;
// the checks a value gets as it is read (value_checks.h) are applied here,
// and a secret found in a value is kept for redaction. `what` names the value
// in messages, quoted by the caller: "'version'", "provider 'gh'".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "manifest/yaml_tree.h"

namespace scopegate::manifest {

class NodeReader {
 public:
  using NodeId = YamlTree::NodeId;
  using Kind = YamlTree::Kind;

  // `tree` is read (and scope lists are moved out of it); problems go to
  // `diagnostics`; secrets found in the file are appended to `pasted_secrets`.
  NodeReader(YamlTree& tree, Diagnostics& diagnostics, std::vector<std::string>& pasted_secrets)
      : tree_(tree), diagnostics_(diagnostics), pasted_secrets_(pasted_secrets) {}

  // One key of a mapping: the key's text and position, and its value's node.
  struct Entry {
    const std::string* key;
    Location key_where;
    NodeId value;
  };

  void error(Location where, std::string message) { diagnostics_.error(where, std::move(message)); }
  void warning(Location where, std::string message) { diagnostics_.warning(where, std::move(message)); }
  std::size_t error_count() const { return diagnostics_.error_count(); }
  YamlTree& tree() { return tree_; }

  // The entries of a mapping, minus x- keys; reports non-string and duplicate keys.
  std::vector<Entry> entries(NodeId map, std::string_view owner, std::string_view duplicate_noun = "key");
  // "unknown key 'requirs' in feature 'x' (did you mean 'requires'?)", or, for
  // a key that holds a secret ("token: ghp_..."), the advice to rotate it.
  void unknown_key(const Entry& entry, const std::vector<std::string>& allowed, std::string_view where);

  bool expect_kind(NodeId node, Kind kind, std::string_view what);
  std::optional<Text> text(NodeId node, std::string_view what);
  std::optional<Text> non_empty_text(NodeId node, std::string_view what);
  std::optional<bool> boolean(NodeId node, std::string_view what);  // true/false, yes/no, on/off
  std::optional<int> integer(NodeId node, std::string_view what);
  // The scalar items of one scalar or a list of scalars; every other item is reported.
  std::vector<NodeId> scalar_items(NodeId node, std::string_view what);
  std::vector<Text> text_list(NodeId node, std::string_view what);
  // An environment variable's name, never a pasted token.
  std::optional<Text> variable_name(NodeId node, std::string_view what);
  std::vector<Text> variable_list(NodeId node, std::string_view what);
  // An http(s) URL that may hold ${VAR} (expanded at check time), never
  // ${TOKEN} or a user name and password.
  std::optional<Text> url(NodeId node, std::string_view what);
  std::optional<Text> json_pointer(NodeId node, std::string_view what);  // RFC 6901: "" or "/..."
  // True when `scope` may be a scope's name; else reports it at `where`.
  bool check_scope(const std::string& scope, Location where);
  // The scopes of one scalar or list, checked and without repeats. `rejected`
  // counts the items already reported, so an emptied list is not reported again.
  std::vector<ScopeRef> scope_list(NodeId node, std::string_view what, std::size_t* rejected = nullptr);

 protected:
  // A random-looking "name" is a token pasted where its variable's name
  // belongs: never echoed (redacted), and the advice is to rotate it.
  bool pasted_token(const Text& name);

  YamlTree& tree_;
  Diagnostics& diagnostics_;
  std::vector<std::string>& pasted_secrets_;  // see Manifest::pasted_secrets
};

}  // namespace scopegate::manifest
