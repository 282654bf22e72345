#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "report/reporter.h"
#include "report/summary.h"
#include "scopegate_version.h"
#include "support/sample_report.h"
#include "util/time.h"

namespace engine = scopegate::engine;
namespace testing = scopegate::testing;
namespace json = boost::json;
using scopegate::report::create_sarif_reporter;

namespace {
// The report linked as the engine links it (each missing finding to its entry), rendered.
json::value render(engine::Report report) {
  testing::link_missing(report);
  return json::parse(create_sarif_reporter({})->render(report));
}

const json::object& run_of(const json::value& root) { return root.at("runs").as_array().at(0).as_object(); }
const json::array& results_of(const json::value& root) { return run_of(root).at("results").as_array(); }

std::vector<const json::object*> results_with(const json::value& root, const std::string& rule) {
  std::vector<const json::object*> out;
  for (const json::value& result : results_of(root))
    if (result.at("ruleId").as_string() == rule) out.push_back(&result.as_object());
  return out;
}

// Pointers into `root`, which must outlive them.
std::vector<const json::object*> results_with(json::value&& root, const std::string& rule) = delete;

std::string text_of(const json::object& result) { return std::string(result.at("message").at("text").as_string()); }
std::string level_of(const json::object& result) { return std::string(result.at("level").as_string()); }

// The one location of a result: its URI, line and column (0 when absent).
struct Where {
  std::string uri;
  std::int64_t line = 0;
  std::int64_t column = 0;
  bool operator==(const Where&) const = default;
};

Where where_of(const json::object& result) {
  const json::array& locations = result.at("locations").as_array();
  REQUIRE(locations.size() == 1);
  const json::object& physical = locations.at(0).at("physicalLocation").as_object();
  Where where;
  where.uri = std::string(physical.at("artifactLocation").at("uri").as_string());
  const json::object& region = physical.at("region").as_object();
  where.line = region.at("startLine").as_int64();
  if (const json::value* column = region.if_contains("startColumn")) where.column = column->as_int64();
  return where;
}

std::string fingerprint_of(const json::object& result) {
  return std::string(result.at("partialFingerprints").at("scopegate/v1").as_string());
}

// The sample report with the locations the engine always fills in.
engine::Report located() {
  engine::Report report = scopegate::testing::sample_report();
  report.providers[0].where = {4, 3};
  report.features[1].missing[0].where = {14, 16};
  return report;
}

engine::FeatureResult feature(const std::string& name, engine::FeatureStatus status, int line) {
  engine::FeatureResult result;
  result.name = name;
  result.provider = "sonar";
  result.status = status;
  result.where = {line, 3};
  return result;
}

const std::string kExportMessage =
    "Feature 'export' needs documents:signed:export (Documents / Signed / Export), which the sonar token does not "
    "have. Hint: Ask an organisation admin. Fix: add documents:signed:export to key 'CI key' (sk_live...) at "
    "https://session.sonar.de/acme/settings/api-keys.";
}  // namespace

