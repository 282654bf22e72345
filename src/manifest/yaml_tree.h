#pragma once
// A compact YAML document tree built from yaml-cpp's event parser.
//
// Why not YAML::Load: yaml-cpp 0.7 builds heavy nodes (~600 bytes each) and
// walks aliases without bound, so "billion laughs" or 50,000-deep nesting
// exhaust memory or the stack. Building our own tree from events lets us
// refuse depth and alias expansion early, keep every node's source position,
// and load a large manifest faster and smaller than YAML::Load does.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::manifest {

struct Location {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
};

// A place in a file other than the manifest (a workflow file's job), for an
// annotation there: the path as a CI system shows it, the position, and what
// is there ("job release").
struct FileLocation {
  std::string path;
  Location where;
  std::string what;
};

struct YamlLimits {
  std::size_t max_depth = 64;
  // Nodes counted as if every alias were expanded in place. A manifest of
  // 20,000 features of 20 scopes each has about 520,000.
  std::uint64_t max_expanded_nodes = 1'000'000;
  std::string_view document = "manifest";  // what the file is, in messages ("kubeconfig")
  bool empty_is_valid = false;             // an empty file is an empty tree, not an error (a touched kubeconfig)
};

class YamlTree {
 public:
  using NodeId = std::uint32_t;
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };

  struct Node {
    Kind kind = Kind::kNull;
    bool quoted = false;       // a scalar written in quotes or as a block
    Location where;
    std::uint32_t payload = 0;  // index into scalars_ or collections_
  };

  NodeId root() const { return 0; }
  bool empty() const { return nodes_.empty(); }
  const Node& node(NodeId id) const { return nodes_[id]; }
  Kind kind(NodeId id) const { return nodes_[id].kind; }
  Location where(NodeId id) const { return nodes_[id].where; }
  const std::string& scalar(NodeId id) const { return scalars_[nodes_[id].payload]; }
  // Sequence items, or map entries as key, value, key, value...
  std::span<const NodeId> children(NodeId id) const {
    return collections_[nodes_[id].payload];
  }
  std::size_t node_count() const { return nodes_.size(); }
  // An alias makes one node appear in several places of the document.
  bool has_aliases() const { return has_aliases_; }
  // The scalar's text, moved out when no alias can make it be read again
  // (it is then ""), copied otherwise: for the one reader of a large list.
  std::string take_scalar(NodeId id) {
    std::string& text = scalars_[nodes_[id].payload];
    return has_aliases_ ? text : std::move(text);
  }

 private:
  friend class YamlTreeBuilder;
  std::vector<Node> nodes_;
  std::vector<std::string> scalars_;
  std::vector<std::vector<NodeId>> collections_;
  bool has_aliases_ = false;
};

struct YamlError {
  Location where;
  std::string message;
};

// Parses the first document of `text`. On failure fills `error` and returns false.
bool parse_yaml(std::string_view text, const YamlLimits& limits, YamlTree* tree, YamlError* error);

const char* kind_name(YamlTree::Kind kind);

}  // namespace scopegate::manifest
