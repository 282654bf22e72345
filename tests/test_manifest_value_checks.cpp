#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "manifest/value_checks.h"

namespace manifest = scopegate::manifest;

TEST_SUITE("manifest.value_checks") {
  TEST_CASE("names: what a feature or provider name may hold, since it is typed on command lines") {
    CHECK(manifest::name_problem("deploy-prod_2").empty());
    CHECK(manifest::name_problem("") == "is empty");
    CHECK(manifest::name_problem("::warning") == "must start with a letter or a digit");
    CHECK(manifest::name_problem("a,b") == "contains ','");
    CHECK(manifest::name_problem("a=b") == "contains '='");
    CHECK(manifest::name_problem("a|b") == "contains '|'");
    CHECK(manifest::name_problem("a b") == "contains white space or a control character");
    CHECK(manifest::name_problem("a\x1b[31m") == "contains U+001B (escape) at position 2");
  }

  TEST_CASE("scopes: visible words with single spaces between, each problem with its fix") {
    CHECK(manifest::scope_problem("full-scans:create").empty());
    CHECK(manifest::scope_problem("read:org").empty());
    // Several words are a preset's business (Vault's CAPABILITY PATH): see providers/manifest_rules.
    CHECK(manifest::scope_problem("read secret/data/app").empty());
    CHECK(manifest::scope_problem("") == "is empty; write the scope's name, or remove the item");
    for (const char* spaced : {" repo", "repo ", "repo  admin"}) {
      CAPTURE(spaced);
      CHECK(manifest::scope_problem(spaced) ==
            "has white space at an end or two spaces in a row; write each scope as its own list item");
    }
    CHECK(manifest::scope_problem("repo\tadmin").find("U+0009") != std::string::npos);
    CHECK(manifest::scope_problem("repo,admin") == "contains ','; write each scope as its own list item");
    CHECK(manifest::scope_problem("repo|admin") == "contains '|'; use `any:` for alternatives");
    CHECK(manifest::scope_problem("r\xE2\x80\xAE" "epo").find("position 2") != std::string::npos);
  }

  TEST_CASE("claims: a claim name or an RFC 6901 JSON pointer") {
    CHECK(manifest::claim_problem("permissions").empty());
    CHECK(manifest::claim_problem("/realm_access/roles").empty());
    CHECK(manifest::claim_problem("/a~1b").empty());
    CHECK(manifest::claim_problem(" ").find("is empty") == 0);
    CHECK(manifest::claim_problem("a b").find("white space") != std::string::npos);
    CHECK(manifest::claim_problem("/a//b").find("empty step") != std::string::npos);
    CHECK(manifest::claim_problem("/a/").find("empty step") != std::string::npos);
    CHECK(manifest::claim_problem("/a~2").find("'~' must be followed by 0 or 1") != std::string::npos);
    CHECK(manifest::claim_problem("/a~").find("'~' must be followed by 0 or 1") != std::string::npos);
  }

  TEST_CASE("variable names, secret-holding keys and URL credentials") {
    CHECK(manifest::is_variable_name("SONAR_API_KEY"));
    CHECK(manifest::is_variable_name("_x1"));
    CHECK_FALSE(manifest::is_variable_name("1ABC"));
    CHECK_FALSE(manifest::is_variable_name("A-B"));
    CHECK_FALSE(manifest::is_variable_name(""));
    for (const char* key : {"token", "api_token", "client_secret", "Password", "bearer", "key", "Authorization"})
      CHECK_MESSAGE(manifest::is_secret_key(key), key);
    for (const char* key : {"base_url", "keys_file", "monkey"}) CHECK_FALSE_MESSAGE(manifest::is_secret_key(key), key);
    CHECK(manifest::url_userinfo("https://u:p@host/x") == "u:p");
    CHECK(manifest::url_userinfo("https://host/a@b") == std::nullopt);
    CHECK(manifest::url_userinfo("host@x") == std::nullopt);
    CHECK(manifest::is_extension_key("x-anchor"));
    CHECK_FALSE(manifest::is_extension_key("xanchor"));
  }

  TEST_CASE("text checks stop at the first bad byte, with its line and column") {
    manifest::Diagnostics diagnostics;
    CHECK(manifest::check_is_text("version: 1\n", &diagnostics));
    CHECK_FALSE(manifest::check_is_text(std::string("version: 1\nx: \0", 15), &diagnostics));
    REQUIRE(diagnostics.items().size() == 1);
    CHECK(diagnostics.items()[0].where.line == 2);
    CHECK(diagnostics.items()[0].where.column == 4);
    CHECK_FALSE(manifest::check_is_text("\xFF\xFEv", &diagnostics));
    CHECK(diagnostics.items()[1].message.find("UTF-16") != std::string::npos);
    CHECK_FALSE(manifest::check_is_text("a: \xC3\x28", &diagnostics));
    CHECK(diagnostics.items()[2].where.column == 4);
  }

  TEST_CASE("a tab in indentation is found up to the line YAML stopped at") {
    const auto tab = manifest::tab_in_indentation("a:\n  b: 1\n \tc: 2\n", 0);
    REQUIRE(tab);
    CHECK(tab->line == 3);
    CHECK(tab->column == 2);
    CHECK_FALSE(manifest::tab_in_indentation("a:\n  b: 1\n \tc: 2\n", 2));
    CHECK_FALSE(manifest::tab_in_indentation("a: \"x\ty\"\n", 0));  // a tab inside a value is fine
  }

  TEST_CASE("pasted tokens are found anywhere in the text, comments too, and kept for redaction") {
    manifest::Diagnostics diagnostics;
    std::vector<std::string> secrets;
    const std::string token = "ghp_" + std::string(36, 'a');
    manifest::find_pasted_tokens("version: 1\n# " + token + "\n", &secrets, &diagnostics);
    REQUIRE(secrets.size() == 1);
    CHECK(secrets[0] == token);
    REQUIRE(diagnostics.items().size() == 1);
    CHECK(diagnostics.items()[0].where.line == 2);
    CHECK(diagnostics.items()[0].where.column == 3);
  }

  TEST_CASE("FirstSeen answers the same with a short scan and past its hash-map threshold") {
    manifest::FirstSeen seen;
    std::vector<std::string> names;
    for (int i = 0; i < 100; ++i) names.push_back("scope" + std::to_string(i));
    for (int i = 0; i < 100; ++i) CHECK_FALSE(seen.remember(names[i], {i + 1, 1}));
    for (int i : {0, 5, 31, 32, 33, 99}) {
      const auto first = seen.remember(names[i], {500, 1});
      REQUIRE(first);
      CHECK(first->line == i + 1);
    }
  }
}
