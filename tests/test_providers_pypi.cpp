#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/check_harness.h"
#include "support/dates.h"
#include "support/provider_answers.h"
#include "support/pypi_tokens.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::days_from_now;
using testing::expiry_caveat;
using testing::project_ids_caveat;
using testing::projects_caveat;
using testing::pypi_token;
using testing::TestCaveat;
using testing::user_caveat;

// providers/pypi.cpp: a PyPI token's caveats read locally.
namespace {
constexpr const char* kNote = "scopes read from the token's caveats without checking its signature; PyPI still decides";

TokenFacts read(const std::vector<TestCaveat>& caveats) { return interpret("pypi", 200, pypi_token(caveats)); }

// Whether the preset's vocabulary lets `granted` cover `required` (as the verdict asks).
bool covers(const std::vector<std::string>& granted, const std::string& required) {
  const providers::PresetInfo* preset = providers::find_preset("pypi");
  REQUIRE(preset != nullptr);
  const manifest::ProviderSpec spec;
  const scope::Vocabulary vocabulary = providers::build_vocabulary(*preset, spec);
  return scope::GrantIndex(vocabulary, granted).covers(required);
}

std::string scope_problem(std::string_view scope) { return scope_problem_of("pypi", scope); }

std::string fix_for(std::vector<std::vector<std::string>> scopes) {
  return fix_of("pypi", TokenFacts{}, std::move(scopes), "pypi", "");
}

// A failed read's error, checked to hold nothing of the token.
std::string decode_failure(const std::string& token) {
  const auto facts = interpret("pypi", 200, token);
  CHECK(facts.outcome == Outcome::kError);
  if (token.size() > 12) CHECK_FALSE(contains(facts.error, token.substr(5, 8)));
  return facts.error;
}
}  // namespace

