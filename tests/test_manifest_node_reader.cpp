#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "manifest/node_reader.h"

namespace manifest = scopegate::manifest;
using manifest::NodeReader;

namespace {
// A parsed document and a reader over it; value(key) is the node under a top-level key.
struct Fixture {
  explicit Fixture(const std::string& yaml) {
    manifest::YamlError error;
    REQUIRE(manifest::parse_yaml(yaml, {}, &tree, &error));
    for (const NodeReader::Entry& entry : reader.entries(tree.root(), "the test")) entries.push_back(entry);
  }
  NodeReader::NodeId value(const std::string& key) const {
    for (const NodeReader::Entry& entry : entries)
      if (*entry.key == key) return entry.value;
    FAIL("no key " << key);
    return 0;
  }
  std::string messages() const {
    std::string all;
    for (const manifest::Diagnostic& d : diagnostics.items())
      all += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " + d.message + "\n";
    return all;
  }

  manifest::YamlTree tree;
  manifest::Diagnostics diagnostics;
  std::vector<std::string> secrets;
  NodeReader reader{tree, diagnostics, secrets};
  std::vector<NodeReader::Entry> entries;
};
}  // namespace

TEST_SUITE("manifest.node_reader") {
  TEST_CASE("entries skip x- keys and report a duplicate at its line, naming the first") {
    Fixture f("a: 1\nx-note: skipped\nb: 2\na: 3\n");
    REQUIRE(f.entries.size() == 2);
    CHECK(*f.entries[0].key == "a");
    CHECK(*f.entries[1].key == "b");
    CHECK(f.messages() == "4:1 duplicate key 'a' in the test (first at line 1)\n");
  }

  TEST_CASE("typed readers give the value or report what was expected at the node") {
    Fixture f("flag: yes\nnumber: 12x\nlist: [a, [b]]\nempty: ' '\n");
    CHECK(f.reader.boolean(f.value("flag"), "'flag'") == true);
    CHECK_FALSE(f.reader.integer(f.value("number"), "'number'"));
    CHECK(f.reader.text_list(f.value("list"), "'list'").size() == 1);
    CHECK_FALSE(f.reader.non_empty_text(f.value("empty"), "'empty'"));
    CHECK(f.messages() ==
          "2:9 'number' must be a whole number\n"
          "3:11 each item of 'list' must be a string, found a list\n"
          "4:8 'empty' must not be empty\n");
  }

  TEST_CASE("a URL never carries ${TOKEN} or a password, and the password is kept for redaction") {
    Fixture f("a: https://api.example.com/${TOKEN}\nb: https://me:hunter22@example.com/\nc: ftp://x\n"
              "d: https://${HOST:-example.com}/api\n");
    CHECK_FALSE(f.reader.url(f.value("a"), "'a'"));
    CHECK_FALSE(f.reader.url(f.value("b"), "'b'"));
    CHECK_FALSE(f.reader.url(f.value("c"), "'c'"));
    CHECK(f.reader.url(f.value("d"), "'d'"));
    CHECK(f.diagnostics.error_count() == 3);
    CHECK(f.secrets == std::vector<std::string>{"me:hunter22", "hunter22"});
  }

  TEST_CASE("a variable name that is really a token is refused and kept for redaction, not echoed") {
    const std::string token = "Zk3" + std::string("q9XvB2mLw8RtY5nPa7CdE4fGh6JkMs");
    Fixture f("name: " + token + "\nplain: SONAR_TOKEN\nbad: sonar-token\n");
    CHECK_FALSE(f.reader.variable_name(f.value("name"), "'token_env'"));
    CHECK(f.reader.variable_name(f.value("plain"), "'token_env'"));
    CHECK_FALSE(f.reader.variable_name(f.value("bad"), "'token_env'"));
    CHECK(f.secrets == std::vector<std::string>{token});
    CHECK(f.messages().find(token) == std::string::npos);
  }

  TEST_CASE("scope lists drop repeats with a warning and count what they rejected") {
    Fixture f("s: [read, 'a,b', read, write]\n");
    std::size_t rejected = 0;
    const auto scopes = f.reader.scope_list(f.value("s"), "'requires'", &rejected);
    REQUIRE(scopes.size() == 2);
    CHECK(scopes[0].scope == "read");
    CHECK(scopes[1].scope == "write");
    CHECK(rejected == 1);
    CHECK(f.diagnostics.items().size() == 2);
  }

  TEST_CASE("an unknown key holding a secret is refused as a secret, a typo gets a suggestion") {
    Fixture f("api_token: abc\ntoken_envv: X\n");
    f.reader.unknown_key(f.entries[0], {"token_env"}, "in provider 'p'");
    f.reader.unknown_key(f.entries[1], {"token_env"}, "in provider 'p'");
    CHECK(f.secrets == std::vector<std::string>{"abc"});
    CHECK(f.messages().find("a secret never goes in the manifest (key 'api_token')") != std::string::npos);
    CHECK(f.messages().find("unknown key 'token_envv' in provider 'p' (did you mean 'token_env'?)") !=
          std::string::npos);
  }
}
