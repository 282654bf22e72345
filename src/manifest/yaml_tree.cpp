#include "manifest/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <limits>
#include <streambuf>
#include <unordered_map>

namespace scopegate::manifest {

namespace {
// Our own refusal, thrown from inside yaml-cpp's event callbacks to stop it early.
struct LimitExceeded {
  Location where;
  std::string message;
};

Location to_location(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

// Lets yaml-cpp read the manifest buffer in place instead of copying it.
class ViewStreamBuffer : public std::streambuf {
 public:
  explicit ViewStreamBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};
}  // namespace

class YamlTreeBuilder final : public YAML::EventHandler {
 public:
  YamlTreeBuilder(YamlTree* tree, const YamlLimits& limits) : tree_(tree), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    attach(add_node(YamlTree::Kind::kNull, false, mark), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end())
      throw LimitExceeded{to_location(mark), "alias refers to an unknown anchor"};
    const YamlTree::NodeId target = found->second;
    if (is_open(target))
      throw LimitExceeded{to_location(mark), "alias refers to a node that contains it"};
    count_expanded(expanded_size_[target], mark);
    tree_->has_aliases_ = true;
    append_child(target);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    const YamlTree::NodeId id = add_node(YamlTree::Kind::kScalar, tag != "?", mark);
    tree_->nodes_[id].payload = static_cast<std::uint32_t>(tree_->scalars_.size());
    tree_->scalars_.push_back(value);
    attach(id, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_collection(YamlTree::Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { close_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_collection(YamlTree::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { close_collection(); }

 private:
  YamlTree::NodeId add_node(YamlTree::Kind kind, bool quoted, const YAML::Mark& mark) {
    count_expanded(1, mark);
    const auto id = static_cast<YamlTree::NodeId>(tree_->nodes_.size());
    tree_->nodes_.push_back({kind, quoted, to_location(mark), 0});
    expanded_size_.push_back(1);
    return id;
  }

  // Registers the anchor and links the finished node into its parent.
  void attach(YamlTree::NodeId id, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = id;
    append_child(id);
  }

  void append_child(YamlTree::NodeId id) {
    if (open_.empty()) return;  // the root
    const YamlTree::NodeId parent = open_.back();
    tree_->collections_[tree_->nodes_[parent].payload].push_back(id);
    expanded_size_[parent] = saturating_add(expanded_size_[parent], expanded_size_[id]);
  }

  void open_collection(YamlTree::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (open_.size() >= limits_.max_depth)
      throw LimitExceeded{to_location(mark), "nesting is deeper than " +
                                                 std::to_string(limits_.max_depth) +
                                                 " levels; a " + std::string(limits_.document) +
                                                 " never needs that"};
    const YamlTree::NodeId id = add_node(kind, false, mark);
    tree_->nodes_[id].payload = static_cast<std::uint32_t>(tree_->collections_.size());
    tree_->collections_.emplace_back();
    if (anchor != YAML::NullAnchor) anchors_[anchor] = id;
    open_.push_back(id);
  }

  void close_collection() {
    const YamlTree::NodeId id = open_.back();
    open_.pop_back();
    append_child(id);
  }

  bool is_open(YamlTree::NodeId id) const {
    for (YamlTree::NodeId open_id : open_)
      if (open_id == id) return true;
    return false;
  }

  static std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max()
                                                            : a + b;
  }

  // Aliases count as full copies: this is what stops "billion laughs".
  void count_expanded(std::uint64_t nodes, const YAML::Mark& mark) {
    expanded_total_ = saturating_add(expanded_total_, nodes);
    if (expanded_total_ > limits_.max_expanded_nodes)
      throw LimitExceeded{to_location(mark),
                          "the document expands to more than " +
                              std::to_string(limits_.max_expanded_nodes) +
                              " nodes (aliases counted in full); refusing to load it"};
  }

  YamlTree* tree_;
  const YamlLimits& limits_;
  std::vector<YamlTree::NodeId> open_;
  std::vector<std::uint64_t> expanded_size_;
  std::unordered_map<YAML::anchor_t, YamlTree::NodeId> anchors_;
  std::uint64_t expanded_total_ = 0;
};

namespace {
// Remembers where the next document starts, to point at a second one.
class DocumentCounter final : public YAML::EventHandler {
 public:
  Location start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = to_location(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    throw LimitExceeded{start, ""};  // seen enough: a second document exists
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    throw LimitExceeded{start, ""};
  }
  void OnMapEnd() override {}
};
}  // namespace

bool parse_yaml(std::string_view text, const YamlLimits& limits, YamlTree* tree, YamlError* error) {
  *tree = YamlTree();
  ViewStreamBuffer buffer(text);
  std::istream stream(&buffer);
  try {
    YAML::Parser parser(stream);
    YamlTreeBuilder builder(tree, limits);
    if (!parser.HandleNextDocument(builder) || tree->empty()) {
      *tree = YamlTree();
      *error = {{1, 1}, "the " + std::string(limits.document) + " is empty"};
      return limits.empty_is_valid;
    }
    DocumentCounter counter;
    bool second_document = false;
    try {
      second_document = parser.HandleNextDocument(counter);
    } catch (const LimitExceeded&) {
      second_document = true;
    }
    if (second_document) {
      *error = {counter.start, "the " + std::string(limits.document) + " holds more than one YAML document; keep one"};
      return false;
    }
  } catch (const LimitExceeded& limit) {
    *error = {limit.where, limit.message};
    return false;
  } catch (const YAML::Exception& yaml_error) {
    *error = {to_location(yaml_error.mark), yaml_error.msg};
    return false;
  }
  return true;
}

const char* kind_name(YamlTree::Kind kind) {
  switch (kind) {
    case YamlTree::Kind::kNull: return "nothing";
    case YamlTree::Kind::kScalar: return "a string";
    case YamlTree::Kind::kSequence: return "a list";
    case YamlTree::Kind::kMap: return "a mapping";
  }
  return "?";
}

}  // namespace scopegate::manifest