TEST_SUITE("providers.pypi") {
  TEST_CASE("a user-wide token (tag 3) covers every project of the account") {
    const auto facts = read({user_caveat()});
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"upload on user"});
    CHECK(facts.expiry_known);
    CHECK_FALSE(facts.expires_at.has_value());  // no expiry caveat: it never expires
    CHECK_STRINGS(facts.notes, {kNote});
    CHECK(covers(facts.granted, "upload on project/acme-tools"));
    CHECK(covers(facts.granted, "upload on user"));
  }

  TEST_CASE("a token with no caveat at all is user-wide too") {
    CHECK_STRINGS(read({}).granted, {"upload on user"});
  }

  TEST_CASE("a project token grants its projects, normalised, and no other") {
    const auto facts = read({projects_caveat({"acme-tools", "Acme_Plugins..x"})});
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"upload on project/acme-tools", "upload on project/acme-plugins-x"});
    CHECK_FALSE(covers(facts.granted, "upload on project/other"));
    CHECK_FALSE(covers(facts.granted, "upload on user"));
  }

  TEST_CASE("several project caveats intersect: every caveat must allow") {
    const auto facts = read({projects_caveat({"a", "b", "c"}), user_caveat(), projects_caveat({"c", "b", "d"})});
    CHECK_STRINGS(facts.granted, {"upload on project/c", "upload on project/b"});
    const auto none = read({projects_caveat({"a"}), projects_caveat({"b"})});
    CHECK(none.scopes_listed);
    CHECK(none.granted.empty());
    CHECK(has_note(none, "no project in common: it can upload nowhere"));
  }

  TEST_CASE("legacy caveats (version 1 objects, exp/nbf, project_ids) read as warehouse adapts them") {
    CHECK_STRINGS(read({R"({"version": 1, "permissions": "user"})"}).granted, {"upload on user"});
    CHECK_STRINGS(read({R"({"version": 1, "permissions": {"projects": ["Acme.Tools"]}})"}).granted,
                  {"upload on project/acme-tools"});
    const auto window = read({R"({"exp": 4102444800, "nbf": 1700000000})"});
    CHECK(expiry(window) == "2100-01-01T00:00:00Z");
    CHECK(window.not_before == util::from_unix_seconds(1700000000));
    const auto ids = read({R"({"project_ids": ["x"]})"});
    CHECK_FALSE(ids.scopes_listed);
    CHECK(contains(ids.unverifiable_reason, "by id"));
  }

  TEST_CASE("project ids: one name and one id, as PyPI mints them, are that project, said in a note") {
    const auto facts = read({projects_caveat({"acme-tools"}), project_ids_caveat()});
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"upload on project/acme-tools"});
    CHECK(facts.unverifiable_reason.empty());
    CHECK(has_note(facts, "taken to be acme-tools's, as PyPI mints a project's token with both"));
  }

  TEST_CASE("project ids: two id caveats cannot both be one project's, so the project stays unverifiable") {
    const auto facts = read({projects_caveat({"acme-tools"}), project_ids_caveat(), R"([2,["another-id"]])"});
    CHECK(facts.granted.empty());
    CHECK_STRINGS(facts.unsettled, {"upload on project/acme-tools"});
  }

  TEST_CASE("project ids: names unknown locally, so named projects are unverifiable, never ok") {
    SUBCASE("with project names: those unsettled, any other project missing, the account missing") {
      const auto facts = read({projects_caveat({"acme-tools", "acme-cli"}), project_ids_caveat()});
      CHECK(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK_STRINGS(facts.unsettled, {"upload on project/acme-tools", "upload on project/acme-cli"});
      CHECK_STRINGS(facts.proven_missing, {"upload on user"});
      CHECK(facts.unverifiable_reason ==
            "the token is limited to projects by id, and which project an id names cannot be read locally "
            "(besides its project names acme-tools, acme-cli)");
    }
    SUBCASE("ids alone: every project unverifiable, the account missing") {
      const auto facts = read({project_ids_caveat()});
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK_STRINGS(facts.proven_missing, {"upload on user"});
    }
    SUBCASE("a trusted publisher's token (tag 4) likewise") {
      const auto expires = days_from_now(1);
      const auto facts = read({R"([4,"publisher-id"])", project_ids_caveat(), expiry_caveat(expires, days_from_now(0))});
      CHECK_FALSE(facts.scopes_listed);
      CHECK(contains(facts.unverifiable_reason, "trusted publisher"));
      CHECK(facts.expires_at == expires);
    }
  }

  TEST_CASE("a caveat that cannot be read leaves every scope unverifiable, with the reason") {
    const auto check_unreadable = [](const TestCaveat& caveat, const std::string& reason) {
      CAPTURE(caveat.identifier);
      const auto facts = read({user_caveat(), caveat});
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.granted.empty());
      CHECK(facts.unverifiable_reason == reason + "; PyPI alone can say what the token allows");
      CHECK_FALSE(facts.expiry_known);  // an unread caveat may limit its life
    };
    check_unreadable(TestCaveat("[9,\"x\"]"),
                     "caveat 2 cannot be read: its tag 9 is not one scopegate knows (a newer kind of caveat?)");
    check_unreadable(TestCaveat("not json"), "caveat 2 is not JSON");
    check_unreadable(TestCaveat("{\"what\": 1}"), "caveat 2 is a JSON object of no form PyPI writes");
    check_unreadable(TestCaveat("\"text\""), "caveat 2 is neither a JSON array nor an object");
    check_unreadable(TestCaveat("[]"), "caveat 2 cannot be read: it does not start with a numeric tag");
    check_unreadable(TestCaveat("[\"1\", [\"a\"]]"), "caveat 2 cannot be read: it does not start with a numeric tag");
    check_unreadable(TestCaveat("[1, \"a\"]"), "caveat 2 cannot be read: its project names are not a list of strings");
    check_unreadable(TestCaveat("[1, [\"a b\"]]"),
                     "caveat 2 cannot be read: a project name has " + util::describe_character(" ", 0) +
                         "; a project name has letters, digits, -, _ and . only");
    check_unreadable(TestCaveat("[1, [\"-a\"]]"),
                     "caveat 2 cannot be read: a project name does not start and end with a letter or digit");
    check_unreadable(TestCaveat("[0, \"soon\", 1]"),
                     "caveat 2 cannot be read: its expiry is not two whole numbers of seconds");
    check_unreadable(TestCaveat("[0, 1.5, 1]"), "caveat 2 cannot be read: its expiry is not two whole numbers of seconds");
    check_unreadable(TestCaveat("[2, [3]]"), "caveat 2 cannot be read: its project ids are not a list of strings");
    check_unreadable(TestCaveat("[3, 7]"), "caveat 2 cannot be read: its user id is not a string");
    check_unreadable(TestCaveat("[3,\"u\"]", "a-vid"),
                     "caveat 2 is a third-party caveat, which only another service can discharge");
  }

  TEST_CASE("expiry: the strictest window of every expiry caveat, from the clock under test") {
    const auto later = days_from_now(30), sooner = days_from_now(10), started = days_from_now(-1);
    const auto facts = read({expiry_caveat(later, started - std::chrono::hours(24)), user_caveat(), expiry_caveat(sooner, started)});
    CHECK(facts.expiry_known);
    CHECK(facts.expires_at == sooner);
    CHECK(facts.not_before == started);
  }

  TEST_CASE("a token minted elsewhere says so") {
    CHECK(has_note(interpret("pypi", 200, pypi_token({}, "test.pypi.org")), "minted by test.pypi.org, not pypi.org"));
    CHECK_STRINGS(interpret("pypi", 200, pypi_token({}, "")).notes, {kNote});
  }

  TEST_CASE("a token that does not decode says which part failed, and nothing of the token") {
    CHECK(decode_failure("sk_live_FAKE_TOKEN_must_never_leak_0123456789") ==
          "the token does not start with pypi- as PyPI API tokens do");
    CHECK(decode_failure("pypi-AgEIcHlwaS5vcmc!x") == "the part after pypi- cannot be decoded: it is not URL-safe "
                                                      "base64 (position 15)");
    CHECK(decode_failure("pypi-" + testing::base64url_unpadded("\x01not a macaroon at all")) ==
          "the part after pypi- is not a macaroon: it is not a version 2 macaroon (the first byte is not 0x02)");
    const std::string whole = testing::macaroon_bytes({user_caveat()});
    CHECK(decode_failure(testing::pypi_token_of_bytes(whole.substr(0, whole.size() - 5))) ==
          "the part after pypi- is not a macaroon: the signature is cut short");
    CHECK(decode_failure("pypi-" + std::string(20000, 'A')) ==
          "the token is longer than 16384 bytes; a PyPI token is a few hundred");
  }

  TEST_CASE("surrounding white space (a saved file's newline) is not part of the token") {
    CHECK_STRINGS(interpret("pypi", 200, "  " + pypi_token({user_caveat()}) + "\n").granted, {"upload on user"});
  }

  TEST_CASE("asked live, nothing is sent: the token is its own answer") {
    Rig rig("pypi", "", pypi_token({projects_caveat({"acme-tools"})}));
    const auto facts = rig.ask();
    CHECK_STRINGS(facts.granted, {"upload on project/acme-tools"});
    CHECK(rig.transport.requests.empty());
  }

  TEST_CASE("a manifest scope is upload on project/NAME, normalised, or upload on user") {
    CHECK(scope_problem("upload on user").empty());
    CHECK(scope_problem("upload on project/acme-tools").empty());
    CHECK(scope_problem("upload on project/a.b") ==
          "PyPI compares project names PEP 503-normalised (lowercase, each run of -, _ and . as one -): write "
          "'upload on project/a-b'");
    CHECK(scope_problem("upload on project/Acme__Tools") ==
          "PyPI compares project names PEP 503-normalised (lowercase, each run of -, _ and . as one -): write "
          "'upload on project/acme-tools'");
    CHECK(scope_problem("upload on project/") == "the project name '' is empty");
    CHECK(scope_problem("upload on project/acme/*") == "the project name 'acme/*' has U+002F; a project name has "
                                                       "letters, digits, -, _ and . only");
    CHECK(scope_problem("upload") == "a PyPI scope is 'upload on project/NAME' or 'upload on user' (a token uploads "
                                     "to one project or the whole account); 'upload' is neither");
    CHECK_FALSE(scope_problem("delete on project/acme").empty());
  }

  TEST_CASE("the fix: one token for the run covers every project it needs") {
    manifest::ProviderSpec spec;
    const std::vector<std::vector<std::string>> missing{{"upload on project/b"}};
    const std::vector<std::string> required{"upload on project/a", "upload on project/b"};
    const TokenFacts facts;
    const providers::FixRequest request{missing, required, spec, "", "https://pypi.example/token/", facts};
    CHECK(providers::find_preset("pypi")->fix_writer(request) ==
          "create a token at https://pypi.example/token/ with the scope \"Entire account (all projects)\" (or one "
          "token per project: b, a) (PyPI cannot change an existing token's scope)");
  }

  TEST_CASE("a TestPyPI token's fix is on TestPyPI's token page") {
    const auto facts = interpret("pypi", 200, pypi_token({projects_caveat({"a"})}, "test.pypi.org"));
    CHECK(facts.token_kind == "test.pypi.org");
    manifest::ProviderSpec spec;
    const std::vector<std::vector<std::string>> missing{{"upload on project/b"}};
    const std::vector<std::string> required{"upload on project/b"};
    const providers::FixRequest request{missing, required, spec, "", "https://pypi.org/manage/account/token/", facts};
    CHECK(providers::find_preset("pypi")->fix_writer(request) ==
          "create a token at https://test.pypi.org/manage/account/token/ with the scope \"Project: b\" (PyPI cannot "
          "change an existing token's scope)");
  }

  TEST_CASE("the fix: a token for the project, or for the whole account, and never a change to this one") {
    CHECK(fix_for({{"upload on project/acme-tools"}}) ==
          "create a token with the scope \"Project: acme-tools\" (PyPI cannot change an existing token's scope)");
    CHECK(fix_for({{"upload on project/a"}, {"upload on project/b"}}) ==
          "create a token with the scope \"Entire account (all projects)\" (or one token per project: a, b) (PyPI "
          "cannot change an existing token's scope)");
    CHECK(fix_for({{"upload on user"}, {"upload on project/a"}}) ==
          "create a token with the scope \"Entire account (all projects)\" (PyPI cannot change an existing token's "
          "scope)");
  }
}

