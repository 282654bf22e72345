// The real binary against a mock GitHub that behaves as github-tokens.md
// says, for each kind of token: the scope header or none, 404 for a
// repository outside the token's selection, 403 with the accepted
// permissions, write probes that fail validation, rate limits, and the
// workflow's GITHUB_TOKEN computed from a real workflow file.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>

#include "support/live_world.h"

using namespace scopegate::testing;

namespace {
// GitHub's token prefixes, on fake tokens.
const std::string kFineGrained = "github_pat_11FAKEFAKE0_fakefakefakefake";
const std::string kInstallation = "ghs_FakeFakeFakeFakeFakeFakeFake01";
const std::string kClassic = "ghp_FakeFakeFakeFakeFakeFakeFake012";

int rank(const std::string& level) { return level == "read" ? 1 : level == "write" ? 2 : level == "admin" ? 3 : 0; }

// The requests of the mock's own probe table (written from the spec, not
// from scopegate's table, so a wrong row there fails here): what each needs.
const std::map<std::string, std::string> kNeeds{
    {"GET /repos/acme/app", "metadata:read"},
    {"GET /repos/acme/app/commits?per_page=1", "contents:read"},
    {"GET /repos/acme/app/issues?per_page=1", "issues:read"},
    {"GET /repos/acme/app/pulls?per_page=1", "pull_requests:read"},
    {"GET /repos/acme/app/actions/secrets", "secrets:read"},
    {"POST /repos/acme/app/pulls", "pull_requests:write"},
    {"PATCH /repos/acme/app/labels/scopegate-probe-does-not-exist", "issues:write"},
};

// A GitHub that knows one token and what it holds.
struct FakeGithub {
  std::string token;
  std::set<std::string> held;           // fine-grained permissions, "name:level"
  std::optional<std::string> scopes{};  // a classic token's X-OAuth-Scopes
  bool in_selection = true;             // acme/app is among the token's repositories
  bool is_public = false;
  std::atomic<int> rate_limited{0};     // answer this many requests with a secondary rate limit
  std::atomic<int> write_status{0};     // overrides a held write probe's answer (a 2xx, a redirect)
  std::map<std::string, int> failing{};  // "METHOD target" -> a 5xx GitHub answers it with, every time

  bool holds(const std::string& wanted) const {
    const auto colon = wanted.rfind(':');
    for (const std::string& have : held) {
      const auto at = have.rfind(':');
      if (have.substr(0, at) == wanted.substr(0, colon) && rank(have.substr(at + 1)) >= rank(wanted.substr(colon + 1)))
        return true;
    }
    return false;
  }

