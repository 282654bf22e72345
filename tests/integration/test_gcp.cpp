// The real binary against a mock Google over HTTPS: testIamPermissions
// answering the subset held ({} for none) from a role map per resource, and
// tokeninfo reading the token from a form body.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>

#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
const std::string kAccessToken = "ya29.a0FakeFakeFakeFakeFakeFakeFakeFake";

struct FakeGoogle {
  std::map<std::string, std::set<std::string>> held;  // "projects/acme-prod" -> permissions
  int status = 200;

  MockResponse answer(const MockRequest& r) const {
    if (r.target == "/tokeninfo") {
      if (r.body != "access_token=" + kAccessToken) return MockResponse::json(400, R"({"error": "invalid_token"})");
      return MockResponse::json(200, R"({"email": "deployer@acme-prod.iam.gserviceaccount.com",
        "scope": "https://www.googleapis.com/auth/cloud-platform", "exp": "4102444800"})");
    }
    if (r.header("Authorization") != "Bearer " + kAccessToken)
      return MockResponse::json(401, R"({"error": {"code": 401, "message": "Request had invalid authentication credentials."}})");
    if (status != 200) return MockResponse::json(status, R"({"error": {"message": "API disabled"}})");
    const std::string suffix = ":testIamPermissions";
    if (r.method != "POST" || !r.target.starts_with("/v3/") || !r.target.ends_with(suffix))
      return MockResponse::json(404, "{}");
    const std::string resource = r.target.substr(4, r.target.size() - 4 - suffix.size());
    const boost::json::value asked = boost::json::parse(r.body);
    boost::json::array subset;
    const auto found = held.find(resource);
    for (const auto& name : asked.at("permissions").as_array())
      if (found != held.end() && found->second.count(std::string(name.as_string()))) subset.push_back(name);
    return MockResponse::json(200, subset.empty() ? "{}" : boost::json::serialize(boost::json::object{{"permissions", subset}}));
  }
};

std::string gcp_manifest(const std::string& url, const std::string& features) {
  return "version: 1\nproviders:\n  gcp:\n    preset: gcp\n    base_url: \"" + url + "\"\n    tokeninfo_url: \"" + url +
         "/tokeninfo\"\n    resource: projects/acme-prod\nfeatures:\n" + features;
}

const std::string kFeatures =
    "  deploy: {requires: [run.services.update, iam.serviceAccounts.actAs]}\n"
    "  assets: {requires: [\"storage.objects.create on projects/acme-assets\"]}\n";
}  // namespace

TEST_SUITE("integration.gcp") {
  TEST_CASE("testIamPermissions per resource, {} for none, the gcloud fix for the account tokeninfo named") {
    World world;
    world.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = kAccessToken;
    FakeGoogle google;
    google.held["projects/acme-prod"] = {"run.services.update", "iam.serviceAccounts.actAs"};
    MockServer server([&](const MockRequest& r) { return google.answer(r); }, world.https());
    const auto result = world.check(gcp_manifest(server.url(), kFeatures));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "gcp: account deployer@acme-prod.iam.gserviceaccount.com"));
    CHECK(has(result.out, "  ok          deploy"));
    CHECK(has(result.out, "  MISSING     assets"));
    CHECK(has(result.out, "gcloud iam roles create scopegate_gcp_"));
    CHECK(has(result.out, " --project=acme-assets --permissions=storage.objects.create; gcloud projects "
                          "add-iam-policy-binding acme-assets "
                          "--member=serviceAccount:deployer@acme-prod.iam.gserviceaccount.com"));
    CHECK(server.requests().size() == 3);
    for (const MockRequest& request : server.requests()) CHECK_FALSE(has(request.target, kAccessToken));
  }

  TEST_CASE("a refused call is exit 4 saying why, a bad token exit 3, no resource: a manifest error") {
    World world;
    world.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = kAccessToken;
    FakeGoogle google;
    google.status = 403;
    MockServer server([&](const MockRequest& r) { return google.answer(r); }, world.https());
    const auto refused = world.check(gcp_manifest(server.url(), kFeatures));
    CHECK(refused.exit_code == 4);
    CHECK(has(refused.out, "the token lacks the cloud-platform OAuth scope, or the Cloud Resource Manager API is "
                           "disabled"));

    world.env["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.a0SomeoneElsesTokenFakeFakeFake";
    CHECK(world.check(gcp_manifest(server.url(), kFeatures)).exit_code == 3);

    const auto no_resource = world.run({"lint", "-m", world.manifest("version: 1\nproviders:\n  gcp: {preset: gcp}\n"
                                                                      "features:\n  deploy: {requires: [run.services.update]}\n")});
    CHECK(no_resource.exit_code == 2);
    CHECK(has(no_resource.err, "scopegate.yaml:3:3: error: provider 'gcp' needs resource:"));
  }
}
