#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "report/reporter.h"
#include "support/sample_report.h"

namespace json = boost::json;
using scopegate::report::create_json_reporter;

TEST_SUITE("report.json") {
  TEST_CASE("the contract's fields, with their types and values") {
    const json::value root = json::parse(create_json_reporter({})->render(scopegate::testing::sample_report()));
    const json::object& top = root.as_object();
    CHECK(top.at("schema").as_string() == "scopegate/report/v1");
    CHECK(top.at("ok").as_bool() == false);
    CHECK(top.at("exit_code").as_int64() == 1);

    const json::object& provider = top.at("providers").as_array().at(0).as_object();
    CHECK(provider.at("name").as_string() == "sonar");
    CHECK(provider.at("status").as_string() == "offline");
    CHECK(provider.at("error").is_null());
    CHECK(provider.at("key").at("name").as_string() == "CI key");
    CHECK(provider.at("key").at("prefix").as_string() == "sk_live");
    CHECK(provider.at("expires_at").as_string() == "2027-01-31T00:00:00Z");
    CHECK(provider.at("granted").as_array().size() == 2);
    CHECK(provider.at("excess").as_array().at(0).as_string() == "documents:uploaded:delete");
    CHECK(provider.at("unverifiable").as_array().empty());

    const json::array& features = top.at("features").as_array();
    REQUIRE(features.size() == 3);
    const json::object& exp = features.at(1).as_object();
    CHECK(exp.at("name").as_string() == "export");
    CHECK(exp.at("provider").as_string() == "sonar");
    CHECK(exp.at("status").as_string() == "missing");
    CHECK(exp.at("optional").as_bool() == false);
    CHECK(exp.at("required").as_array().at(0).as_string() == "documents:signed:export");
    CHECK(exp.at("missing").as_array().at(0).as_string() == "documents:signed:export");
    CHECK(exp.at("hint").as_string() == "Ask an organisation admin.");
    CHECK(exp.at("fix").as_string().starts_with("add documents:signed:export"));
    CHECK(features.at(0).at("hint").is_null());
    CHECK(features.at(2).at("status").as_string() == "skipped");

    const json::object& missing = top.at("missing").as_array().at(0).as_object();
    CHECK(missing.at("provider").as_string() == "sonar");
    CHECK(missing.at("scope").as_string() == "documents:signed:export");
    CHECK(missing.at("label").as_string() == "Documents / Signed / Export");
    CHECK(missing.at("features").as_array().at(0).as_string() == "export");
    CHECK(missing.at("line").as_int64() == 14);
  }

  TEST_CASE("summary: the same one line as the text report, true when only an optional feature misses") {
    const auto report = scopegate::testing::optional_miss_report();
    const json::value root = json::parse(create_json_reporter({})->render(report));
    CHECK(root.at("ok").as_bool());
    CHECK(root.at("summary").as_string() ==
          "2 of 3 checked features have their scopes; optional feature nightly would be blocked: add "
          "documents:uploaded:delete to key 'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys");
  }

  TEST_CASE("statuses as the contract spells them") {
    auto report = scopegate::testing::sample_report();
    report.providers[0].status = scopegate::engine::ProviderStatus::kTokenRejected;
    report.providers[0].error = "HTTP 401";
    report.features[0].status = scopegate::engine::FeatureStatus::kError;
    report.features[1].status = scopegate::engine::FeatureStatus::kUnverifiable;
    report.exit_code = 3;
    const json::value root = json::parse(create_json_reporter({})->render(report));
    CHECK(root.at("providers").at(0).at("status").as_string() == "token_rejected");
    CHECK(root.at("providers").at(0).at("error").as_string() == "HTTP 401");
    CHECK(root.at("features").at(0).at("status").as_string() == "error");
    CHECK(root.at("features").at(1).at("status").as_string() == "unverifiable");
    CHECK(root.at("ok").as_bool() == false);
  }

  TEST_CASE("a key with neither name nor prefix is null, absent expiry is null") {
    auto report = scopegate::testing::sample_report();
    report.providers[0].key_name.reset();
    report.providers[0].key_prefix.reset();
    report.providers[0].expires_at.reset();
    const json::value root = json::parse(create_json_reporter({})->render(report));
    CHECK(root.at("providers").at(0).at("key").is_null());
    CHECK(root.at("providers").at(0).at("expires_at").is_null());
  }

  TEST_CASE("granted_by names the claim of each scope for claim-based providers, null for the others") {
    auto report = scopegate::testing::sample_report();
    const json::value plain = json::parse(create_json_reporter({})->render(report));
    CHECK(plain.at("providers").at(0).at("granted_by").is_null());
    auto& provider = report.providers[0];
    provider.preset = "jwt";
    provider.granted = {"openid", "export:reports"};
    provider.scope_claims = {"scope", "permissions"};
    provider.granted_by = {{"openid", "scope"}, {"export:reports", "permissions"}};
    const json::value root = json::parse(create_json_reporter({})->render(report));
    const json::object& granted_by = root.at("providers").at(0).at("granted_by").as_object();
    CHECK(granted_by.size() == 2);
    CHECK(granted_by.at("export:reports").as_string() == "permissions");
    CHECK(granted_by.at("openid").as_string() == "scope");
    CHECK(root.at("providers").at(0).at("granted").as_array().size() == 2);  // the contract's field stays
  }

  TEST_CASE("token_kind, resource and fix_location appear only when the preset knows them") {
    auto report = scopegate::testing::sample_report();
    const json::object plain = json::parse(create_json_reporter({})->render(report)).at("providers").at(0).as_object();
    CHECK_FALSE(plain.contains("token_kind"));
    CHECK_FALSE(plain.contains("resource"));
    CHECK_FALSE(plain.contains("fix_location"));
    auto& provider = report.providers[0];
    provider.token_kind = "workflow";
    provider.resource = "acme/app";
    provider.fix_location = scopegate::manifest::FileLocation{".github/workflows/ci.yml", {9, 3}, "job release"};
    const json::value root = json::parse(create_json_reporter({})->render(report));
    const json::object& github = root.at("providers").at(0).as_object();
    CHECK(github.at("token_kind").as_string() == "workflow");
    CHECK(github.at("resource").as_string() == "acme/app");
    CHECK(github.at("fix_location").at("file").as_string() == ".github/workflows/ci.yml");
    CHECK(github.at("fix_location").at("line").as_int64() == 9);
    CHECK(github.at("fix_location").at("column").as_int64() == 3);
  }

  TEST_CASE("unverified: the run's reasons for exit 5, such as --min-ttl with an unknown expiry") {
    auto report = scopegate::testing::sample_report();
    CHECK(json::parse(create_json_reporter({})->render(report)).at("unverified").as_array().empty());
    report.features[1].status = scopegate::engine::FeatureStatus::kOk;
    report.missing.clear();
    report.providers[0].fix.clear();
    report.unverified = {"the sonar token's expiry is unknown (x), so --min-ttl 30d could not be checked"};
    report.exit_code = 5;
    const json::value root = json::parse(create_json_reporter({})->render(report));
    CHECK(root.at("unverified").at(0).as_string() == report.unverified[0]);
    CHECK(root.at("summary").as_string() == report.unverified[0]);
  }
}
