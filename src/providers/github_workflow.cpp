// GITHUB_TOKEN's permissions from the workflow file: GitHub's rules
// ("Controlling permissions for GITHUB_TOKEN") over the tree manifest/yaml_tree
// builds, then the fork rule ("GITHUB_TOKEN reference") over the event payload.
#include "providers/github_workflow.h"

#include <algorithm>
#include <boost/json/value.hpp>
#include <utility>

#include "manifest/yaml_tree.h"
#include "providers/json_helpers.h"
#include "util/edit_distance.h"
#include "util/strings.h"

namespace scopegate::providers::github_workflow {

namespace {
using manifest::YamlTree;
using NodeId = YamlTree::NodeId;
using Kind = YamlTree::Kind;
using Levels = std::map<std::string, std::string>;

// The keys a workflow's `permissions:` accepts, sorted (GitHub docs,
// "Controlling permissions for GITHUB_TOKEN"). The REST API spells each with
// underscores: pull-requests is pull_requests.
const std::vector<std::string> kWorkflowKeys{
    "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
    "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"};

std::string rest_name(std::string key) {
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// The workflow key for `name`, spelt either way; "" for none.
std::string workflow_key(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return std::binary_search(kWorkflowKeys.begin(), kWorkflowKeys.end(), name) ? name : "";
}

// id-token is write or none: there is nothing to read.
bool has_read(std::string_view key) { return key != "id-token"; }

int rank(std::string_view level) { return level == "write" ? 2 : level == "read" ? 1 : 0; }

constexpr std::size_t kShownLength = 60;
constexpr std::size_t kMaxNotes = 12;
constexpr std::size_t kMaxListedJobs = 10;

// A value from the file, quoted and cut short: a reason or a note stays small
// whatever the file holds.
std::string shown(std::string_view text) {
  if (text.size() <= kShownLength) return util::quoted(text);
  return util::quoted(text.substr(0, kShownLength)) + "...";
}

std::string position(const YamlTree& tree, NodeId node) {
  const manifest::Location where = tree.where(node);
  return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column);
}

// A file with thousands of odd keys gets a dozen notes and a count.
void bound_notes(std::vector<std::string>* notes) {
  if (notes->size() <= kMaxNotes) return;
  const std::size_t left_out = notes->size() - (kMaxNotes - 1);
  notes->resize(kMaxNotes - 1);
  notes->push_back("and " + std::to_string(left_out) + " more notes like these");
}

struct Entry {
  NodeId key = 0;
  NodeId value = 0;
  bool found = false;
};

// The first entry of map `node` named `name`; a key that is not a scalar never matches.
Entry find_entry(const YamlTree& tree, NodeId node, std::string_view name) {
  if (tree.kind(node) != Kind::kMap) return {};
  const auto children = tree.children(node);
  for (std::size_t i = 0; i + 1 < children.size(); i += 2)
    if (tree.kind(children[i]) == Kind::kScalar && tree.scalar(children[i]) == name)
      return {children[i], children[i + 1], true};
  return {};
}

// The level one `key: level` line sets, or a note and nothing for what GitHub
// would not accept: left out, the key is none like any unlisted one.
void read_permission_entry(const YamlTree& tree, NodeId key_node, NodeId value_node, Levels* listed,
                           std::vector<std::string>* notes) {
  if (tree.kind(key_node) != Kind::kScalar) {
    notes->push_back("permissions: the key at " + position(tree, key_node) + " is not a name; ignored");
    return;
  }
  const std::string& name = tree.scalar(key_node);
  if (!std::binary_search(kWorkflowKeys.begin(), kWorkflowKeys.end(), name)) {
    notes->push_back("permissions: " + shown(name) + " at " + position(tree, key_node) +
                     " is not a permission a workflow can set" + util::did_you_mean(name, kWorkflowKeys) +
                     "; ignored");
    return;
  }
  const std::string level = tree.kind(value_node) == Kind::kScalar ? tree.scalar(value_node) : "";
  if (level != "read" && level != "write" && level != "none") {
    notes->push_back("permissions: " + shown(name) + " at " + position(tree, key_node) +
                     " is not read, write or none; ignored");
    return;
  }
  if (level == "read" && !has_read(name)) {
    notes->push_back("permissions: id-token: read grants nothing (id-token is write or none); ignored");
    return;
  }
  const std::string rest = rest_name(name);
  const auto before = listed->find(rest);
  if (before == listed->end()) {
    (*listed)[rest] = level;
    return;
  }
  // GitHub refuses a workflow that repeats a key; the lower level is the safe reading.
  notes->push_back("permissions: " + shown(name) + " is listed twice; the lower level counts");
  if (rank(level) < rank(before->second)) before->second = level;
}

// A map of key: level; every key it does not list is none.
void read_permission_map(const YamlTree& tree, NodeId map, TokenPermissions* result) {
  Levels listed;
  const auto children = tree.children(map);
  for (std::size_t i = 0; i + 1 < children.size(); i += 2)
    read_permission_entry(tree, children[i], children[i + 1], &listed, &result->notes);
  for (auto& [name, level] : listed)
    if (level != "none") result->levels[name] = level;
}

// A `permissions:` value into `result->levels`: read-all, write-all or a map
// ({} included). False, with the reason, for a shape GitHub refuses.
bool read_permissions(const YamlTree& tree, NodeId value, TokenPermissions* result) {
  const Kind kind = tree.kind(value);
  if (kind == Kind::kMap) {
    read_permission_map(tree, value, result);
  } else if (kind == Kind::kScalar &&
             (tree.scalar(value) == "read-all" || tree.scalar(value) == "write-all")) {
    const bool write = tree.scalar(value) == "write-all";
    for (const std::string& key : kWorkflowKeys)
      if (write || has_read(key)) result->levels[rest_name(key)] = write ? "write" : "read";
  } else {
    const std::string found = kind == Kind::kScalar ? shown(tree.scalar(value)) : manifest::kind_name(kind);
    result->reason = result->declared_by + " at " + position(tree, value) + " is " + found +
                     "; GitHub accepts read-all, write-all, {} or a map of permission: read, write or none";
    return false;
  }
  if (!result->levels.empty()) result->levels["metadata"] = "read";
  return true;
}

// yaml_tree's messages speak of "the manifest", the file it was written for.
std::string about_workflow(std::string message) {
  for (std::size_t at = message.find("manifest"); at != std::string::npos; at = message.find("manifest", at))
    message.replace(at, 8, "workflow file");
  return message;
}

bool parse_workflow(std::string_view text, YamlTree* tree, TokenPermissions* result) {
  if (text.size() > kMaxWorkflowBytes) {
    result->reason = "the workflow file is larger than " + std::to_string(kMaxWorkflowBytes) +
                     " bytes; refusing to read it";
    return false;
  }
  manifest::YamlError error;
  manifest::YamlLimits limits;
  limits.document = "workflow file";
  if (manifest::parse_yaml(text, limits, tree, &error)) return true;
  result->reason = "the workflow file is not YAML scopegate can read (line " +
                   std::to_string(error.where.line) + ", column " + std::to_string(error.where.column) +
                   ": " + about_workflow(error.message) + ")";
  return false;
}

// "'build', 'test'": the jobs a workflow has, for a job that is not there.
std::string job_names(const YamlTree& tree, NodeId jobs) {
  std::vector<std::string> names;
  const auto children = tree.children(jobs);
  for (std::size_t i = 0; i + 1 < children.size() && names.size() < kMaxListedJobs; i += 2)
    if (tree.kind(children[i]) == Kind::kScalar) names.push_back(shown(tree.scalar(children[i])));
  if (children.size() / 2 > names.size()) names.push_back("...");
  return names.empty() ? "none" : util::join(names, ", ");
}

// The job's mapping under `jobs:`, its key's position in `result`; false with the reason.
bool find_job(const YamlTree& tree, std::string_view job, NodeId* job_node, TokenPermissions* result) {
  const NodeId root = tree.root();
  if (tree.kind(root) != Kind::kMap) {
    result->reason =
        std::string("the workflow file is ") + manifest::kind_name(tree.kind(root)) + ", not a workflow";
    return false;
  }
  const Entry jobs = find_entry(tree, root, "jobs");
  if (!jobs.found || tree.kind(jobs.value) != Kind::kMap) {
    result->reason = jobs.found ? "jobs: at " + position(tree, jobs.value) + " is not a mapping of jobs"
                                : "the workflow file has no jobs:";
    return false;
  }
  const Entry found = find_entry(tree, jobs.value, job);
  if (!found.found) {
    // In a reusable workflow, GITHUB_WORKFLOW_REF names the caller's file, whose jobs are the caller's.
    result->reason = "the workflow file has no job " + shown(job) +
                     " under jobs: (its jobs: " + job_names(tree, jobs.value) +
                     "); a job of a called reusable workflow is not in its caller's file";
    return false;
  }
  result->job_line = tree.where(found.key).line;
  result->job_column = tree.where(found.key).column;
  if (tree.kind(found.value) != Kind::kMap) {
    result->reason = "the job " + shown(job) + " at " + position(tree, found.key) + " is " +
                     manifest::kind_name(tree.kind(found.value)) + ", not a mapping";
    return false;
  }
  *job_node = found.value;
  return true;
}

// The job's permissions, else the workflow's, else the floor of both defaults.
bool read_declared(const YamlTree& tree, NodeId job_node, TokenPermissions* result) {
  Entry declared = find_entry(tree, job_node, "permissions");
  result->declared_by = "the job's permissions:";
  if (!declared.found) {
    declared = find_entry(tree, tree.root(), "permissions");
    result->declared_by = "the workflow's permissions:";
  }
  if (declared.found) {
    result->complete = true;
    return read_permissions(tree, declared.value, result);
  }
  result->declared_by.clear();
  result->complete = false;
  result->levels = {{"contents", "read"}, {"packages", "read"}, {"metadata", "read"}};
  result->notes.push_back(
      "neither the job nor the workflow declares permissions:, so the token has the repository's or "
      "organisation's default, which a run cannot see (permissive: read and write; restricted: contents, "
      "packages and metadata read); declare permissions: on the job");
  return true;
}

// A job that calls a reusable workflow passes its permissions down; the called jobs cannot raise them.
void note_reusable_call(const YamlTree& tree, NodeId job_node, TokenPermissions* result) {
  const Entry uses = find_entry(tree, job_node, "uses");
  if (!uses.found || tree.kind(uses.value) != Kind::kScalar) return;
  result->notes.push_back("the job calls the reusable workflow " + shown(tree.scalar(uses.value)) +
                          ": its jobs get these permissions, or fewer where they declare fewer");
}

bool is_pull_request_event(std::string_view name) {
  return name == "pull_request" || name == "pull_request_review" || name == "pull_request_review_comment";
}

// Where a pull request's changes come from, as its event payload says.
struct PullRequestSource {
  enum class Kind { kSameRepository, kFork, kUnknown } kind = Kind::kUnknown;
  std::string detail;  // "comes from the fork 'x/y'", or why it cannot be told
};

PullRequestSource pull_request_source(std::string_view event_json) {
  using Source = PullRequestSource;
  if (event_json.empty()) return {Source::Kind::kUnknown, "its event payload was not read"};
  boost::json::value root;
  std::string error;
  if (!parse_json_body(event_json, &root, &error))
    return {Source::Kind::kUnknown, "its event payload is not JSON"};
  // "GITHUB_TOKEN reference": Dependabot's pull requests run as if from a fork.
  if (string_at(root, "/sender/login") == "dependabot[bot]")
    return {Source::Kind::kFork, "was triggered by Dependabot, whose pull request runs count as from a fork"};
  boost::json::error_code code;
  const boost::json::value* head = root.find_pointer("/pull_request/head/repo", code);
  if (!head) return {Source::Kind::kUnknown, "its event payload has no pull_request.head.repo"};
  if (head->is_null()) return {Source::Kind::kUnknown, "its head repository no longer exists"};
  // head.repo.fork is also true for a branch of a repository that is itself a
  // fork; the names tell whether the head is another repository.
  const auto head_name = string_at(root, "/pull_request/head/repo/full_name");
  const auto base_name = string_at(root, "/pull_request/base/repo/full_name");
  if (head_name && base_name) {
    if (util::iequals(*head_name, *base_name)) return {Source::Kind::kSameRepository, ""};
    return {Source::Kind::kFork, "comes from the fork " + shown(*head_name)};
  }
  const boost::json::value* fork = root.find_pointer("/pull_request/head/repo/fork", code);
  if (!fork || !fork->is_bool())
    return {Source::Kind::kUnknown, "its event payload has no pull_request.head.repo.fork"};
  if (!fork->get_bool()) return {Source::Kind::kSameRepository, ""};
  return {Source::Kind::kFork, "comes from a fork"};
}

// Every write becomes read; id-token, which has no read, is gone. True when one was there.
bool downgrade_writes(Levels* levels) {
  bool changed = levels->erase("id_token") > 0;  // only ever "write"
  for (auto& [name, level] : *levels) {
    if (level != "write") continue;
    level = "read";
    changed = true;
  }
  return changed;
}

void apply_event(std::string_view event_name, std::string_view event_json, TokenPermissions* result) {
  if (!is_pull_request_event(event_name)) return;  // pull_request_target runs with the base's token
  const PullRequestSource source = pull_request_source(event_json);
  const std::string event = "this " + std::string(event_name) + " event ";
  if (source.kind == PullRequestSource::Kind::kFork) {
    result->fork_downgraded = true;
    downgrade_writes(&result->levels);
    result->notes.push_back(event + source.detail +
                            ": GitHub gives its GITHUB_TOKEN read access at most, so every "
                            "write counts as read");
  } else if (source.kind == PullRequestSource::Kind::kUnknown && downgrade_writes(&result->levels)) {
    // A fork's token is read-only: only the reads are sure.
    result->complete = false;
    result->notes.push_back("cannot tell whether " + event + "comes from a fork (" + source.detail +
                            "); a fork's token is read-only, so the writes count only as reads");
  }
}

TokenPermissions unreadable(std::string reason) {
  TokenPermissions result;
  result.reason = std::move(reason);
  return result;
}
}  // namespace

RunVariables read_run_variables(const util::Environment& environment) {
  const auto value = [&](std::string_view name) { return environment.get_non_empty(name).value_or(""); };
  return {value("GITHUB_WORKFLOW_REF"), value("GITHUB_JOB"), value("GITHUB_WORKSPACE"),
          value("GITHUB_EVENT_NAME"), value("GITHUB_EVENT_PATH")};
}

TokenPermissions compute_permissions(std::string_view workflow_yaml, std::string_view job,
                                     std::string_view event_name, std::string_view event_json) {
  TokenPermissions result;
  YamlTree tree;
  NodeId job_node = 0;
  if (!parse_workflow(workflow_yaml, &tree, &result) || !find_job(tree, job, &job_node, &result) ||
      !read_declared(tree, job_node, &result)) {
    result.levels.clear();
    result.complete = false;
    bound_notes(&result.notes);
    return result;
  }
  note_reusable_call(tree, job_node, &result);
  apply_event(event_name, event_json, &result);
  bound_notes(&result.notes);
  result.readable = true;
  return result;
}

bool workflow_path_from_ref(std::string_view workflow_ref, std::string* path, std::string* error) {
  *error = "GITHUB_WORKFLOW_REF " + shown(workflow_ref) + " is not owner/repo/.github/workflows/FILE@REF";
  const std::size_t owner_end = workflow_ref.find('/');
  const std::size_t repo_end =
      owner_end == std::string_view::npos ? owner_end : workflow_ref.find('/', owner_end + 1);
  if (owner_end == 0 || repo_end == std::string_view::npos || repo_end == owner_end + 1) return false;
  const std::string_view rest = workflow_ref.substr(repo_end + 1);
  // The path ends at the '@' after the file's extension: a branch name may hold '@' too.
  std::size_t at = std::string_view::npos;
  for (const std::string_view extension : {".yml@", ".yaml@"})
    if (const std::size_t found = rest.find(extension); found != std::string_view::npos)
      at = std::min(at, found + extension.size() - 1);
  constexpr std::string_view kFolder = ".github/workflows/";
  if (at == std::string_view::npos || !rest.starts_with(kFolder)) return false;
  // GitHub runs workflows only from that folder itself: no '/' may follow, so no '..' can climb out.
  const std::string_view file = rest.substr(kFolder.size(), at - kFolder.size());
  if (file.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos) return false;
  *path = std::string(rest.substr(0, at));
  error->clear();
  return true;
}

namespace {
// The first variable the run lacks, or "".
std::string first_unset(const RunVariables& run) {
  const std::pair<const char*, const std::string*> required[] = {{"GITHUB_WORKFLOW_REF", &run.workflow_ref},
                                                                 {"GITHUB_JOB", &run.job},
                                                                 {"GITHUB_WORKSPACE", &run.workspace},
                                                                 {"GITHUB_EVENT_NAME", &run.event_name},
                                                                 {"GITHUB_EVENT_PATH", &run.event_path}};
  for (const auto& [name, value] : required)
    if (value->empty()) return name;
  return {};
}

// Reads a file the run names; false with a reason that names it as `what`,
// and says `if_missing` when it does not exist.
bool read_run_file(const util::FileSystem& files, const std::string& path, std::size_t max_bytes,
                   const std::string& what, std::string_view if_missing, std::string* text,
                   std::string* reason) {
  std::string error;
  const util::FileSystem::Status status = files.read_file(path, max_bytes, text, &error);
  if (status == util::FileSystem::Status::kOkay) return true;
  if (status == util::FileSystem::Status::kNotFound)
    *reason = what + " " + path + " does not exist" + std::string(if_missing);
  else if (status == util::FileSystem::Status::kTooLarge)
    *reason = what + " " + path + " is " + error + "; refusing to read it";
  else
    *reason = "cannot read " + what + " " + path + ": " + error;
  return false;
}
}  // namespace

TokenPermissions permissions_for_run(const RunVariables& run, const util::FileSystem& files) {
  if (const std::string unset = first_unset(run); !unset.empty())
    return unreadable(unset + " is not set; GitHub Actions sets it in every run");
  std::string relative, reason;
  if (!workflow_path_from_ref(run.workflow_ref, &relative, &reason)) return unreadable(reason);
  std::string workspace = run.workspace;
  while (workspace.size() > 1 && workspace.back() == '/') workspace.pop_back();
  const std::string workflow_file = workspace + "/" + relative;
  std::string workflow_text, event_json;
  TokenPermissions result;
  if (!read_run_file(files, workflow_file, kMaxWorkflowBytes, "the workflow file",
                     ": check the repository out into GITHUB_WORKSPACE before this step", &workflow_text,
                     &reason)) {
    result = unreadable(reason);
  } else if (is_pull_request_event(run.event_name) &&
             !read_run_file(files, run.event_path, kMaxEventBytes, "the event payload (GITHUB_EVENT_PATH)",
                            "", &event_json, &reason)) {
    result = unreadable(reason);
  } else {
    result = compute_permissions(workflow_text, run.job, run.event_name, event_json);
  }
  result.workflow_file = workflow_file;
  result.relative_file = relative;
  return result;
}

namespace {
// The workflow keys, sorted, and the levels that grant `needed`.
std::map<std::string, std::string> workflow_grants(const std::map<std::string, std::string>& needed) {
  std::map<std::string, int> ranks;
  for (const auto& [name, level] : needed)
    if (const std::string key = workflow_key(name); !key.empty() && rank(level) > 0)
      ranks[key] = std::max(ranks[key], rank(level));
  std::map<std::string, std::string> grants;
  for (const auto& [key, level] : ranks) grants[key] = level == 2 || !has_read(key) ? "write" : "read";
  return grants;
}
}  // namespace

bool is_workflow_permission(std::string_view name) {
  return name == "metadata" || !workflow_key(std::string(name)).empty();
}

std::string permissions_block(const std::map<std::string, std::string>& needed) {
  std::string lines;
  for (const auto& [key, level] : workflow_grants(needed)) lines += "  " + key + ": " + level + "\n";
  return lines.empty() ? "permissions: {}\n" : "permissions:\n" + lines;
}

std::string flow_permissions(const std::map<std::string, std::string>& needed) {
  std::vector<std::string> items;
  for (const auto& [key, level] : workflow_grants(needed)) items.push_back(key + ": " + level);
  return "{" + util::join(items, ", ") + "}";
}

}  // namespace scopegate::providers::github_workflow
