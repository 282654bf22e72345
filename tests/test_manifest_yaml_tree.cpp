#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "manifest/yaml_tree.h"

using scopegate::manifest::parse_yaml;
using scopegate::manifest::YamlError;
using scopegate::manifest::YamlLimits;
using scopegate::manifest::YamlTree;

namespace {
std::string billion_laughs(int levels) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < levels; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

TEST_SUITE("manifest.yaml_tree") {
  TEST_CASE("builds a tree with 1-based positions for every node") {
    YamlTree tree;
    YamlError error;
    REQUIRE(parse_yaml("version: 1\nfeatures:\n  a:\n    requires: [x, 'y']\n", {}, &tree, &error));
    const auto root = tree.root();
    REQUIRE(tree.kind(root) == YamlTree::Kind::kMap);
    const auto top = tree.children(root);
    REQUIRE(top.size() == 4);
    CHECK(tree.scalar(top[0]) == "version");
    CHECK(tree.where(top[0]).line == 1);
    CHECK(tree.where(top[0]).column == 1);
    CHECK(tree.scalar(top[1]) == "1");
    CHECK(tree.where(top[1]).column == 10);
    const auto features = tree.children(top[3]);
    const auto feature = tree.children(features[1]);
    const auto scopes = tree.children(feature[1]);
    REQUIRE(scopes.size() == 2);
    CHECK(tree.scalar(scopes[0]) == "x");
    CHECK_FALSE(tree.node(scopes[0]).quoted);
    CHECK(tree.node(scopes[1]).quoted);
    CHECK(tree.where(scopes[1]).line == 4);
    CHECK(tree.where(scopes[1]).column == 19);
  }

  TEST_CASE("null values become null nodes") {
    YamlTree tree;
    YamlError error;
    REQUIRE(parse_yaml("a:\nb: ~\n", {}, &tree, &error));
    const auto top = tree.children(tree.root());
    CHECK(tree.kind(top[1]) == YamlTree::Kind::kNull);
    CHECK(tree.kind(top[3]) == YamlTree::Kind::kNull);
  }

  TEST_CASE("aliases share the anchored node") {
    YamlTree tree;
    YamlError error;
    REQUIRE(parse_yaml("x: &s [a, b]\ny: *s\n", {}, &tree, &error));
    const auto top = tree.children(tree.root());
    CHECK(top[1] == top[3]);
  }

  TEST_CASE("syntax errors carry the parser's position") {
    YamlTree tree;
    YamlError error;
    CHECK_FALSE(parse_yaml("a: [1, 2\nb: 3\n", {}, &tree, &error));
    CHECK(error.where.line >= 1);
    CHECK_FALSE(error.message.empty());
    CHECK_FALSE(parse_yaml("a: b: c\n", {}, &tree, &error));
    CHECK(error.message == "illegal map value");
    CHECK(error.where.line == 1);
    CHECK(error.where.column == 5);
  }

  TEST_CASE("empty documents and several documents are refused") {
    YamlTree tree;
    YamlError error;
    CHECK_FALSE(parse_yaml("", {}, &tree, &error));
    CHECK(error.message.find("empty") != std::string::npos);
    CHECK_FALSE(parse_yaml("# only a comment\n", {}, &tree, &error));
    CHECK_FALSE(parse_yaml("a: 1\n---\nb: 2\n", {}, &tree, &error));
    CHECK(error.message.find("more than one") != std::string::npos);
    CHECK(error.where.line == 2);
  }

  TEST_CASE("deep nesting is refused at the limit, quickly, without recursion") {
    YamlTree tree;
    YamlError error;
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(parse_yaml(std::string(50000, '[') + std::string(50000, ']'), {}, &tree, &error));
    CHECK(error.message.find("deeper than 64") != std::string::npos);
    CHECK(error.where.line == 1);
    CHECK(error.where.column == 65);
    CHECK(seconds_since(start) < 2.0);

    CHECK_FALSE(parse_yaml(std::string(100, '{') + "a: 1" + std::string(100, '}'), {}, &tree, &error));
    CHECK(error.message.find("deeper") != std::string::npos);
  }

  TEST_CASE("nesting at the limit is accepted") {
    YamlTree tree;
    YamlError error;
    YamlLimits limits;
    limits.max_depth = 10;
    CHECK(parse_yaml(std::string(10, '[') + std::string(10, ']'), limits, &tree, &error));
    CHECK_FALSE(parse_yaml(std::string(11, '[') + std::string(11, ']'), limits, &tree, &error));
  }

  TEST_CASE("alias bombs are refused by their expanded size, quickly") {
    YamlTree tree;
    YamlError error;
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(parse_yaml(billion_laughs(9), {}, &tree, &error));
    CHECK(error.message.find("expands to more than") != std::string::npos);
    CHECK(seconds_since(start) < 1.0);
    // The small version of the same shape is fine.
    CHECK(parse_yaml(billion_laughs(3), {}, &tree, &error));
  }

  TEST_CASE("an alias to its own enclosing node is refused") {
    YamlTree tree;
    YamlError error;
    CHECK_FALSE(parse_yaml("a: &x [1, *x]\n", {}, &tree, &error));
    CHECK(error.message.find("contains it") != std::string::npos);
  }

  TEST_CASE("the expanded-node limit counts plain nodes too") {
    YamlTree tree;
    YamlError error;
    YamlLimits limits;
    limits.max_expanded_nodes = 5;
    CHECK(parse_yaml("[a, b, c, d]", limits, &tree, &error));
    CHECK_FALSE(parse_yaml("[a, b, c, d, e]", limits, &tree, &error));
  }
}
