#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

namespace {
const std::string kVerify = "GET https://api.cloudflare.com/client/v4/user/tokens/verify";
const std::string kDetails = "GET https://api.cloudflare.com/client/v4/user/tokens/ed17574386854bf78a67040be0a770b0";
const std::string kActive = R"({"success": true, "errors": [], "result": {"id": "ed17574386854bf78a67040be0a770b0",
    "status": "active", "expires_on": "2030-01-01T00:00:00Z"}})";
const std::string kPolicies = R"({"success": true, "result": {"id": "ed17574386854bf78a67040be0a770b0", "name": "deploy",
    "policies": [{"effect": "allow", "resources": {"com.cloudflare.api.account.*": "*"},
                  "permission_groups": [{"id": "1", "name": "Workers Scripts Write"}, {"id": "2", "name": "Zone Read"}]},
                 {"effect": "deny", "resources": {"com.cloudflare.api.account.zone.abc": "*"},
                  "permission_groups": [{"id": "3", "name": "Cache Purge"}]}]}})";

std::string fix_for(const std::vector<std::vector<std::string>>& scopes) {
  manifest::ProviderSpec spec;
  spec.name = "cf";
  spec.preset = text("cloudflare");
  const TokenFacts facts;
  const std::vector<std::string> required;
  return providers::find_preset("cloudflare")
      ->fix_writer({scopes, required, spec, "https://api.cloudflare.com", "https://dash.cloudflare.com/profile/api-tokens",
                    facts});
}
}  // namespace

