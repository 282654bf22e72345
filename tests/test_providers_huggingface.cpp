#include <doctest/doctest.h>

#include "scope/matcher.h"
#include "support/provider_answers.h"

using namespace scopegate;
using namespace scopegate::testing::provider_tests;
using testing::header_of;

namespace {
std::string fix_for(const std::string& kind, const std::vector<std::vector<std::string>>& scopes) {
  manifest::ProviderSpec spec;
  spec.name = "hf";
  spec.preset = text("huggingface");
  TokenFacts facts;
  facts.token_kind = kind;
  const std::vector<std::string> required;
  return providers::find_preset("huggingface")
      ->fix_writer({scopes, required, spec, "https://huggingface.co", "https://huggingface.co/settings/tokens", facts});
}

bool covers(const std::vector<std::string>& granted, const std::string& required) {
  const providers::PresetInfo& preset = *providers::find_preset("huggingface");
  const scope::Vocabulary vocabulary = providers::build_vocabulary(preset, manifest::ProviderSpec{});
  return scope::GrantIndex(vocabulary, granted).covers(required);
}
}  // namespace

// providers/huggingface.cpp: the huggingface preset, its answers read and asked live.
TEST_SUITE("providers.huggingface") {
  TEST_CASE("a read or write token's role is its scope") {
    const auto facts = interpret("huggingface", 200,
                                 R"({"name": "acme-ci", "auth": {"accessToken": {"displayName": "ci", "role": "write"}}})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK_STRINGS(facts.granted, {"write", "write on user/acme-ci"});
    CHECK(facts.token_kind == "write");
    CHECK(facts.account == std::optional<std::string>("acme-ci"));
    CHECK(facts.key_name == std::optional<std::string>("ci"));
  }

  TEST_CASE("a role token reaches its user's and organisations' repositories, at the member's role there") {
    const auto facts = interpret("huggingface", 200, R"({"name": "alice", "orgs": [
        {"name": "acme", "roleInOrg": "admin"}, {"name": "lab", "roleInOrg": "read"}, {"name": "club"}],
        "auth": {"accessToken": {"role": "write"}}})");
    CHECK_STRINGS(facts.granted, {"write", "write on user/alice", "write on org/acme", "read on org/lab", "read on org/club"});
  }

  TEST_CASE("a fine-grained token: global permissions, and scoped ones as PERMISSION on TYPE/NAME") {
    const auto facts = interpret("huggingface", 200, R"({"name": "acme-ci", "auth": {"accessToken": {
        "role": "fineGrained", "fineGrained": {"global": ["inference.serverless.write"],
        "scoped": [{"entity": {"_id": "1", "type": "model", "name": "acme/classifier"}, "permissions": ["repo.write"]},
                   {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]}]}}}})");
    CHECK(facts.outcome == Outcome::kAccepted);
    CHECK(facts.token_kind == "fineGrained");
    CHECK_STRINGS(facts.granted, {"inference.serverless.write", "repo.write on model/acme/classifier",
                                  "repo.content.read on org/acme"});
  }

  TEST_CASE("what covers what: roles by level, an organisation's permission its repositories") {
    CHECK(covers({"write"}, "read"));
    CHECK(covers({"write on org/acme"}, "repo.write on model/acme/classifier"));
    CHECK(covers({"read on org/acme"}, "repo.content.read on dataset/acme/data"));
    CHECK_FALSE(covers({"read"}, "write"));
    CHECK_FALSE(covers({"read on org/acme"}, "repo.write on model/acme/classifier"));
    // A role reaches only its user's and organisations' repositories.
    CHECK_FALSE(covers({"write"}, "repo.write on model/acme/classifier"));
    CHECK_FALSE(covers({"write on org/other"}, "repo.write on model/acme/classifier"));
    CHECK(covers({"repo.content.read on org/acme"}, "repo.content.read on model/acme/base"));
    CHECK_FALSE(covers({"repo.content.read on org/acme"}, "repo.content.read on model/acmeco/base"));
    CHECK_FALSE(covers({"repo.content.read on org/acme"}, "repo.write on model/acme/base"));
    CHECK_FALSE(covers({"repo.write on model/acme/a"}, "repo.write on model/acme/b"));
    CHECK(covers({"repo.write on user/alice"}, "repo.write on space/alice/demo"));
  }

  TEST_CASE("scope syntax: one word, or PERMISSION on TYPE/NAME with a type Hugging Face knows") {
    CHECK(scope_problem_of("huggingface", "read").empty());
    CHECK(scope_problem_of("huggingface", "repo.write on model/acme/classifier").empty());
    CHECK(contains(scope_problem_of("huggingface", "repo.write on repo/acme/x"), "TYPE is model, dataset, space"));
    CHECK(contains(scope_problem_of("huggingface", "repo.write on model"), "PERMISSION on TYPE/NAME"));
    CHECK(contains(scope_problem_of("huggingface", "repo write"), "holds a space but no ' on '"));
    CHECK(scope_problem_of("huggingface", "repo.wirte on model/acme/x") ==
          "scope 'repo.wirte on model/acme/x' names permission 'repo.wirte', which Hugging Face does not have "
          "(did you mean 'repo.write'?)");
    CHECK(contains(scope_problem_of("huggingface", "Read"), "(did you mean 'read'?)"));
    CHECK(scope_problem_of("huggingface", "some.future.permission").empty());
  }

  TEST_CASE("fixes: a fine-grained token is edited, a role token replaced by a pre-filled link") {
    CHECK(fix_for("fineGrained", {{"repo.write on model/acme/classifier"}}) ==
          "add repo.write on model/acme/classifier to the token's permissions at https://huggingface.co/settings/tokens "
          "(Manage > Edit permissions)");
    CHECK(fix_for("read", {{"write"}}) ==
          "create a token with write at https://huggingface.co/settings/tokens/new?preset=write "
          "(Hugging Face cannot change a read or write token's role)");
    CHECK(fix_for("read", {{"repo.write on model/acme/classifier"}}) ==
          "create a token with repo.write on model/acme/classifier at "
          "https://huggingface.co/settings/tokens/new?preset=fineGrained&orgs=acme "
          "(Hugging Face cannot change a read or write token's role)");
  }

  TEST_CASE("401 rejects, odd shapes are errors") {
    CHECK(interpret("huggingface", 401, R"({"error": "Invalid credentials in Authorization header"})").outcome ==
          Outcome::kRejected);
    for (const char* body :
         {R"({})", R"({"auth": {"accessToken": {"role": "owner"}}})",
          R"({"auth": {"accessToken": {"role": "fineGrained"}}})",
          R"({"auth": {"accessToken": {"role": "fineGrained", "fineGrained": {"scoped": {}}}}})",
          R"({"auth": {"accessToken": {"role": "fineGrained", "fineGrained": {"scoped": [{"permissions": ["x"]}]}}}})"}) {
      CAPTURE(std::string(body));
      CHECK(interpret("huggingface", 200, body).outcome == Outcome::kError);
    }
  }

  TEST_CASE("live: GET /api/whoami-v2 with the token as a bearer") {
    Rig rig("huggingface", "https://huggingface.co");
    rig.transport.answer("GET https://huggingface.co/api/whoami-v2", 200,
                         R"({"auth": {"accessToken": {"role": "read"}}})");
    const TokenFacts facts = rig.ask();
    CHECK_STRINGS(rig.transport.sent(), {"GET https://huggingface.co/api/whoami-v2"});
    CHECK(header_of(rig.request(0), "Authorization") == std::optional<std::string>(bearer()));
    CHECK_STRINGS(facts.granted, {"read"});
  }
}
