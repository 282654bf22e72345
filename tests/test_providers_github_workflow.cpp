#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "providers/github_workflow.h"

using namespace scopegate;
namespace gw = providers::github_workflow;
using Levels = std::map<std::string, std::string>;

namespace {
// Files by path, with a status to answer for some; records what was read.
class FilesFake final : public util::FileSystem {
 public:
  std::map<std::string, std::string> files;
  std::map<std::string, std::pair<Status, std::string>> failures;  // path -> status, error
  mutable std::set<std::string> reads;

  Status read_file(const std::string& path, std::size_t max_bytes, std::string* contents,
                   std::string* error) const override {
    reads.insert(path);
    if (const auto failure = failures.find(path); failure != failures.end()) {
      *error = failure->second.second;
      return failure->second.first;
    }
    const auto found = files.find(path);
    if (found == files.end()) {
      *error = "No such file or directory";
      return Status::kNotFound;
    }
    if (found->second.size() > max_bytes) {
      *error = "larger than " + std::to_string(max_bytes) + " bytes";
      return Status::kTooLarge;
    }
    *contents = found->second;
    return Status::kOkay;
  }
  bool write_file(const std::string&, std::string_view, Mode, std::string*) override { return false; }
  bool create_unique_file(const std::string&, const std::string&, const std::string&, std::string_view,
                          std::string*, std::string*) override {
    return false;
  }
  bool append_file(const std::string&, std::string_view, std::string*) override { return false; }
  bool exists(const std::string& path) const override { return files.count(path) > 0; }
  bool check_writable(const std::string&, std::string*) const override { return false; }
  bool check_writable_directory(const std::string&, std::string*) const override { return false; }
  std::string current_directory() const override { return "/home/runner"; }
};

class EnvironmentFake final : public util::Environment {
 public:
  std::map<std::string, std::string> values;
  std::optional<std::string> get(std::string_view name) const override {
    const auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  }
};

// A release workflow as repositories write them: the workflow grants read,
// the publishing job asks for more.
constexpr const char* kReleaseWorkflow = R"(name: release
on:
  push:
    tags: ["v*"]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
  publish:
    needs: test
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - run: make release
)";

std::string job_with_permissions(const std::string& permissions_lines) {
  return "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n" + permissions_lines +
         "    steps:\n      - run: echo hi\n";
}

gw::TokenPermissions for_push(std::string_view yaml, std::string_view job = "build") {
  return gw::compute_permissions(yaml, job, "push", "");
}

constexpr const char* kWritingJob = R"(on: [pull_request, pull_request_target]
jobs:
  label:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
      id-token: write
    steps:
      - uses: actions/labeler@v5
)";

// The parts of a pull_request event payload that matter here, as GitHub writes them.
std::string pull_request_event(const std::string& head, const std::string& base, bool fork) {
  return R"({"action": "opened", "number": 7, "sender": {"login": "octocat"}, "pull_request": {)"
         R"("head": {"ref": "patch-1", "repo": {"full_name": ")" +
         head + R"(", "fork": )" + (fork ? "true" : "false") +
         R"(}}, "base": {"ref": "main", "repo": {"full_name": ")" + base + R"(", "fork": false}}}})";
}

const Levels kDowngraded{{"contents", "read"}, {"pull_requests", "read"}, {"metadata", "read"}};
const Levels kWriting{
    {"contents", "read"}, {"pull_requests", "write"}, {"id_token", "write"}, {"metadata", "read"}};

bool has_note_containing(const gw::TokenPermissions& result, std::string_view text) {
  for (const std::string& note : result.notes)
    if (note.find(text) != std::string::npos) return true;
  return false;
}

gw::RunVariables run_in(const std::string& workspace, const std::string& event_name = "push") {
  return {"octo/app/.github/workflows/ci.yml@refs/heads/main", "build", workspace, event_name,
          "/home/runner/work/_temp/_github_workflow/event.json"};
}
}  // namespace