// providers/cloudflare.cpp: the cloudflare preset, verify then the token's policies.
TEST_SUITE("providers.cloudflare") {
  TEST_CASE("live: verify, then the policies: allowed groups granted, deny and resources said") {
    Rig rig("cloudflare", "https://api.cloudflare.com");
    rig.transport.answer(kVerify, 200, kActive);
    rig.transport.answer(kDetails, 200, kPolicies);
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {kVerify, kDetails});
    CHECK(header_of(rig.request(1), "Authorization") == std::optional<std::string>(bearer()));
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.scopes_listed);
    CHECK_STRINGS(facts.granted, {"Workers Scripts Write", "Zone Read"});
    CHECK(expiry(facts) == "2030-01-01T00:00:00Z");
    CHECK(facts.key_name == std::optional<std::string>("deploy"));
    CHECK(has_note(facts, "deny policies take Cache Purge away on some resources"));
    CHECK(has_note(facts, "scopegate checks the permissions, not which zones they reach"));
  }

  TEST_CASE("live: an account-owned token is asked under its account, resource: the account id") {
    const std::string account = "0123456789abcdef0123456789abcdef";
    const std::string tokens = "GET https://api.cloudflare.com/client/v4/accounts/" + account + "/tokens/";
    Rig rig("cloudflare", "https://api.cloudflare.com");
    rig.context.resource = account;
    rig.transport.answer(tokens + "verify", 200, kActive);
    rig.transport.answer(tokens + "ed17574386854bf78a67040be0a770b0", 200, kPolicies);
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {tokens + "verify", tokens + "ed17574386854bf78a67040be0a770b0"});
    CHECK_STRINGS(facts.granted, {"Workers Scripts Write", "Zone Read"});
    // Its fix is on the account's page, and its own policies need the account's permission.
    rig.spec.resource = text(account);
    const std::vector<std::vector<std::string>> scopes{{"Cache Purge"}};
    const std::vector<std::string> required;
    CHECK(providers::find_preset("cloudflare")->fix_writer({scopes, required, rig.spec, "", "", facts}) ==
          "add Cache Purge to the token's permissions at https://dash.cloudflare.com/" + account + "/api-tokens");
    Rig unseen("cloudflare", "https://api.cloudflare.com");
    unseen.context.resource = account;
    unseen.transport.answer(tokens + "verify", 200, kActive);
    unseen.transport.answer(tokens + "ed17574386854bf78a67040be0a770b0", 403, "{}");
    CHECK(contains(unseen.ask().unverifiable_reason, "grant it \"Account API Tokens Read\""));
  }

  TEST_CASE("live: a user endpoint's rejection says where an account's token is verified") {
    Rig rig("cloudflare", "https://api.cloudflare.com");
    rig.transport.answer(kVerify, 401, R"({"success": false, "errors": [{"code": 1000, "message": "Invalid API Token"}]})");
    CHECK(rig.ask().error == "Cloudflare rejected the token (HTTP 401: Invalid API Token (code 1000)); an account-owned "
                             "token is verified under its account: set resource: to the account id");
  }

  TEST_CASE("resource: must be an account id, said at its line") {
    manifest::ProviderSpec spec;
    spec.name = "cf";
    spec.resource = text("my-account");
    manifest::Diagnostics diagnostics;
    providers::find_preset("cloudflare")->manifest_rules(spec, diagnostics);
    REQUIRE(diagnostics.items().size() == 1);
    CHECK(contains(diagnostics.items().front().message, "is not a Cloudflare account id (32 hexadecimal digits)"));
    for (const char* short_or_long : {"f", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0"}) {
      manifest::Diagnostics wrong;
      spec.resource = text(short_or_long);
      providers::find_preset("cloudflare")->manifest_rules(spec, wrong);
      CHECK(wrong.items().size() == 1);
    }
    spec.resource = text("${CLOUDFLARE_ACCOUNT_ID}");
    manifest::Diagnostics later;
    providers::find_preset("cloudflare")->manifest_rules(spec, later);
    CHECK(later.items().empty());
  }

  TEST_CASE("live: without API Tokens Read the scopes are unverifiable, saying which permission would tell") {
    for (const int status : {403, 401}) {
      CAPTURE(status);
      Rig rig("cloudflare", "https://api.cloudflare.com");
      rig.transport.answer(kVerify, 200, kActive);
      rig.transport.answer(kDetails, status,
                           R"({"success": false, "errors": [{"code": 9109, "message": "Unauthorized to access requested resource"}]})");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kAccepted);
      CHECK_FALSE(facts.scopes_listed);
      CHECK(facts.unverifiable_reason ==
            "the token may not read its own policies: grant it \"API Tokens Read\" to let scopegate see them");
      CHECK(facts.expiry_known);
    }
  }

  TEST_CASE("live: a disabled or expired token is rejected without asking for its policies") {
    for (const char* status : {"disabled", "expired"}) {
      CAPTURE(std::string(status));
      Rig rig("cloudflare", "https://api.cloudflare.com");
      rig.transport.answer(kVerify, 200,
                           std::string(R"({"success": true, "result": {"id": "ab12", "status": ")") + status + "\"}}");
      const TokenFacts facts = rig.ask();
      CHECK(facts.outcome == Outcome::kRejected);
      CHECK(facts.error == std::string("Cloudflare says the token is ") + status);
      CHECK(rig.transport.requests.size() == 1);
    }
  }

  TEST_CASE("live: 401 rejects with Cloudflare's error, an id that is not hex is never put in a URL") {
    Rig rejected("cloudflare", "https://api.cloudflare.com");
    rejected.transport.answer(kVerify, 401, R"({"success": false, "errors": [{"code": 1000, "message": "Invalid API Token"}]})");
    const TokenFacts facts = rejected.ask();
    CHECK(facts.outcome == Outcome::kRejected);
    CHECK(contains(facts.error, "Cloudflare rejected the token (HTTP 401: Invalid API Token (code 1000))"));

    Rig odd("cloudflare", "https://api.cloudflare.com");
    odd.transport.answer(kVerify, 200, R"({"success": true, "result": {"id": "../../accounts", "status": "active"}})");
    CHECK(odd.ask().error == "Cloudflare's answer has no usable token id");
    CHECK(odd.transport.requests.size() == 1);
  }

  TEST_CASE("live: the policies' request failing is an error, a 500 too") {
    Rig rig("cloudflare", "https://api.cloudflare.com");
    rig.transport.answer(kVerify, 200, kActive);
    rig.transport.fail(kDetails, "read from api.cloudflare.com:443: connection reset");
    CHECK(rig.ask().error == "read from api.cloudflare.com:443: connection reset");
    Rig busy("cloudflare", "https://api.cloudflare.com");
    busy.transport.answer(kVerify, 200, kActive);
    busy.transport.answer(kDetails, 500, "{}");
    CHECK(busy.ask().outcome == Outcome::kError);
  }

  TEST_CASE("a saved answer: the policies, or the verify answer alone (unverifiable)") {
    const auto details = interpret("cloudflare", 200, kPolicies);
    CHECK_STRINGS(details.granted, {"Workers Scripts Write", "Zone Read"});
    const auto verify = interpret("cloudflare", 200, kActive);
    CHECK(verify.outcome == Outcome::kAccepted);
    CHECK_FALSE(verify.scopes_listed);
    CHECK(contains(verify.unverifiable_reason, "API Tokens Read"));
    const auto never = interpret("cloudflare", 200, R"({"result": {"id": "ab", "status": "active"}})");
    CHECK(never.expiry_known);
    CHECK_FALSE(never.expires_at);
    CHECK(never.expiry_problem.empty());
  }

  TEST_CASE("a group both allowed and denied is never ok: unverifiable, since the deny may reach some resources or all") {
    const auto facts = interpret("cloudflare", 200, R"({"result": {"policies": [
        {"effect": "allow", "permission_groups": [{"name": "Workers Scripts Write"}, {"name": "Cache Purge"}]},
        {"effect": "deny", "permission_groups": [{"name": "Cache Purge"}]}]}})");
    CHECK_STRINGS(facts.granted, {"Workers Scripts Write"});
    CHECK_STRINGS(facts.unsettled, {"Cache Purge"});
  }

  TEST_CASE("a denied Read unsettles the allowed Write that would cover it, and itself") {
    const auto facts = interpret("cloudflare", 200, R"({"result": {"policies": [
        {"effect": "allow", "permission_groups": [{"name": "DNS Write"}, {"name": "Zone Read"}]},
        {"effect": "deny", "permission_groups": [{"name": "DNS Read"}]}]}})");
    CHECK_STRINGS(facts.granted, {"Zone Read"});
    CHECK_STRINGS(facts.unsettled, {"DNS Write", "DNS Read"});
  }

  TEST_CASE("X Write includes X Read, and nothing else") {
    const providers::PresetInfo& preset = *providers::find_preset("cloudflare");
    const scope::Vocabulary vocabulary = providers::build_vocabulary(preset, manifest::ProviderSpec{});
    const scope::GrantIndex index(vocabulary, {"DNS Write"});
    CHECK(index.covers("DNS Read"));
    CHECK_FALSE(index.covers("Zone Read"));
    CHECK_FALSE(scope::GrantIndex(vocabulary, {"DNS Read"}).covers("DNS Write"));
  }

  TEST_CASE("success: false at HTTP 200 is an error in Cloudflare's words") {
    const auto facts = interpret("cloudflare", 200,
                                 R"({"success": false, "errors": [{"code": 6003, "message": "Invalid request headers"}]})");
    CHECK(facts.outcome == Outcome::kError);
    CHECK(facts.error == "Cloudflare answered: Invalid request headers (code 6003)");
  }

  TEST_CASE("odd shapes are errors") {
    for (const char* body : {R"({})", R"({"result": {"policies": {}}})", R"({"result": {"policies": [{}]}})",
                             R"({"result": {"policies": [{"permission_groups": [{"id": "1"}]}]}})"}) {
      CAPTURE(std::string(body));
      CHECK(interpret("cloudflare", 200, body).outcome == Outcome::kError);
    }
  }

  TEST_CASE("a name with spaces is one scope, a comma or doubled space is a manifest error") {
    CHECK(scope_problem_of("cloudflare", "Workers Scripts Write").empty());
    CHECK(contains(scope_problem_of("cloudflare", "Zone Read, DNS Write"), "holds a comma"));
    CHECK(contains(scope_problem_of("cloudflare", "Zone  Read"), "words separated by single spaces"));
  }

  TEST_CASE("the fix edits the token, and links a pre-filled template when every group is known") {
    CHECK(fix_for({{"Workers Scripts Write"}, {"Zone Read"}}) ==
          "add Workers Scripts Write, Zone Read to the token's permissions at https://dash.cloudflare.com/profile/api-tokens, "
          "or create a token with them at https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys="
          "%5B%7B%22key%22%3A%22workers_scripts%22%2C%22type%22%3A%22edit%22%7D%2C%7B%22key%22%3A%22zone%22%2C%22type%22"
          "%3A%22read%22%7D%5D&name=scopegate%20cf");
    CHECK(fix_for({{"Some New Group"}}) ==
          "add Some New Group to the token's permissions at https://dash.cloudflare.com/profile/api-tokens");
  }
}