  MockResponse answer(const MockRequest& r) {
    if (r.header("Authorization") != "Bearer " + token) return MockResponse::json(401, R"({"message": "Bad credentials"})");
    if (rate_limited > 0) {
      --rate_limited;
      MockResponse limited = MockResponse::json(403, R"({"message": "You have exceeded a secondary rate limit."})");
      limited.headers.emplace_back("Retry-After", "1");
      return limited;
    }
    if (const auto broken = failing.find(r.method + " " + r.target); broken != failing.end())
      return MockResponse::json(broken->second, R"({"message": "Server Error"})");
    const std::string by = token.starts_with("ghs_") ? "integration" : "personal access token";
    if (r.target == "/installation/repositories?per_page=1") {
      if (!token.starts_with("ghs_")) return MockResponse::json(403, R"({"message": "Forbidden"})");
      return MockResponse::json(200, R"({"total_count": 1, "repositories": [{"full_name": "acme/app"}]})");
    }
    if (r.target == "/user") {
      if (token.starts_with("ghs_"))
        return MockResponse::json(403, R"({"message": "Resource not accessible by integration"})");
      MockResponse user = MockResponse::json(200, R"({"login": "release-bot"})");
      if (scopes) user.headers.emplace_back("X-OAuth-Scopes", *scopes);
      return user;
    }
    if (!r.target.starts_with("/repos/acme/app")) return MockResponse::json(404, R"({"message": "Not Found"})");
    if (!in_selection) return MockResponse::json(404, R"({"message": "Not Found"})");
    const auto need = kNeeds.find(r.method + " " + r.target);
    if (need == kNeeds.end()) return MockResponse::json(404, R"({"message": "Not Found"})");
    if (!scopes && !holds(need->second)) {
      MockResponse refused = MockResponse::json(403, R"({"message": "Resource not accessible by )" + by + R"("})");
      std::string accepted = need->second;
      accepted[accepted.rfind(':')] = '=';
      refused.headers.emplace_back("X-Accepted-GitHub-Permissions", accepted);
      return refused;
    }
    if (r.target == "/repos/acme/app")
      return MockResponse::json(200, std::string(R"({"full_name": "acme/app", "private": )") +
                                         (is_public ? "false" : "true") + "}");
    if (r.method == "GET") return MockResponse::json(200, "[]");
    if (write_status != 0) {
      MockResponse odd = MockResponse::json(write_status, "{}");
      if (write_status / 100 == 3) odd.headers.emplace_back("Location", "/repos/acme/app/elsewhere");
      return odd;
    }
    if (r.method == "PATCH") return MockResponse::json(404, R"({"message": "Not Found"})");
    return MockResponse::json(422, R"({"message": "Validation Failed"})");
  }
};

std::string github_manifest(const std::string& url, const std::string& extra_provider_keys, const std::string& features) {
  return "version: 1\nproviders:\n  gh:\n    preset: github\n    token_env: GH_TOKEN\n    base_url: \"" + url +
         "\"\n" + extra_provider_keys + "features:\n" + features;
}

const std::string kReleaseFeatures =
    "  release: {requires: [contents:read, pull_requests:write]}\n"
    "  comment: {requires: [issues:write]}\n";

int count_requests(const MockServer& server, const std::string& method, const std::string& target) {
  int count = 0;
  for (const MockRequest& request : server.requests()) count += request.method == method && request.target == target;
  return count;
}
}  // namespace