TEST_SUITE("providers.github_workflow") {
  TEST_CASE("the job's permissions: its map is the whole grant, metadata added, unlisted keys none") {
    const auto result = gw::compute_permissions(kReleaseWorkflow, "publish", "push", "");
    REQUIRE(result.readable);
    CHECK(result.reason.empty());
    CHECK(result.complete);
    CHECK(result.declared_by == "the job's permissions:");
    CHECK(result.levels == Levels{{"contents", "write"},
                                  {"pull_requests", "write"},
                                  {"id_token", "write"},
                                  {"metadata", "read"}});
    CHECK_FALSE(result.fork_downgraded);
    CHECK(result.notes.empty());
  }

  TEST_CASE("the workflow's permissions: apply to a job that declares none") {
    const auto result = gw::compute_permissions(kReleaseWorkflow, "test", "push", "");
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.declared_by == "the workflow's permissions:");
    CHECK(result.levels == Levels{{"contents", "read"}, {"metadata", "read"}});
  }

  TEST_CASE("the job's permissions win over the workflow's, even when they grant nothing") {
    const auto result = for_push(
        "on: push\npermissions: write-all\njobs:\n  build:\n    permissions: {}\n"
        "    runs-on: ubuntu-latest\n");
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.declared_by == "the job's permissions:");
    CHECK(result.levels.empty());
  }

  TEST_CASE("read-all: every key read except id-token, which has no read") {
    const auto result = for_push(job_with_permissions("    permissions: read-all\n"));
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.levels == Levels{{"actions", "read"},
                                  {"attestations", "read"},
                                  {"checks", "read"},
                                  {"contents", "read"},
                                  {"deployments", "read"},
                                  {"discussions", "read"},
                                  {"issues", "read"},
                                  {"models", "read"},
                                  {"packages", "read"},
                                  {"pages", "read"},
                                  {"pull_requests", "read"},
                                  {"repository_projects", "read"},
                                  {"security_events", "read"},
                                  {"statuses", "read"},
                                  {"metadata", "read"}});
  }

  TEST_CASE("write-all: every key write, id-token included") {
    const auto result =
        for_push("on: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
    REQUIRE(result.readable);
    CHECK(result.declared_by == "the workflow's permissions:");
    CHECK(result.levels == Levels{{"actions", "write"},
                                  {"attestations", "write"},
                                  {"checks", "write"},
                                  {"contents", "write"},
                                  {"deployments", "write"},
                                  {"discussions", "write"},
                                  {"id_token", "write"},
                                  {"issues", "write"},
                                  {"models", "write"},
                                  {"packages", "write"},
                                  {"pages", "write"},
                                  {"pull_requests", "write"},
                                  {"repository_projects", "write"},
                                  {"security_events", "write"},
                                  {"statuses", "write"},
                                  {"metadata", "read"}});
  }

  TEST_CASE("permissions {} grants nothing, not even metadata") {
    const auto result = for_push(job_with_permissions("    permissions: {}\n"));
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.declared_by == "the job's permissions:");
    CHECK(result.levels.empty());
    CHECK(result.notes.empty());
  }

  TEST_CASE("none entries are left out, and a map of only none grants nothing") {
    SUBCASE("next to a grant") {
      const auto result =
          for_push(job_with_permissions("    permissions:\n      contents: none\n"
                                        "      issues: write\n"));
      CHECK(result.levels == Levels{{"issues", "write"}, {"metadata", "read"}});
    }
    SUBCASE("alone") {
      const auto result = for_push(job_with_permissions("    permissions:\n      contents: none\n"));
      REQUIRE(result.readable);
      CHECK(result.complete);
      CHECK(result.levels.empty());
    }
  }

  TEST_CASE("once one permission is listed every unlisted one is none") {
    const auto result = for_push(job_with_permissions("    permissions:\n      statuses: write\n"));
    REQUIRE(result.readable);
    CHECK(result.levels == Levels{{"statuses", "write"}, {"metadata", "read"}});
    CHECK(result.levels.count("contents") == 0);
  }

  TEST_CASE("hyphenated workflow keys become REST names with underscores") {
    const auto result = for_push(
        job_with_permissions("    permissions:\n      pull-requests: read\n      security-events: write\n"
                             "      repository-projects: read\n      id-token: write\n"));
    REQUIRE(result.readable);
    CHECK(result.levels == Levels{{"pull_requests", "read"},
                                  {"security_events", "write"},
                                  {"repository_projects", "read"},
                                  {"id_token", "write"},
                                  {"metadata", "read"}});
  }

  TEST_CASE(
      "nothing declared: the floor both defaults grant, complete false, a note to declare permissions") {
    const auto result = for_push("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
    REQUIRE(result.readable);
    CHECK_FALSE(result.complete);
    CHECK(result.declared_by.empty());
    CHECK(result.levels == Levels{{"contents", "read"}, {"packages", "read"}, {"metadata", "read"}});
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].find("cannot see") != std::string::npos);
    CHECK(result.notes[0].find("declare permissions: on the job") != std::string::npos);
  }

  TEST_CASE("the job's line and column are those of its key") {
    const auto result = gw::compute_permissions(kReleaseWorkflow, "publish", "push", "");
    CHECK(result.job_line == 13);
    CHECK(result.job_column == 3);
    const auto flow = for_push("on: push\njobs: {lint: {runs-on: x}, build: {runs-on: x}}\n");
    REQUIRE(flow.readable);
    CHECK(flow.job_line == 2);
    CHECK(flow.job_column == 28);
  }

  TEST_CASE("a pull_request from a fork: every write becomes read and id-token goes") {
    const auto result = gw::compute_permissions(kWritingJob, "label", "pull_request",
                                                pull_request_event("mallory/app", "octo/app", true));
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.fork_downgraded);
    CHECK(result.levels == kDowngraded);
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].find("'mallory/app'") != std::string::npos);
    CHECK(result.notes[0].find("read") != std::string::npos);
  }

  TEST_CASE("pull_request_target from a fork keeps its writes") {
    const auto result = gw::compute_permissions(kWritingJob, "label", "pull_request_target",
                                                pull_request_event("mallory/app", "octo/app", true));
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK_FALSE(result.fork_downgraded);
    CHECK(result.levels == kWriting);
    CHECK(result.notes.empty());
  }

  TEST_CASE("pull_request_review and pull_request_review_comment from a fork are downgraded too") {
    for (const char* event : {"pull_request_review", "pull_request_review_comment"}) {
      CAPTURE(event);
      const auto result = gw::compute_permissions(kWritingJob, "label", event,
                                                  pull_request_event("mallory/app", "octo/app", true));
      CHECK(result.fork_downgraded);
      CHECK(result.levels == kDowngraded);
    }
  }

  TEST_CASE("a pull request within the repository keeps its writes, even in a repository that is a fork") {
    SUBCASE("an ordinary repository") {
      const auto result = gw::compute_permissions(kWritingJob, "label", "pull_request",
                                                  pull_request_event("octo/app", "octo/app", false));
      CHECK_FALSE(result.fork_downgraded);
      CHECK(result.complete);
      CHECK(result.levels == kWriting);
    }
    SUBCASE("a branch of a fork, whose head.repo.fork is true") {
      const auto result = gw::compute_permissions(kWritingJob, "label", "pull_request",
                                                  pull_request_event("me/app", "Me/App", true));
      CHECK_FALSE(result.fork_downgraded);
      CHECK(result.levels == kWriting);
    }
  }

  TEST_CASE("without repository names, pull_request.head.repo.fork decides") {
    const auto forked = gw::compute_permissions(kWritingJob, "label", "pull_request",
                                                R"({"pull_request": {"head": {"repo": {"fork": true}}}})");
    CHECK(forked.fork_downgraded);
    CHECK(forked.complete);
    CHECK(forked.levels == kDowngraded);
    const auto same = gw::compute_permissions(kWritingJob, "label", "pull_request",
                                              R"({"pull_request": {"head": {"repo": {"fork": false}}}})");
    CHECK_FALSE(same.fork_downgraded);
    CHECK(same.levels == kWriting);
  }

  TEST_CASE("a pull request whose origin cannot be told: writes count as reads and complete is false") {
    for (const char* payload : {"", "not json", "[1, 2]", R"({"pull_request": {"head": {"repo": null}}})",
                                R"({"pull_request": {"head": {"repo": {"fork": "yes"}}}})", R"("text")"}) {
      CAPTURE(payload);
      const auto result = gw::compute_permissions(kWritingJob, "label", "pull_request", payload);
      REQUIRE(result.readable);
      CHECK_FALSE(result.complete);
      CHECK_FALSE(result.fork_downgraded);
      CHECK(result.levels == kDowngraded);
      CHECK(has_note_containing(result, "cannot tell whether this pull_request event comes from a fork"));
    }
  }

  TEST_CASE("a pull request whose origin cannot be told changes nothing when nothing is written") {
    const auto result = gw::compute_permissions(job_with_permissions("    permissions: read-all\n"), "build",
                                                "pull_request", "");
    CHECK(result.complete);
    CHECK(result.notes.empty());
    CHECK(result.levels.at("contents") == "read");
  }

  TEST_CASE("Dependabot's pull requests run as if from a fork") {
    const auto result = gw::compute_permissions(
        kWritingJob, "label", "pull_request",
        R"({"sender": {"login": "dependabot[bot]"},
            "pull_request": {"head": {"repo": {"full_name": "octo/app"}},
                             "base": {"repo": {"full_name": "octo/app"}}}})");
    CHECK(result.fork_downgraded);
    CHECK(result.levels == kDowngraded);
    CHECK(has_note_containing(result, "Dependabot"));
  }

  TEST_CASE("other events never look at the payload") {
    const auto result = gw::compute_permissions(kWritingJob, "label", "push", "not json");
    CHECK(result.complete);
    CHECK_FALSE(result.fork_downgraded);
    CHECK(result.levels == kWriting);
  }

  TEST_CASE("unknown keys and levels are notes, and count as none") {
    const auto result =
        for_push(job_with_permissions("    permissions:\n"
                                      "      contents: write\n"
                                      "      pull_requests: write\n"
                                      "      metadata: read\n"
                                      "      issues: admin\n"
                                      "      checks:\n"
                                      "      statuses: [read]\n"
                                      "      id-token: read\n"
                                      "      [a, b]: read\n"));
    REQUIRE(result.readable);
    CHECK(result.complete);
    CHECK(result.levels == Levels{{"contents", "write"}, {"metadata", "read"}});
    REQUIRE(result.notes.size() == 7);
    CHECK(result.notes[0] ==
          "permissions: 'pull_requests' at line 7, column 7 is not a permission a workflow can set "
          "(did you mean 'pull-requests'?); ignored");
    CHECK(result.notes[1].find("'metadata' at line 8, column 7 is not a permission") != std::string::npos);
    CHECK(result.notes[2] == "permissions: 'issues' at line 9, column 7 is not read, write or none; ignored");
    CHECK(result.notes[3].find("'checks'") != std::string::npos);
    CHECK(result.notes[4].find("'statuses'") != std::string::npos);
    CHECK(result.notes[5].find("id-token: read grants nothing") != std::string::npos);
    CHECK(result.notes[6] == "permissions: the key at line 13, column 7 is not a name; ignored");
  }

  TEST_CASE("a key listed twice counts at its lower level") {
    const auto result =
        for_push(job_with_permissions("    permissions:\n      contents: write\n      contents: read\n"));
    CHECK(result.levels == Levels{{"contents", "read"}, {"metadata", "read"}});
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0] == "permissions: 'contents' is listed twice; the lower level counts");
  }

  TEST_CASE("notes stay bounded whatever the file lists") {
    std::string lines = "    permissions:\n";
    for (int i = 0; i < 500; ++i) lines += "      unknown-" + std::to_string(i) + ": write\n";
    const auto result = for_push(job_with_permissions(lines));
    REQUIRE(result.readable);
    REQUIRE(result.notes.size() == 12);
    CHECK(result.notes.back() == "and 489 more notes like these");
    CHECK(result.levels.empty());
  }

  TEST_CASE("anchors and aliases are followed") {
    const auto result = for_push(
        "on: push\npermissions: &least {contents: read}\njobs:\n"
        "  build:\n    permissions: *least\n    runs-on: x\n");
    REQUIRE(result.readable);
    CHECK(result.levels == Levels{{"contents", "read"}, {"metadata", "read"}});
  }

  TEST_CASE("YAML that does not parse: not readable, with the line and column") {
    const auto result =
        for_push("on: push\njobs:\n  build:\n    permissions: {contents: read\n    runs-on: x\n");
    CHECK_FALSE(result.readable);
    CHECK(result.levels.empty());
    CHECK(result.reason.starts_with("the workflow file is not YAML scopegate can read (line "));
    const auto empty = for_push("# nothing here\n");
    CHECK_FALSE(empty.readable);
    CHECK(empty.reason ==
          "the workflow file is not YAML scopegate can read (line 1, column 1: the workflow file is empty)");
    const auto deep = for_push(std::string(5000, '[') + std::string(5000, ']'));
    CHECK_FALSE(deep.readable);
    CHECK(deep.reason.find("a workflow file never needs that") != std::string::npos);
  }

  TEST_CASE("a permissions: value GitHub refuses is not readable, with where it is") {
    SUBCASE("a list") {
      const auto result = for_push(job_with_permissions("    permissions: [contents]\n"));
      CHECK_FALSE(result.readable);
      CHECK_FALSE(result.complete);
      CHECK(result.levels.empty());
      CHECK(result.reason ==
            "the job's permissions: at line 5, column 18 is a list; GitHub accepts read-all, write-all, {} "
            "or a "
            "map of permission: read, write or none");
    }
    SUBCASE("an unknown word") {
      const auto result = for_push("on: push\npermissions: read\njobs:\n  build:\n    runs-on: x\n");
      CHECK_FALSE(result.readable);
      CHECK(result.reason.starts_with("the workflow's permissions: at line 2, column 14 is 'read';"));
    }
    SUBCASE("nothing") {
      const auto result = for_push(job_with_permissions("    permissions:\n"));
      CHECK_FALSE(result.readable);
      CHECK(result.reason.find(" is nothing;") != std::string::npos);
    }
  }

  TEST_CASE("odd shapes are reasons, not crashes") {
    CHECK(for_push("- a\n- b\n").reason == "the workflow file is a list, not a workflow");
    CHECK(for_push("just text\n").reason == "the workflow file is a string, not a workflow");
    CHECK(for_push("on: push\n").reason == "the workflow file has no jobs:");
    CHECK(for_push("on: push\njobs: [build]\n").reason ==
          "jobs: at line 2, column 7 is not a mapping of jobs");
    const auto scalar_job = for_push("on: push\njobs:\n  build: make\n");
    CHECK_FALSE(scalar_job.readable);
    CHECK(scalar_job.reason == "the job 'build' at line 3, column 3 is a string, not a mapping");
    CHECK(scalar_job.job_line == 3);
  }

  TEST_CASE("a job that is not there: not readable, naming the jobs there are") {
    const auto result = gw::compute_permissions(kReleaseWorkflow, "deploy", "push", "");
    CHECK_FALSE(result.readable);
    CHECK(result.job_line == 0);
    CHECK(
        result.reason ==
        "the workflow file has no job 'deploy' under jobs: (its jobs: 'test', 'publish'); a job of a called "
        "reusable workflow is not in its caller's file");
  }

  TEST_CASE("a job calling a reusable workflow takes its permissions from the caller") {
    const auto result = gw::compute_permissions(
        "on: push\npermissions: {contents: read}\njobs:\n  build:\n"
        "    uses: octo/shared/.github/workflows/build.yml@v2\n    permissions:\n      packages: write\n",
        "build", "push", "");
    REQUIRE(result.readable);
    CHECK(result.declared_by == "the job's permissions:");
    CHECK(result.levels == Levels{{"packages", "write"}, {"metadata", "read"}});
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].find("'octo/shared/.github/workflows/build.yml@v2'") != std::string::npos);
  }

  TEST_CASE("a workflow text over 1 MiB is refused") {
    const std::string big =
        "on: push\n# " + std::string(gw::kMaxWorkflowBytes, 'x') + "\njobs: {build: {}}\n";
    const auto result = for_push(big);
    CHECK_FALSE(result.readable);
    CHECK(result.reason == "the workflow file is larger than 1048576 bytes; refusing to read it");
  }

  TEST_CASE("read_run_variables: the five variables, unset or empty as empty") {
    EnvironmentFake environment;
    environment.values = {{"GITHUB_WORKFLOW_REF", "octo/app/.github/workflows/ci.yml@refs/heads/main"},
                          {"GITHUB_JOB", "build"},
                          {"GITHUB_WORKSPACE", "/home/runner/work/app/app"},
                          {"GITHUB_EVENT_NAME", ""}};
    const gw::RunVariables run = gw::read_run_variables(environment);
    CHECK(run.workflow_ref == "octo/app/.github/workflows/ci.yml@refs/heads/main");
    CHECK(run.job == "build");
    CHECK(run.workspace == "/home/runner/work/app/app");
    CHECK(run.event_name.empty());
    CHECK(run.event_path.empty());
  }

  TEST_CASE("workflow_path_from_ref: the path after owner/repo/, up to the @ after the file name") {
    std::string path, error;
    CHECK(gw::workflow_path_from_ref("octo/app/.github/workflows/ci.yml@refs/heads/main", &path, &error));
    CHECK(path == ".github/workflows/ci.yml");
    CHECK(error.empty());
    CHECK(gw::workflow_path_from_ref("octo/app/.github/workflows/release.yaml@refs/heads/me@work", &path,
                                     &error));
    CHECK(path == ".github/workflows/release.yaml");
    CHECK(gw::workflow_path_from_ref("octo/app/.github/workflows/a@b.yml@refs/tags/v1", &path, &error));
    CHECK(path == ".github/workflows/a@b.yml");
    for (const char* bad : {"", "octo", "octo/app", "octo/app/.github/workflows/ci.yml",
                            "octo/app/.github/workflows/../../../etc/passwd.yml@main",
                            "octo/app/.github/workflows/sub/ci.yml@main", "octo/app/ci.yml@main",
                            "/app/.github/workflows/ci.yml@main", "octo//.github/workflows/ci.yml@main"}) {
      CAPTURE(bad);
      path = "unchanged";
      CHECK_FALSE(gw::workflow_path_from_ref(bad, &path, &error));
      CHECK(path == "unchanged");
      CHECK(error.find("is not owner/repo/.github/workflows/FILE@REF") != std::string::npos);
    }
  }

  TEST_CASE("permissions_for_run: each unset variable is named") {
    const FilesFake files;
    const gw::RunVariables complete = run_in("/w");
    const std::pair<const char*, std::string gw::RunVariables::*> fields[] = {
        {"GITHUB_WORKFLOW_REF", &gw::RunVariables::workflow_ref},
        {"GITHUB_JOB", &gw::RunVariables::job},
        {"GITHUB_WORKSPACE", &gw::RunVariables::workspace},
        {"GITHUB_EVENT_NAME", &gw::RunVariables::event_name},
        {"GITHUB_EVENT_PATH", &gw::RunVariables::event_path}};
    for (const auto& [name, field] : fields) {
      CAPTURE(name);
      gw::RunVariables run = complete;
      run.*field = "";
      const auto result = gw::permissions_for_run(run, files);
      CHECK_FALSE(result.readable);
      CHECK(result.reason == std::string(name) + " is not set; GitHub Actions sets it in every run");
    }
    CHECK(files.reads.empty());
  }

  TEST_CASE("permissions_for_run: the workflow under GITHUB_WORKSPACE, the payload for pull requests") {
    FilesFake files;
    files.files["/w/.github/workflows/ci.yml"] = kWritingJob;
    files.files["/home/runner/work/_temp/_github_workflow/event.json"] =
        pull_request_event("mallory/app", "octo/app", true);
    gw::RunVariables run = run_in("/w/", "pull_request");
    run.job = "label";
    const auto result = gw::permissions_for_run(run, files);
    REQUIRE(result.readable);
    CHECK(result.workflow_file == "/w/.github/workflows/ci.yml");
    CHECK(result.relative_file == ".github/workflows/ci.yml");
    CHECK(result.fork_downgraded);
    CHECK(result.levels == kDowngraded);
    CHECK(result.job_line == 3);
    CHECK(result.job_column == 3);
  }

  TEST_CASE("permissions_for_run: a push run does not read the payload") {
    FilesFake files;
    files.files["/w/.github/workflows/ci.yml"] = kReleaseWorkflow;
    gw::RunVariables run = run_in("/w");
    run.job = "publish";
    const auto result = gw::permissions_for_run(run, files);
    REQUIRE(result.readable);
    CHECK(result.levels.at("contents") == "write");
    CHECK(files.reads == std::set<std::string>{"/w/.github/workflows/ci.yml"});
  }

  TEST_CASE("permissions_for_run: a file that cannot be read is a reason naming it") {
    FilesFake files;
    SUBCASE("no checkout") {
      const auto result = gw::permissions_for_run(run_in("/w"), files);
      CHECK_FALSE(result.readable);
      CHECK(result.reason ==
            "the workflow file /w/.github/workflows/ci.yml does not exist: check the repository out into "
            "GITHUB_WORKSPACE before this step");
      CHECK(result.workflow_file == "/w/.github/workflows/ci.yml");
      CHECK(result.relative_file == ".github/workflows/ci.yml");
    }
    SUBCASE("larger than 1 MiB") {
      files.files["/w/.github/workflows/ci.yml"] = std::string(gw::kMaxWorkflowBytes + 1, '#');
      const auto result = gw::permissions_for_run(run_in("/w"), files);
      CHECK_FALSE(result.readable);
      CHECK(
          result.reason ==
          "the workflow file /w/.github/workflows/ci.yml is larger than 1048576 bytes; refusing to read it");
    }
    SUBCASE("unreadable") {
      files.failures["/w/.github/workflows/ci.yml"] = {util::FileSystem::Status::kOtherError,
                                                       "Permission denied"};
      const auto result = gw::permissions_for_run(run_in("/w"), files);
      CHECK(result.reason == "cannot read the workflow file /w/.github/workflows/ci.yml: Permission denied");
    }
    SUBCASE("no event payload for a pull request") {
      files.files["/w/.github/workflows/ci.yml"] = kWritingJob;
      const auto result = gw::permissions_for_run(run_in("/w", "pull_request"), files);
      CHECK_FALSE(result.readable);
      CHECK(result.reason ==
            "the event payload (GITHUB_EVENT_PATH) /home/runner/work/_temp/_github_workflow/event.json does "
            "not exist");
    }
    SUBCASE("a GITHUB_WORKFLOW_REF of another shape") {
      gw::RunVariables run = run_in("/w");
      run.workflow_ref = "octo/app/ci.yml";
      const auto result = gw::permissions_for_run(run, files);
      CHECK_FALSE(result.readable);
      CHECK(result.reason ==
            "GITHUB_WORKFLOW_REF 'octo/app/ci.yml' is not owner/repo/.github/workflows/FILE@REF");
      CHECK(files.reads.empty());
    }
  }

  TEST_CASE(
      "permissions_block: hyphenated keys, sorted, id-token as write, metadata and unknown names left out") {
    CHECK(gw::permissions_block({{"pull_requests", "write"}, {"contents", "write"}}) ==
          "permissions:\n  contents: write\n  pull-requests: write\n");
    CHECK(gw::permissions_block({{"security_events", "write"},
                                 {"metadata", "read"},
                                 {"id_token", "read"},
                                 {"actions", "read"},
                                 {"administration", "write"},
                                 {"repository_projects", "read"}}) ==
          "permissions:\n  actions: read\n  id-token: write\n  repository-projects: read\n  security-events: "
          "write\n");
    CHECK(gw::permissions_block({{"issues", "read"}, {"checks", "none"}}) ==
          "permissions:\n  issues: read\n");
    CHECK(gw::permissions_block({{"statuses", "none"}, {"contents", "admin"}}) == "permissions: {}\n");
    // Spelt as a workflow spells it, a name still counts, at the higher of two levels.
    CHECK(gw::permissions_block({{"pull-requests", "write"}, {"pull_requests", "read"}}) ==
          "permissions:\n  pull-requests: write\n");
    CHECK(gw::permissions_block({}) == "permissions: {}\n");
  }

  TEST_CASE("flow_permissions: the same grant on one line") {
    CHECK(gw::flow_permissions({{"pull_requests", "write"}, {"contents", "read"}, {"metadata", "read"}}) ==
          "{contents: read, pull-requests: write}");
    CHECK(gw::flow_permissions({{"id_token", "read"}}) == "{id-token: write}");
    CHECK(gw::flow_permissions({{"administration", "write"}}) == "{}");
    CHECK(gw::flow_permissions({}) == "{}");
  }

  TEST_CASE("is_workflow_permission: the keys permissions: accepts, either spelling, and metadata") {
    for (const char* name : {"actions", "contents", "pull_requests", "pull-requests", "id_token",
                             "security_events", "repository_projects", "models", "attestations",
                             "metadata"}) {
      CAPTURE(name);
      CHECK(gw::is_workflow_permission(name));
    }
    for (const char* name :
         {"administration", "secrets", "workflows", "members", "", "pull_request", "Contents"}) {
      CAPTURE(name);
      CHECK_FALSE(gw::is_workflow_permission(name));
    }
  }

  TEST_CASE("permissions_block round-trips through compute_permissions") {
    const Levels needed{{"checks", "write"}, {"pull_requests", "read"}, {"id_token", "write"}};
    std::string block = gw::permissions_block(needed);
    const auto result = for_push("on: push\n" + block + "jobs:\n  build:\n    runs-on: x\n");
    REQUIRE(result.readable);
    Levels expected = needed;
    expected["metadata"] = "read";
    CHECK(result.levels == expected);
  }
}