// The engine with a PyPI token: the clock under test decides expiry, and a
// token that does not decode is a usage error naming the variable, not the token.
TEST_SUITE("providers.pypi.engine") {
  using Harness = testing::CheckHarness<false>;
  constexpr const char* kManifest = R"(version: 1
providers:
  pypi: {preset: pypi}
features:
  publish: {requires: ["upload on project/acme-tools"]}
)";

  TEST_CASE("ok, missing, expired and not yet valid, against the harness's clock") {
    Harness h(kManifest);
    const auto now = h.clock.now();
    const auto window = [&](int from_days, int to_days) {
      return expiry_caveat(now + std::chrono::hours(24 * to_days), now + std::chrono::hours(24 * from_days));
    };
    h.environment.set("PYPI_TOKEN", pypi_token({projects_caveat({"acme-tools"}), window(-1, 1)}));
    CHECK(h.run().report->exit_code == 0);
    h.environment.set("PYPI_TOKEN", pypi_token({projects_caveat({"other"}), window(-1, 1)}));
    const auto missing = h.run();
    CHECK(missing.report->exit_code == 1);
    CHECK(contains(missing.report->features.at(0).fix, "\"Project: acme-tools\""));
    h.environment.set("PYPI_TOKEN", pypi_token({projects_caveat({"acme-tools"}), window(-2, -1)}));
    const auto expired = h.run();
    CHECK(expired.report->exit_code == 3);
    CHECK(contains(expired.report->providers.at(0).error, "the token expired at "));
    h.environment.set("PYPI_TOKEN", pypi_token({projects_caveat({"acme-tools"}), window(1, 2)}));
    CHECK(h.run().report->exit_code == 3);
  }

  TEST_CASE("unverifiable: project ids beside two names, or a caveat of an unknown tag, exit 5") {
    Harness h(kManifest);
    h.environment.set("PYPI_TOKEN", pypi_token({projects_caveat({"acme-tools", "acme-cli"}), project_ids_caveat()}));
    CHECK(h.run().report->exit_code == 5);
    h.environment.set("PYPI_TOKEN", pypi_token({user_caveat(), "[7, 1]"}));
    CHECK(h.run().report->exit_code == 5);
  }

  TEST_CASE("a token that does not decode: exit 2, naming the variable and the part") {
    Harness h(kManifest);
    h.environment.set("PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc!Secret-Part-Of-It");
    const auto outcome = h.run();
    CHECK_FALSE(outcome.report.has_value());
    REQUIRE(outcome.problems.errors.size() == 1);
    const std::string& error = outcome.problems.errors.front();
    CHECK(contains(error, "PYPI_TOKEN"));
    CHECK(contains(error, "cannot be decoded"));
    CHECK_FALSE(contains(error, "Secret-Part"));
  }

  TEST_CASE("--response-file: the token saved in a file reads as it would live") {
    Harness h(kManifest);
    h.files.files["saved-token"] = pypi_token({user_caveat()}) + "\n";
    h.offline_all(engine::OfflineSource::Kind::kResponseFile, "saved-token");
    const auto outcome = h.run();
    REQUIRE(outcome.report.has_value());
    CHECK(outcome.report->exit_code == 0);
    CHECK(outcome.report->providers.at(0).status == engine::ProviderStatus::kOffline);
  }
}
