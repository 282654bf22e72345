#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "engine/fix_text.h"

using namespace scopegate;

TEST_SUITE("engine.fix_text") {
  TEST_CASE("render_fix fills placeholders and drops empty optional parts") {
    CHECK(engine::render_fix("add {scopes} to {key}[ at {page}]", {{"a"}, {"b"}}, "key 'K'", "https://x") ==
          "add a, b to key 'K' at https://x");
    CHECK(engine::render_fix("add {scopes} to {key}[ at {page}]", {{"a"}}, "the key", "") == "add a to the key");
    CHECK(engine::render_fix("gh auth refresh -s {scopes_comma}", {{"repo"}, {"read:org", "admin:org"}}, "", "") ==
          "gh auth refresh -s repo,read:org");
  }

  TEST_CASE("describe_key") {
    CHECK(engine::describe_key(std::string("CI key"), std::string("sk_live")) == "key 'CI key' (sk_live...)");
    CHECK(engine::describe_key(std::string("CI key"), std::nullopt) == "key 'CI key'");
    CHECK(engine::describe_key(std::nullopt, std::string("sk_test")) == "the key sk_test...");
    CHECK(engine::describe_key(std::nullopt, std::nullopt) == "the key");
  }

  TEST_CASE("an unmet any-group is named 'a | b' and reads 'a or b' in prose") {
    const std::vector<manifest::ScopeRef> group{{"read:org", {3, 5}}, {"admin:org", {3, 15}}};
    CHECK(engine::group_name(engine::scope_group(group)) == "read:org | admin:org");
    CHECK(engine::group_name({"repo"}) == "repo");
    CHECK(engine::render_fix("add {scopes}", {{"repo"}, {"read:org", "admin:org"}}, "", "") ==
          "add repo, (read:org or admin:org)");
  }

  TEST_CASE("unknown placeholders are dropped, and an optional part holding one disappears") {
    CHECK(engine::render_fix("a{nope}b[ c{nope}]", {{"x"}}, "", "") == "ab");
    CHECK(engine::render_fix("[{claims}: ]{scopes}", {{"x"}}, "", "", "roles") == "roles: x");
    CHECK(engine::render_fix("[{claims}: ]{scopes}", {{"x"}}, "", "") == "x");
    CHECK(engine::render_fix("unclosed [ {scopes}", {{"x"}}, "", "") == "unclosed [ x");
  }
}
