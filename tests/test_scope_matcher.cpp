#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "providers/presets.h"
#include "scope/vocabulary.h"

using scopegate::scope::GrantIndex;
using scopegate::scope::Vocabulary;

TEST_SUITE("scope.matcher") {
  TEST_CASE("exact names only, without a vocabulary") {
    const Vocabulary open;
    const GrantIndex index(open, {"read", "write"});
    CHECK(index.covers("read"));
    CHECK(index.covers("write"));
    CHECK_FALSE(index.covers("admin"));
    CHECK_FALSE(index.covers("rea"));
    CHECK_FALSE(index.covers("*"));
  }

  TEST_CASE("GitHub implications are transitive") {
    const Vocabulary github(scopegate::providers::github_preset().vocabulary());
    SUBCASE("admin:org > write:org > read:org") {
      const GrantIndex index(github, {"admin:org"});
      CHECK(index.covers("write:org"));
      CHECK(index.covers("read:org"));
      CHECK_FALSE(index.covers("repo"));
    }
    SUBCASE("write:org does not cover admin:org") {
      const GrantIndex index(github, {"write:org"});
      CHECK(index.covers("read:org"));
      CHECK_FALSE(index.covers("admin:org"));
    }
    SUBCASE("repo covers its sub-scopes but not workflow") {
      const GrantIndex index(github, {"repo"});
      for (const char* scope : {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"})
        CHECK(index.covers(scope));
      CHECK_FALSE(index.covers("workflow"));
      CHECK_FALSE(index.covers("delete_repo"));
    }
    SUBCASE("user and admin:enterprise") {
      const GrantIndex index(github, {"user", "admin:enterprise"});
      CHECK(index.covers("user:email"));
      CHECK(index.covers("read:user"));
      CHECK(index.covers("manage_runners:enterprise"));
      CHECK(index.covers("read:enterprise"));
    }
    SUBCASE("GitHub has no wildcards") {
      const GrantIndex index(github, {"repo"});
      CHECK_FALSE(index.covers("repo:anything"));
    }
  }

  TEST_CASE("GitLab: api covers read_api, write covers read") {
    const Vocabulary gitlab(scopegate::providers::gitlab_preset().vocabulary());
    const GrantIndex index(gitlab, {"api", "write_repository"});
    CHECK(index.covers("read_api"));
    CHECK(index.covers("read_repository"));
    CHECK_FALSE(index.covers("read_registry"));
    CHECK_FALSE(GrantIndex(gitlab, {"read_api"}).covers("api"));
  }

  TEST_CASE("Socket: a bare group grants every group:action, and only its own") {
    const Vocabulary socket(scopegate::providers::socket_preset().vocabulary());
    const GrantIndex index(socket, {"socket-basics", "repo:list"});
    CHECK(index.covers("socket-basics:read"));
    CHECK(index.covers("socket-basics:write"));
    CHECK(index.covers("repo:list"));
    CHECK_FALSE(index.covers("repo:read"));
    CHECK_FALSE(index.covers("full-scans:create"));
    CHECK_FALSE(index.covers("socket-basics-extra:read"));
  }

  TEST_CASE("wildcards: documents:* covers documents:signed:read") {
    Vocabulary vocabulary(scopegate::providers::sonar_preset().vocabulary());
    SUBCASE("at any depth") {
      const GrantIndex index(vocabulary, {"documents:*"});
      CHECK(index.covers("documents:signed:read"));
      CHECK(index.covers("documents:generated:export"));
      CHECK_FALSE(index.covers("documents"));
      CHECK_FALSE(index.covers("documentsx:read"));
      CHECK_FALSE(index.covers("billing:read"));
    }
    SUBCASE("narrower wildcards") {
      const GrantIndex index(vocabulary, {"documents:signed:*"});
      CHECK(index.covers("documents:signed:read"));
      CHECK_FALSE(index.covers("documents:generated:read"));
    }
    SUBCASE("* covers everything") {
      const GrantIndex index(vocabulary, {"*"});
      CHECK(index.covers("anything:at:all"));
    }
    SUBCASE("a required wildcard needs a granted one as broad") {
      CHECK(GrantIndex(vocabulary, {"documents:*"}).covers("documents:signed:*"));
      CHECK_FALSE(GrantIndex(vocabulary, {"documents:signed:read"}).covers("documents:signed:*"));
    }
    SUBCASE("another separator") {
      vocabulary.set_wildcard_separator(".");
      const GrantIndex index(vocabulary, {"orders.*"});
      CHECK(index.covers("orders.read"));
      CHECK_FALSE(index.covers("orders:read"));
    }
  }

  TEST_CASE("manifest implications can point at wildcards") {
    Vocabulary vocabulary;
    vocabulary.set_wildcard_separator(":");
    vocabulary.add_implication("admin", "invoices:*");
    vocabulary.add_implication("admin", "customers:write");
    vocabulary.add_implication("customers:write", "customers:read");
    const GrantIndex index(vocabulary, {"admin"});
    CHECK(index.covers("invoices:read"));
    CHECK(index.covers("customers:read"));
    CHECK_FALSE(index.covers("customers:delete"));
  }

  TEST_CASE("implication cycles terminate") {
    Vocabulary vocabulary;
    vocabulary.add_implication("a", "b");
    vocabulary.add_implication("b", "a");
    const GrantIndex index(vocabulary, {"a"});
    CHECK(index.covers("b"));
    CHECK_FALSE(index.covers("c"));
  }

  TEST_CASE("excess: granted scopes that cover nothing required") {
    const Vocabulary github(scopegate::providers::github_preset().vocabulary());
    SUBCASE("plain") {
      const GrantIndex index(github, {"repo", "gist", "read:org", "gist"});
      CHECK(index.excess({"repo"}) == std::vector<std::string>{"gist", "read:org"});
    }
    SUBCASE("a scope used through an implication is not excess") {
      const GrantIndex index(github, {"admin:org", "workflow"});
      CHECK(index.excess({"read:org"}) == std::vector<std::string>{"workflow"});
    }
    SUBCASE("wildcards and bare groups count when they cover a requirement") {
      const Vocabulary socket(scopegate::providers::socket_preset().vocabulary());
      const GrantIndex index(socket, {"repo", "full-scans", "alerts:read"});
      CHECK(index.excess({"full-scans:create"}) == std::vector<std::string>{"repo", "alerts:read"});
      Vocabulary sonar(scopegate::providers::sonar_preset().vocabulary());
      const GrantIndex wild(sonar, {"documents:*", "billing:*"});
      CHECK(wild.excess({"documents:signed:read"}) == std::vector<std::string>{"billing:*"});
    }
    SUBCASE("nothing required: everything is excess") {
      const GrantIndex index(github, {"repo"});
      CHECK(index.excess({}) == std::vector<std::string>{"repo"});
    }
  }

  TEST_CASE("a grant rule covers what no name lists, through implications too, and counts as used") {
    Vocabulary vocabulary;
    vocabulary.add_implication("admin", "write_orders");
    vocabulary.set_grant_rule([](std::string_view granted, std::string_view required) {
      return granted.starts_with("write_") && required.starts_with("read_") && granted.substr(6) == required.substr(5);
    });
    const GrantIndex index(vocabulary, {"admin", "write_products"});
    CHECK(index.covers("read_products"));
    CHECK(index.covers("read_orders"));  // admin -> write_orders -> read_orders
    CHECK_FALSE(index.covers("read_themes"));
    CHECK_FALSE(index.covers("write_themes"));
    const std::vector<std::string_view> required{"read_products"};
    CHECK(index.excess(required) == std::vector<std::string>{"admin"});
  }
}