TEST_SUITE("integration.github") {
  TEST_CASE("fine-grained PAT: reads proven by GETs, writes only with --allow-write-probes, a pre-filled fix") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    FakeGithub github{kFineGrained, {"contents:read", "pull_requests:write", "metadata:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const std::string manifest = github_manifest(server.url(), "    repository: acme/app\n", kReleaseFeatures);

    const auto reads_only = world.check(manifest);
    CHECK(reads_only.exit_code == 1);
    CHECK(has(reads_only.out, "  unverified  release"));
    // A write no probe may prove is still proven missing when even its read is refused.
    CHECK(has(reads_only.out, "  MISSING     comment"));
    CHECK(has(reads_only.out, "issues:write is missing: even issues:read was refused"));
    CHECK(has(reads_only.out, "only a write probe proves it (--allow-write-probes)"));
    for (const MockRequest& request : server.requests()) CHECK(request.method == "GET");

    const auto with_writes = world.check(manifest, {"--allow-write-probes"});
    CHECK(with_writes.exit_code == 1);
    CHECK(has(with_writes.out, "  ok          release"));
    CHECK(has(with_writes.out, "  MISSING     comment"));
    CHECK(has(with_writes.out, "missing: issues:write"));
    // GitHub's own words name the token's kind and the permission.
    CHECK(has(with_writes.out, "Resource not accessible by personal access token"));
    CHECK(has(with_writes.out, "GitHub says this request needs issues:write"));
    // The token pages are on the server's own host (GitHub Enterprise Server's rule; here, the mock's).
    CHECK(has(with_writes.out, "fix: give the token issues:write (edit it at " + server.url() +
                                   "/settings/personal-access-tokens, or create one pre-filled at " + server.url() +
                                   "/settings/personal-access-tokens/new?name=scopegate%20gh&target_name=acme"
                                   "&issues=write), then select acme/app under Repository access"));
    CHECK(count_requests(server, "POST", "/repos/acme/app/pulls") == 1);  // a write probe is never retried
    no_token_in(with_writes);
  }

  TEST_CASE("a repository outside the token's selection: 404, every repository permission missing") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    world.env["GITHUB_REPOSITORY"] = "acme/app";  // the default when the manifest names none
    FakeGithub github{kFineGrained, {"contents:read", "metadata:read"}};
    github.in_selection = false;
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "", kReleaseFeatures));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: contents:read\n"));
    CHECK(has(result.out, "missing: pull_requests:write\n"));
    CHECK(has(result.out, "missing: issues:write\n"));
    CHECK(has(result.out, "acme/app is not in the token's repository access"));
    CHECK(has(result.out, "fix: add acme/app to the token's repository access at " + server.url() +
                              "/settings/personal-access-tokens, then give the token"));
  }

  TEST_CASE("installation token: no GET /user, and the fix is the App's permissions") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    FakeGithub github{kInstallation, {"metadata:read", "contents:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    repository: acme/app\n",
                                                    "  triage: {requires: [contents:read, issues:read]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(count_requests(server, "GET", "/user") == 0);
    CHECK(has(result.out, "missing: issues:read"));
    CHECK(has(result.out, "Resource not accessible by integration"));
    CHECK(has(result.out, "fix: give the GitHub App issues:read in its settings (Permissions & events)"));
  }

  TEST_CASE("classic token: fine-grained names answered through the scopes that cover them, said in the report") {
    World world;
    world.env["GH_TOKEN"] = kClassic;
    FakeGithub github{kClassic, {}, std::string("repo, read:org")};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(
        server.url(), "", "  release: {requires: [contents:write, members:read]}\n  publish: {requires: [packages:write]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  ok          release"));
    CHECK(has(result.out, "contents:write is held through repo (GitHub documents repo as covering it)"));
    CHECK(has(result.out, "members:read is held through read:org"));
    // Advice in the token's own vocabulary: the classic scope, never a permission.
    CHECK(has(result.out, "fix: add write:packages to the token at " + server.url() +
                              "/settings/tokens/new?scopes=write:packages&description=scopegate%20gh"));
    CHECK(server.requests().size() == 1);  // the header said it all
  }

  TEST_CASE("classic public_repo covers a public repository only, so its visibility is read") {
    World world;
    world.env["GH_TOKEN"] = kClassic;
    FakeGithub github{kClassic, {}, std::string("public_repo")};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const std::string manifest =
        github_manifest(server.url(), "    repository: acme/app\n", "  comment: {requires: [issues:write]}\n");
    github.is_public = true;
    const auto on_public = world.check(manifest);
    CHECK(on_public.exit_code == 0);
    CHECK(has(on_public.out, "issues:write is held through public_repo (acme/app is public)"));
    github.is_public = false;
    const auto on_private = world.check(manifest);
    CHECK(on_private.exit_code == 1);
    CHECK(has(on_private.out, "fix: add repo to the token"));
  }

  TEST_CASE("a secondary rate limit is a provider error (exit 4) after the retries, never missing") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    FakeGithub github{kFineGrained, {"metadata:read", "contents:read"}};
    github.rate_limited = 100;
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    repository: acme/app\n",
                                                    "  build: {requires: [contents:read]}\n"));
    CHECK(result.exit_code == 4);
    CHECK(has(result.out, "GitHub is limiting requests"));
    CHECK_FALSE(has(result.out, "MISSING"));
    CHECK(count_requests(server, "GET", "/user") == 3);  // the usual three attempts, Retry-After honoured
  }

  TEST_CASE("write probes never follow a redirect, and a 2xx to one is a loud error") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    FakeGithub github{kFineGrained, {"metadata:read", "pull_requests:write"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const std::string manifest = github_manifest(server.url(), "    repository: acme/app\n",
                                                 "  release: {requires: [pull_requests:write]}\n");
    github.write_status = 307;
    const auto redirected = world.check(manifest, {"--allow-write-probes"});
    CHECK(redirected.exit_code == 5);
    CHECK(has(redirected.out, "answered HTTP 307, which proves nothing"));
    CHECK(count_requests(server, "POST", "/repos/acme/app/elsewhere") == 0);
    github.write_status = 201;
    const auto succeeded = world.check(manifest, {"--allow-write-probes"});
    CHECK(succeeded.exit_code == 4);
    CHECK(has(succeeded.out, "succeeded (HTTP 201): it was built to fail validation"));
  }

  TEST_CASE("a probe GitHub fails to answer: its feature is an error (exit 4) saying which request, never missing") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    FakeGithub github{kFineGrained, {"metadata:read", "contents:read", "issues:read"}};
    github.failing["GET /repos/acme/app/issues?per_page=1"] = 503;
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    repository: acme/app\n",
                                                    "  build: {requires: [contents:read]}\n"
                                                    "  triage: {requires: [issues:read]}\n"));
    CHECK(result.exit_code == 4);
    CHECK(has(result.out, "  ok          build"));
    CHECK(has(result.out, "the provider could not be asked: GET /repos/acme/app/issues?per_page=1 answered HTTP 503"));
    CHECK_FALSE(has(result.out, "MISSING"));
    CHECK(count_requests(server, "GET", "/repos/acme/app/issues?per_page=1") == 3);  // a 5xx is retried first
  }

  TEST_CASE("an installation token with no repository to check: one request proves it works, or rejects it") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    FakeGithub github{kInstallation, {"metadata:read", "contents:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const std::string manifest = github_manifest(server.url(), "", "  build: {requires: [contents:read]}\n");
    const auto works = world.check(manifest);
    CHECK(works.exit_code == 5);
    CHECK(count_requests(server, "GET", "/installation/repositories?per_page=1") == 1);
    CHECK(count_requests(server, "GET", "/user") == 0);
    CHECK(has(works.out, "no repository is named (repository: owner/name, or $GITHUB_REPOSITORY in Actions)"));
    github.token = "ghs_SomeOtherInstallationsToken0";
    const auto revoked = world.check(manifest);
    CHECK(revoked.exit_code == 3);
    no_token_in(revoked);
  }

  TEST_CASE("the contract's resource: is the repository to check") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    FakeGithub github{kFineGrained, {"metadata:read", "contents:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    resource: acme/app\n",
                                                    "  build: {requires: [contents:read]}\n"));
    CHECK(result.exit_code == 0);
    CHECK(count_requests(server, "GET", "/repos/acme/app/commits?per_page=1") == 1);
  }

  TEST_CASE("a repository that is not owner/name is a manifest error at its line") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    const auto result = world.check(github_manifest("https://api.github.com", "    repository: acme\n",
                                                    "  build: {requires: [contents:read]}\n"));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "scopegate.yaml:7:17: error: repository 'acme' is not owner/name"));
  }
}

