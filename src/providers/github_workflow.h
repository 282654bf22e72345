#pragma once
// The permissions of a GitHub Actions run's GITHUB_TOKEN, computed from its
// workflow file, since no API discloses them (github-tokens.md, "Actions'
// GITHUB_TOKEN: computed from the workflow"; GitHub's docs, "Controlling
// permissions for GITHUB_TOKEN" and "GITHUB_TOKEN reference").
//
// Everything read here (the workflow file, the event payload, the variables)
// is outside bytes: sizes are bounded, any shape is answered with a reason or
// a note, and nothing throws.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/environment.h"
#include "util/file_system.h"

namespace scopegate::providers::github_workflow {

// The largest workflow file read: a workflow is a few kilobytes.
inline constexpr std::size_t kMaxWorkflowBytes = 1 << 20;
// The largest event payload read: a pull request's is tens of kilobytes (its
// body holds at most 65,536 characters); GitHub caps webhook payloads at 25 MB.
inline constexpr std::size_t kMaxEventBytes = 8 << 20;

// Where the run's workflow file is, from the run's variables (GitHub docs, "Store information in variables").
struct RunVariables {
  std::string workflow_ref;  // GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/ci.yml@refs/heads/main"
  std::string job;           // GITHUB_JOB: the job's key in `jobs:`
  std::string workspace;     // GITHUB_WORKSPACE: where the repository is checked out
  std::string event_name;    // GITHUB_EVENT_NAME
  std::string event_path;    // GITHUB_EVENT_PATH: the event's JSON payload file
};

// The five variables above from `environment`; an unset or empty one is "".
RunVariables read_run_variables(const util::Environment& environment);

struct TokenPermissions {
  // false: `reason` says why nothing could be computed (variable unset, file
  // missing, not YAML, job not found, a permissions: GitHub would refuse).
  bool readable = false;
  std::string reason;
  // true: `levels` is the token's whole grant (permissions were declared);
  // false: only a floor the repository default cannot go below.
  bool complete = false;
  // GitHub REST permission name (underscores: "pull_requests",
  // "security_events", "id_token") -> "read" | "write"; "none" entries
  // omitted; metadata -> read always present when anything is granted.
  std::map<std::string, std::string> levels;
  std::string workflow_file;  // as located: "<workspace>/.github/workflows/ci.yml"
  std::string relative_file;  // ".github/workflows/ci.yml" (for annotations)
  int job_line = 0;           // 1-based line of the job's key in the file; 0 unknown
  int job_column = 0;
  // "the job's permissions:", "the workflow's permissions:", or "" when none is declared.
  std::string declared_by;
  bool fork_downgraded = false;  // a pull request from a fork (or Dependabot): every write became read
  std::vector<std::string> notes;  // at most 12, the last one counting any left out
};

// Pure: the workflow file's text, the job key, the event name and the event
// JSON text ("" when unknown) give the token's permissions. The job's
// `permissions:` wins over the workflow's; read-all, write-all, {} or a map of
// key: read|write|none, every unlisted key none; nothing declared gives the
// floor of both repository defaults (contents, packages, metadata: read) with
// complete=false. A pull_request, pull_request_review or
// pull_request_review_comment event from another repository (head and base
// full_name differ, else pull_request.head.repo.fork) or from Dependabot
// turns every write into read, and id-token write into nothing; when the
// payload cannot tell, the same happens and complete is false.
TokenPermissions compute_permissions(std::string_view workflow_yaml, std::string_view job,
                                     std::string_view event_name, std::string_view event_json);

// The workflow file's path in the repository, ".github/workflows/ci.yml", from
// GITHUB_WORKFLOW_REF ("owner/repo/.github/workflows/ci.yml@refs/heads/main");
// false with `error` for any other shape, or a path that climbs out ("..").
bool workflow_path_from_ref(std::string_view workflow_ref, std::string* path, std::string* error);

// Locates the workflow file (GITHUB_WORKSPACE + the path in GITHUB_WORKFLOW_REF)
// and, for pull request events, the event payload, reads them through `files`
// and calls compute_permissions. Never throws; every failure is readable=false
// with a reason naming the variable or file.
TokenPermissions permissions_for_run(const RunVariables& run, const util::FileSystem& files);

// The `permissions:` block that grants `needed` (REST names -> "read" |
// "write"): hyphenated workflow keys, sorted, two-space indented under
// "permissions:", e.g. "permissions:\n  contents: write\n  pull-requests: write\n";
// "permissions: {}\n" when nothing is needed. id_token is always "write" (it
// has no read). Names no workflow key grants are left out: metadata comes
// with any grant, and the rest (administration...) no GITHUB_TOKEN can hold.
std::string permissions_block(const std::map<std::string, std::string>& needed);

// The same grant in YAML's flow style, for one line of text:
// "{contents: write, pull-requests: write}"; "{}" when nothing is needed.
std::string flow_permissions(const std::map<std::string, std::string>& needed);

// Whether a workflow's GITHUB_TOKEN can hold the REST permission `name`
// ("pull_requests"; the hyphenated spelling counts too): a key `permissions:`
// accepts, or metadata, which comes with any grant. False for the rest
// (administration, secrets...), which no permissions: block can give.
bool is_workflow_permission(std::string_view name);

}  // namespace scopegate::providers::github_workflow