TEST_SUITE("report.sarif") {
  TEST_CASE("a SARIF 2.1.0 log with the scopegate driver and its four rules") {
    const json::value root = render(located());
    CHECK(root.at("version").as_string() == "2.1.0");
    CHECK(root.at("$schema").as_string() == "https://json.schemastore.org/sarif-2.1.0.json");
    REQUIRE(root.at("runs").as_array().size() == 1);
    const json::object& driver = run_of(root).at("tool").at("driver").as_object();
    CHECK(driver.at("name").as_string() == "scopegate");
    CHECK(driver.at("version").as_string() == SCOPEGATE_VERSION);
    const json::array& rules = driver.at("rules").as_array();
    REQUIRE(rules.size() == 4);
    const std::vector<std::vector<std::string>> expected{{"missing-scope", "MissingScope", "error"},
                                                         {"unverifiable-scope", "UnverifiableScope", "warning"},
                                                         {"excess-scope", "ExcessScope", "note"},
                                                         {"token-expiring", "TokenExpiring", "warning"}};
    for (std::size_t i = 0; i < rules.size(); ++i) {
      CAPTURE(i);
      CHECK(rules[i].at("id").as_string() == expected[i][0]);
      CHECK(rules[i].at("name").as_string() == expected[i][1]);
      CHECK(rules[i].at("defaultConfiguration").at("level").as_string() == expected[i][2]);
      CHECK_FALSE(rules[i].at("shortDescription").at("text").as_string().empty());
      CHECK_FALSE(rules[i].at("help").at("text").as_string().empty());
    }
  }

  TEST_CASE("the sample report: a missing scope at its line and the excess at the provider") {
    const json::value root = render(located());
    const json::array& results = results_of(root);
    REQUIRE(results.size() == 2);
    const json::object& missing = results[0].as_object();
    CHECK(missing.at("ruleId").as_string() == "missing-scope");
    CHECK(level_of(missing) == "error");
    CHECK(text_of(missing) == kExportMessage);
    CHECK(where_of(missing) == Where{"scopegate.yaml", 14, 16});
    const json::object& excess = results[1].as_object();
    CHECK(excess.at("ruleId").as_string() == "excess-scope");
    CHECK(level_of(excess) == "note");
    CHECK(text_of(excess) == "The sonar token has documents:uploaded:delete, which no checked feature needs.");
    CHECK(where_of(excess) == Where{"scopegate.yaml", 4, 3});
  }

  TEST_CASE("one result per missing scope of each feature, optional ones as warnings") {
    engine::Report report = located();
    report.providers[0].excess.clear();
    engine::FeatureResult& exp = report.features[1];
    exp.missing.push_back({"a | b", {15, 9}, std::nullopt});
    engine::FeatureResult publish = feature("publish", engine::FeatureStatus::kMissing, 30);
    publish.missing = testing::findings({"documents:signed:export"}, {{31, 11}});
    report.features.push_back(publish);
    engine::FeatureResult extra = feature("extra", engine::FeatureStatus::kMissing, 40);
    extra.optional = true;
    extra.missing = testing::findings({"documents:uploaded:delete"}, {{41, 13}});
    extra.hint = "Only nightly.";
    report.features.push_back(extra);
    const json::value root = render(report);
    const auto results = results_with(root, "missing-scope");
    REQUIRE(results.size() == 4);
    CHECK(results_of(root).size() == 4);
    CHECK(text_of(*results[0]) == kExportMessage);
    CHECK(where_of(*results[0]) == Where{"scopegate.yaml", 14, 16});
    CHECK(level_of(*results[1]) == "error");
    // Each result carries its own scope's fix: this hand-made report has none for "a | b".
    CHECK(text_of(*results[1]) ==
          "Feature 'export' needs a | b, which the sonar token does not have. Hint: Ask an organisation admin.");
    CHECK(where_of(*results[1]) == Where{"scopegate.yaml", 15, 9});
    CHECK(level_of(*results[2]) == "error");
    CHECK(text_of(*results[2]) ==
          "Feature 'publish' needs documents:signed:export (Documents / Signed / Export), which the sonar token does "
          "not have. Fix: add documents:signed:export to key 'CI key' (sk_live...) at "
          "https://session.sonar.de/acme/settings/api-keys.");
    CHECK(where_of(*results[2]) == Where{"scopegate.yaml", 31, 11});
    CHECK(level_of(*results[3]) == "warning");
    CHECK(text_of(*results[3]) ==
          "Feature 'extra' needs documents:uploaded:delete, which the sonar token does not have. Hint: Only nightly.");
    CHECK(where_of(*results[3]) == Where{"scopegate.yaml", 41, 13});
  }

  TEST_CASE("unverifiable scopes at the line that requires them") {
    engine::Report report = located();
    engine::FeatureResult deploy = feature("deploy", engine::FeatureStatus::kUnverifiable, 50);
    deploy.unverifiable = testing::findings({"repo:write", "org:read"}, {{51, 7}, {52, 0}});
    deploy.reason = "fine-grained tokens do not list scopes";
    report.features.push_back(deploy);
    const json::value root = render(report);
    const auto results = results_with(root, "unverifiable-scope");
    REQUIRE(results.size() == 2);
    CHECK(level_of(*results[0]) == "warning");
    CHECK(text_of(*results[0]) ==
          "Feature 'deploy' needs repo:write, which cannot be verified: fine-grained tokens do not list scopes");
    CHECK(where_of(*results[0]) == Where{"scopegate.yaml", 51, 7});
    CHECK(level_of(*results[1]) == "warning");
    CHECK(where_of(*results[1]) == Where{"scopegate.yaml", 52, 0});
  }

  TEST_CASE("excess scopes are notes, errors with fail-on-excess") {
    engine::Report report = located();
    report.providers[0].excess = {"documents:uploaded:delete", "admin"};
    SUBCASE("notes") {
      const json::value root = render(report);
      const auto results = results_with(root, "excess-scope");
      REQUIRE(results.size() == 2);
      CHECK(level_of(*results[0]) == "note");
      CHECK(level_of(*results[1]) == "note");
      CHECK(text_of(*results[1]) == "The sonar token has admin, which no checked feature needs.");
      CHECK(where_of(*results[1]) == Where{"scopegate.yaml", 4, 3});
    }
    SUBCASE("errors") {
      report.fail_on_excess = true;
      const json::value root = render(report);
      const auto results = results_with(root, "excess-scope");
      REQUIRE(results.size() == 2);
      CHECK(level_of(*results[0]) == "error");
      CHECK(level_of(*results[1]) == "error");
    }
    SUBCASE("a provider without a location still has a line") {
      report.providers[0].where = {0, 0};
      const json::value root = render(report);
      const auto results = results_with(root, "excess-scope");
      REQUIRE(results.size() == 2);
      CHECK(where_of(*results[0]) == Where{"scopegate.yaml", 1, 0});
    }
  }

  TEST_CASE("a token close to expiry is a warning result, an error result when it fails min-ttl") {
    engine::Report report = located();
    SUBCASE("not close") {
      const json::value root = render(report);
      CHECK(results_with(root, "token-expiring").empty());
    }
    SUBCASE("close") {
      report.providers[0].expiring_soon = true;
      const json::value root = render(report);
      const auto results = results_with(root, "token-expiring");
      REQUIRE(results.size() == 1);
      CHECK(level_of(*results[0]) == "warning");
      CHECK(text_of(*results[0]) == "The sonar token expires 2027-01-31T00:00:00Z.");
      CHECK(where_of(*results[0]) == Where{"scopegate.yaml", 4, 3});
    }
    SUBCASE("sooner than min-ttl") {
      report.providers[0].expiring_soon = true;
      report.providers[0].ttl_ok = false;
      report.min_ttl = "7d";
      const json::value root = render(report);
      const auto results = results_with(root, "token-expiring");
      REQUIRE(results.size() == 1);
      CHECK(level_of(*results[0]) == "error");
      CHECK(text_of(*results[0]) == "The sonar token expires 2027-01-31T00:00:00Z, sooner than --min-ttl 7d.");
      CHECK(where_of(*results[0]) == Where{"scopegate.yaml", 4, 3});
    }
    SUBCASE("within min-ttl") {
      report.providers[0].expiring_soon = true;
      report.providers[0].ttl_ok = true;
      const json::value root = render(report);
      const auto results = results_with(root, "token-expiring");
      REQUIRE(results.size() == 1);
      CHECK(level_of(*results[0]) == "warning");
    }
  }

  TEST_CASE("every result has a fingerprint of its own") {
    engine::Report report = located();
    engine::ProviderResult gitlab;
    gitlab.name = "gitlab";
    gitlab.preset = "gitlab";
    gitlab.excess = {"api", "documents:uploaded:delete"};
    gitlab.expiring_soon = true;
    gitlab.expires_at = scopegate::util::parse_timestamp("2027-01-01T00:00:00Z");
    report.providers.push_back(gitlab);
    report.providers[0].expiring_soon = true;
    engine::FeatureResult exp2 = feature("export2", engine::FeatureStatus::kMissing, 30);
    exp2.missing = testing::findings({"documents:signed:export", "x"}, {{31, 1}, {32, 1}});
    report.features.push_back(exp2);
    engine::FeatureResult other = feature("export", engine::FeatureStatus::kMissing, 40);
    other.provider = "gitlab";
    other.missing = testing::findings({"documents:signed:export"}, {{41, 1}});
    report.features.push_back(other);
    engine::FeatureResult deploy = feature("deploy", engine::FeatureStatus::kUnverifiable, 50);
    deploy.unverifiable = testing::findings({"x", "y"}, {{51, 1}, {52, 1}});
    report.features.push_back(deploy);
    const json::value root = render(report);
    const json::array& results = results_of(root);
    CHECK(results.size() == 11);
    std::set<std::string> seen;
    for (const json::value& result : results) {
      const std::string fingerprint = fingerprint_of(result.as_object());
      CAPTURE(fingerprint);
      CHECK_FALSE(fingerprint.empty());
      CHECK(seen.insert(fingerprint).second);
      CHECK(result.at("partialFingerprints").as_object().size() == 1);
    }
    std::vector<std::string> fingerprints;
    for (const json::value& result : results) fingerprints.push_back(fingerprint_of(result.as_object()));
    CHECK(fingerprints == std::vector<std::string>{"sonar/export/documents:signed:export",
                                                   "sonar/export2/documents:signed:export", "sonar/export2/x",
                                                   "gitlab/export/documents:signed:export", "sonar/deploy/x",
                                                   "sonar/deploy/y", "sonar/excess/documents:uploaded:delete",
                                                   "sonar/expiry", "gitlab/excess/api",
                                                   "gitlab/excess/documents:uploaded:delete", "gitlab/expiry"});
    // Stable: the same report gives the same fingerprints.
    const json::value again = render(report);
    for (std::size_t i = 0; i < results.size(); ++i)
      CHECK(fingerprint_of(results_of(again)[i].as_object()) == fingerprint_of(results[i].as_object()));
  }

  TEST_CASE("the manifest path becomes the artifact URI") {
    engine::Report report = located();
    auto uri = [&](const std::string& path) {
      report.manifest_path = path;
      const json::value root = render(report);
      const std::string result_uri = where_of(results_of(root).at(0).as_object()).uri;
      CHECK(run_of(root).at("artifacts").at(0).at("location").at("uri").as_string() == result_uri);
      for (const json::value& result : results_of(root)) CHECK(where_of(result.as_object()).uri == result_uri);
      return result_uri;
    };
    CHECK(uri("scopegate.yaml") == "scopegate.yaml");
    CHECK(uri("./ci/scopegate.yaml") == "ci/scopegate.yaml");
    CHECK(uri("/work/repo/scopegate.yaml") == "file:///work/repo/scopegate.yaml");
    CHECK(uri("/work/my repo/scope gate.yaml") == "file:///work/my%20repo/scope%20gate.yaml");
    CHECK(uri("ci/100%/a#b?.yaml") == "ci/100%25/a%23b%3F.yaml");
    CHECK(uri("ci/Ünïcode.yaml") == "ci/%C3%9Cn%C3%AFcode.yaml");
    CHECK(uri("c:weird.yaml") == "c%3Aweird.yaml");
    CHECK(uri("ci/a-b_c.d~e(1)+f@g.yaml") == "ci/a-b_c.d~e(1)+f@g.yaml");
  }

  TEST_CASE("the invocation carries the exit code and the summary") {
    for (const int code : {0, 1, 3, 4, 5}) {
      CAPTURE(code);
      engine::Report report = located();
      report.exit_code = code;
      const json::value root = render(report);
      const json::object& invocation = run_of(root).at("invocations").at(0).as_object();
      CHECK(invocation.at("exitCode").as_int64() == code);
      CHECK(invocation.at("exitCodeDescription").as_string() == scopegate::report::summary_line(report));
      // Rejected (3) or unreachable (4): the check could not complete.
      CHECK(invocation.at("executionSuccessful").as_bool() == (code != 3 && code != 4));
    }
  }

  TEST_CASE("a provider that failed: executionSuccessful false and a notification, so no result reads as fixed") {
    const auto notifications_of = [](const json::value& root) -> const json::array* {
      const json::object& invocation = run_of(root).at("invocations").at(0).as_object();
      const json::value* found = invocation.if_contains("toolExecutionNotifications");
      return found ? &found->as_array() : nullptr;
    };
    SUBCASE("nothing failed: no notifications") {
      const json::value root = render(located());
      CHECK(notifications_of(root) == nullptr);
      CHECK(run_of(root).at("invocations").at(0).at("executionSuccessful").as_bool());
    }
    for (const auto& [status, code, expected] :
         {std::tuple{engine::ProviderStatus::kTokenRejected, 3,
                     "Provider 'sonar' rejected the token: Sonar rejected the key: REVOKED_API_KEY."},
          std::tuple{engine::ProviderStatus::kError, 4, "Could not ask provider 'sonar': connect to s.example:443: refused."}}) {
      CAPTURE(code);
      engine::Report report = located();
      report.features[1].status = engine::FeatureStatus::kError;
      report.features[1].missing.clear();
      report.missing.clear();
      report.providers[0].excess.clear();
      report.providers[0].status = status;
      report.providers[0].error =
          code == 3 ? "Sonar rejected the key: REVOKED_API_KEY" : "connect to s.example:443: refused";
      report.exit_code = code;
      const json::value root = render(report);
      CHECK(results_of(root).empty());
      const json::object& invocation = run_of(root).at("invocations").at(0).as_object();
      CHECK_FALSE(invocation.at("executionSuccessful").as_bool());
      const json::array* notifications = notifications_of(root);
      REQUIRE(notifications != nullptr);
      REQUIRE(notifications->size() == 1);
      const json::object& notification = notifications->at(0).as_object();
      CHECK(notification.at("level").as_string() == "error");
      CHECK(text_of(notification) == std::string(expected) + " Its features were not checked: these results are incomplete.");
      CHECK(where_of(notification) == Where{"scopegate.yaml", 4, 3});
    }
    SUBCASE("a provider only optional features use: the exit code passes, the run is still incomplete") {
      engine::Report report = located();
      report.providers[0].status = engine::ProviderStatus::kError;
      report.providers[0].error = "timeout";
      report.providers[0].blocking = false;
      report.exit_code = 0;
      const json::value root = render(report);
      CHECK_FALSE(run_of(root).at("invocations").at(0).at("executionSuccessful").as_bool());
      REQUIRE(notifications_of(root) != nullptr);
      CHECK(notifications_of(root)->size() == 1);
    }
  }

  TEST_CASE("outside text is carried as JSON strings") {
    engine::Report report = located();
    report.features[1].hint = "quote \" backslash \\ brace } tab\t<script>";
    const json::value root = render(report);
    CHECK(text_of(results_of(root).at(0).as_object()).find("Hint: quote \" backslash \\ brace } tab\t<script> Fix:") !=
          std::string::npos);
  }
}