namespace {
// The variables Actions sets for a run of job `job` of .github/workflows/ci.yml.
void in_actions_run(World& world, const std::string& workflow, const std::string& job,
                    const std::string& event = "push") {
  world.dir.write("repo/.github/workflows/ci.yml", workflow);
  world.env["GITHUB_WORKSPACE"] = world.dir.file("repo");
  world.env["GITHUB_WORKFLOW_REF"] = "acme/app/.github/workflows/ci.yml@refs/heads/main";
  world.env["GITHUB_JOB"] = job;
  world.env["GITHUB_EVENT_NAME"] = event;
  world.env["GITHUB_EVENT_PATH"] = world.dir.write("event.json", "{}");
  world.env["GITHUB_REPOSITORY"] = "acme/app";
}

const std::string kWorkflow = R"(name: release
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{run: make}]
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps: [{run: make release}]
)";
}  // namespace

TEST_SUITE("integration.github.workflow_token") {
  TEST_CASE("GITHUB_TOKEN: computed from the job's permissions, the fix annotated at the job's line") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, kWorkflow, "release");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read", "pull_requests:write"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const std::string manifest =
        github_manifest(server.url(), "    workflow_token: true\n",
                        "  release: {requires: [pull_requests:write]}\n  tag: {requires: [contents:write]}\n");
    const auto result = world.check(manifest, {"--format", "github"});
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "  ok          release"));
    CHECK(has(result.out, "missing: contents:write"));
    CHECK(has(result.out, "::error file=.github/workflows/ci.yml,line=9,col=3,title=Missing permissions for gh::"));
    CHECK(has(result.out, "set `permissions: {contents: write, pull-requests: write}` on job release in "
                          ".github/workflows/ci.yml:9"));
    CHECK(has(result.out, "permissions computed from the job's permissions: in .github/workflows/ci.yml"));
    CHECK(count_requests(server, "GET", "/repos/acme/app") == 1);  // the token is still asked to prove it works
  }

  TEST_CASE("GITHUB_TOKEN: nothing declared, the reads probed and the rest unverifiable") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n", "build");
    FakeGithub github{kInstallation, {"metadata:read", "contents:write", "issues:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  triage: {requires: [issues:read]}\n"
                                                    "  comment: {requires: [issues:write]}\n"));
    CHECK(result.exit_code == 5);
    CHECK(has(result.out, "  ok          triage"));
    CHECK(has(result.out, "  unverified  comment"));
    CHECK(has(result.out, "declare permissions: on the job"));
  }

  TEST_CASE("GITHUB_TOKEN: a repository the token cannot see makes its permissions missing, whatever the file says") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, kWorkflow, "release");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read", "pull_requests:write"}};
    github.in_selection = false;
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  release: {requires: [pull_requests:write]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: pull_requests:write"));
  }

  TEST_CASE("GITHUB_TOKEN: a fork's pull request with nothing declared: every write is missing, not unverifiable") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, "on: pull_request\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
                   "release", "pull_request");
    world.env["GITHUB_EVENT_PATH"] = world.dir.write(
        "event.json", R"({"pull_request": {"head": {"repo": {"full_name": "mallory/app", "fork": true}},
                                           "base": {"repo": {"full_name": "acme/app"}}}})");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read", "pull_requests:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  release: {requires: [pull_requests:write]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: pull_requests:write"));
    // The fix is the way out for a fork, not a permissions: block, which no fork's token can use.
    CHECK(has(result.out, "fix: a pull request from a fork gets a read-only GITHUB_TOKEN whatever permissions: says"));
    CHECK_FALSE(has(result.out, "set `permissions:"));
    CHECK_FALSE(has(result.out, "unverified"));
  }

  TEST_CASE("GITHUB_TOKEN on another repository: missing, and the fix says no block reaches it") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, kWorkflow, "release");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read", "pull_requests:write"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n    repository: acme/other\n",
                                                    "  release: {requires: [pull_requests:write]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "reaches only the repository its workflow runs in"));
    CHECK_FALSE(has(result.out, "set `permissions:"));
  }

  TEST_CASE("GITHUB_TOKEN: a personal access token given as the workflow's token is a usage error (exit 2)") {
    World world;
    world.env["GH_TOKEN"] = kFineGrained;
    in_actions_run(world, kWorkflow, "release");
    FakeGithub github{kFineGrained, {"metadata:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  release: {requires: [pull_requests:write]}\n"));
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, "workflow_token: true, but the token is"));
    CHECK(has(result.err, "drop workflow_token or pass secrets.GITHUB_TOKEN"));
  }

  TEST_CASE("GITHUB_TOKEN: on a pull request from a fork every write is read, and the fix says no block helps") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, kWorkflow, "release", "pull_request");
    world.env["GITHUB_EVENT_PATH"] = world.dir.write(
        "event.json", R"({"pull_request": {"head": {"repo": {"full_name": "mallory/app", "fork": true}},
                                           "base": {"repo": {"full_name": "acme/app"}}}})");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read", "pull_requests:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  release: {requires: [pull_requests:write]}\n"));
    CHECK(result.exit_code == 1);
    CHECK(has(result.out, "missing: pull_requests:write"));
    CHECK(has(result.out, "a pull request from a fork gets a read-only GITHUB_TOKEN whatever permissions: says"));
    CHECK_FALSE(has(result.out, "set `permissions:"));
  }

  TEST_CASE("GITHUB_TOKEN: a workflow file that cannot be read is unverifiable with the reason, never a crash") {
    World world;
    world.env["GH_TOKEN"] = kInstallation;
    in_actions_run(world, "jobs: [this is: not, a: map\n", "release");
    FakeGithub github{kInstallation, {"metadata:read", "contents:read"}};
    MockServer server([&](const MockRequest& r) { return github.answer(r); }, world.https());
    const auto result = world.check(github_manifest(server.url(), "    workflow_token: true\n",
                                                    "  tag: {requires: [contents:write]}\n"));
    CHECK(result.exit_code == 5);
    CHECK(has(result.out, "the workflow's GITHUB_TOKEN permissions could not be computed (job release of "
                          ".github/workflows/ci.yml): the workflow file is not YAML scopegate can read (line 2, "
                          "column 1"));
  }
}
