// GitHub, every kind of token (../shared/spec/github-tokens.md).
//
// A classic or OAuth token lists its scopes in X-OAuth-Scopes on GET /user.
// A fine-grained PAT, an App token or the workflow's GITHUB_TOKEN lists
// nothing: its permissions are proven per repository by the probe table
// (reads by a GET; writes, when allowed, by a request built to fail
// validation), or, for GITHUB_TOKEN, computed from the workflow file
// (github_workflow.h). Classic scopes and fine-grained permissions answer
// for each other through GitHub's documented equivalences, and every report
// says which one it used. The data is in github_tokens.cpp, the advice per
// kind of token in github_fix.cpp.
#include <algorithm>
#include <charconv>
#include <boost/json/value.hpp>
#include <set>

#include "net/retry.h"
#include "providers/github_tokens.h"
#include "providers/github_workflow.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace github {
namespace {

// The repository a provider checks: `repository:` (expanded), else
// $GITHUB_REPOSITORY (Actions sets it); "" with `problem` when none is usable.
std::string repository_of(const LiveContext& context, std::string* problem) {
  std::string value;
  std::string from;
  if (context.spec.resource) {
    value = context.resource;
    from = "repository: " + context.spec.resource->value;
  } else if (auto variable = context.environment.get("GITHUB_REPOSITORY"); variable && !variable->empty()) {
    value = *variable;
    from = "$GITHUB_REPOSITORY";
  }
  if (value.empty()) {
    *problem = "no repository is named (repository: owner/name, or $GITHUB_REPOSITORY in Actions), so no "
               "repository permission can be probed";
    return {};
  }
  if (!is_repository(value)) {
    *problem = from + " is " + util::quoted(util::neutralize(value)) + ", not owner/name";
    return {};
  }
  return value;
}

// ------------------------------------------------------- reading answers

constexpr const char* kNoScopeHeader =
    "GitHub lists scopes only for classic personal access tokens; this token sent no "
    "X-OAuth-Scopes header, so it is a fine-grained, GitHub App or GITHUB_TOKEN token whose "
    "permissions GitHub does not disclose";

void read_expiry_header(const net::HttpResponse& response, TokenFacts& facts) {
  const auto expiry = response.header("GitHub-Authentication-Token-Expiration");
  if (!expiry) return;
  facts.expiry_known = true;
  facts.expires_at = util::parse_timestamp(*expiry);
  if (!facts.expires_at) {
    facts.expiry_known = false;
    facts.notes.push_back("cannot read the token expiry \"" + *expiry + "\"");
  }
}

// A rate limit is GitHub's, not the token's: an error (exit 4), never "rejected".
// GitHub's 403 for a primary limit may come without headers through a
// proxy; its message still says so.
bool rate_limited(const net::HttpResponse& response) {
  return net::RetryPolicy::rate_limited(response) ||
         (response.status == 403 && response.body.find("rate limit") != std::string::npos);
}

std::optional<std::int64_t> whole_seconds(std::optional<std::string_view> text) {
  std::int64_t value = 0;
  if (!text || text->empty() || text->size() > 12) return std::nullopt;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// When to try again: the primary limit's x-ratelimit-reset (UTC epoch
// seconds), else a secondary limit's Retry-After in seconds ("Rate limits for
// the REST API", docs.github.com).
std::string when_to_retry(const net::HttpResponse& response) {
  if (const auto reset = whole_seconds(response.header("x-ratelimit-reset")))
    return "try again after " + util::format_timestamp(util::from_unix_seconds(*reset));
  if (const auto wait = whole_seconds(response.header("Retry-After")))
    return "try again in " + std::to_string(*wait) + " s";
  return "try again after the limit resets";
}

// The error for a rate-limited answer to `request` ("GET /user").
TokenFacts limited(const net::HttpResponse& response, const std::string& request) {
  const std::string said = error_message_of(response.body);
  return TokenFacts::failed("GitHub is limiting requests (HTTP " + std::to_string(response.status) + " to " + request +
                            (said.empty() ? "" : ": " + said) + "); " + when_to_retry(response));
}

TokenFacts read_user_answer(const net::HttpResponse& response) {
  if (rate_limited(response)) return limited(response, "GET /user");
  if (auto failure = facts_for_failure_status(response)) return *failure;
  TokenFacts facts;
  if (const auto scopes = response.header("X-OAuth-Scopes")) {
    facts.scopes_listed = true;
    facts.granted = util::split_scope_list(*scopes);
    facts.expiry_known = true;  // a classic token without an expiry header never expires
    facts.token_kind = "classic";
  } else {
    facts.unverifiable_reason = kNoScopeHeader;
  }
  read_expiry_header(response, facts);
  boost::json::value root;
  std::string ignored;
  if (parse_json_body(response.body, &root, &ignored)) facts.account = string_at(root, "/login");
  return facts;
}

// ------------------------------------------------------- the live check

class GithubProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override { return read_user_answer(response); }

 protected:
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    Kind kind = kind_of_token(context.token);
    if (context.spec.workflow_token) co_return co_await ask_workflow_token(context, kind);
    TokenFacts facts;
    // An installation token cannot read /user (403); nothing there is needed.
    if (kind != Kind::kInstallation) {
      std::string error;
      auto request = user_request(context, &error);
      if (!request) co_return TokenFacts::failed(error);
      const net::HttpOutcome outcome = co_await send(context, std::move(*request));
      if (!outcome.response) co_return TokenFacts::failed(outcome.error);
      const Kind refused_as = outcome.response->status == 403 ? kind_of_refusal(outcome.response->body) : Kind::kUnknown;
      if (refused_as == Kind::kInstallation) {
        kind = Kind::kInstallation;
      } else {
        facts = interpret(*outcome.response);
        if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
      }
    }
    if (facts.scopes_listed) {
      if (kind != Kind::kOAuth) kind = Kind::kClassic;
      facts.token_kind = kind_row(kind).id;
      co_await answer_through_classic(context, facts);
      co_return facts;
    }
    if (lists_scopes(kind)) kind = Kind::kUnknown;  // a ghp_ token without the header: believe the answer
    facts.token_kind = kind_row(kind).id;
    facts.unverifiable_reason = std::string(kind_row(kind).described) + " does not list its permissions";
    co_await prove_permissions(context, kind, facts);
    tidy_granted(facts);
    co_return facts;
  }

 private:
  std::optional<net::HttpRequest> user_request(const LiveContext& context, std::string* error) const {
    auto request = make_request(context, "GET", "/user", error);
    if (request) request->headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    return request;
  }

  // A classic token's scopes answer the fine-grained names the manifest
  // uses, through the equivalences; each one used is said. public_repo
  // covers them on public repositories only, so the repository is read.
  boost::asio::awaitable<void> answer_through_classic(LiveContext& context, TokenFacts& facts) const {
    const std::vector<std::string> listed = facts.granted;
    const std::set<std::string> held = classic_closure(listed);
    std::vector<std::string> public_only;
    for (const std::string& wanted : context.wanted) {
      if (!is_permission(wanted)) continue;
      if (const Equivalence* via = held_through(listed, held, wanted, false)) {
        const std::string scope(via->classic);
        facts.notes.push_back(wanted + " is held through " + scope +
                              (via->unverified ? " (scopegate's table says " + scope + " covers it; GitHub's docs do not say)"
                                               : " (GitHub documents " + scope + " as covering it)"));
      } else if (held_through(listed, held, wanted, true) || readable_by_anyone(wanted)) {
        public_only.push_back(wanted);
      }
    }
    if (!public_only.empty()) co_await settle_public_repo(context, public_only, facts);
  }

  // The row of kEquivalences by which `held` covers `wanted`: one naming a
  // scope the token lists itself first, then one it includes ("repo", not
  // "repo:status", for a token that lists repo); nullptr when none does.
  static const Equivalence* held_through(const std::vector<std::string>& listed, const std::set<std::string>& held,
                                         const std::string& wanted, bool public_only) {
    const Equivalence* included = nullptr;
    for (const Equivalence& row : kEquivalences) {
      if (row.public_only != public_only || !level_covers(row.permission, wanted)) continue;
      if (std::find(listed.begin(), listed.end(), row.classic) != listed.end()) return &row;
      if (!included && held.count(std::string(row.classic))) included = &row;
    }
    return included;
  }

  // A repository permission any token has on a public repository (its reads of code, issues and the like).
  static bool readable_by_anyone(const std::string& permission) {
    const auto parsed = parse_permission(permission);
    return parsed && parsed->level == "read" && parsed->row->public_read;
  }

  boost::asio::awaitable<void> settle_public_repo(LiveContext& context, const std::vector<std::string>& wanted,
                                                  TokenFacts& facts) const {
    std::string problem;
    const std::string repository = repository_of(context, &problem);
    std::optional<bool> is_public;
    if (!repository.empty()) is_public = co_await repository_is_public(context, repository, &problem);
    facts.resource = repository;
    for (const std::string& permission : wanted) {
      if (is_public && *is_public) {
        facts.granted.push_back(permission);
        facts.notes.push_back(permission + (readable_by_anyone(permission)
                                                ? " is held: " + repository + " is public, and any token reads it"
                                                : " is held through public_repo (" + repository + " is public)"));
        if (!readable_by_anyone(permission)) facts.granted_by.emplace_back(permission, "public_repo");
      } else if (!is_public) {
        facts.unsettled.push_back(permission);
      }
    }
    if (!is_public)
      facts.unverifiable_reason = util::join(wanted, ", ") + " " + (wanted.size() == 1 ? "is" : "are") +
                                  " held on a public repository only, and " + problem;
    else if (!*is_public)
      facts.notes.push_back(util::join(wanted, ", ") + ": not held, " + repository + " is private");
  }

  boost::asio::awaitable<std::optional<bool>> repository_is_public(LiveContext& context, const std::string& repository,
                                                                   std::string* problem) const {
    std::string error;
    auto request = make_request(context, "GET", repository_path(kRepositoryPath, repository), &error);
    if (!request) {
      *problem = error;
      co_return std::nullopt;
    }
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    boost::json::value root;
    std::string ignored;
    if (outcome.response && outcome.response->status == 200 && parse_json_body(outcome.response->body, &root, &ignored))
      if (const auto* object = root.if_object())
        if (const auto* flag = object->if_contains("private"); flag && flag->is_bool()) co_return !flag->get_bool();
    *problem = "the visibility of " + repository + " could not be read" +
               (outcome.response ? " (HTTP " + std::to_string(outcome.response->status) + ")" : ": " + outcome.error);
    co_return std::nullopt;
  }

  // The workflow's GITHUB_TOKEN: its permissions are written in the workflow
  // file. When the file declares none, they are the repository's default,
  // which the run cannot see: the reads are probed, the rest unverifiable.
  boost::asio::awaitable<TokenFacts> ask_workflow_token(LiveContext& context, Kind kind) const {
    if (kind != Kind::kUnknown && kind != Kind::kInstallation)
      co_return TokenFacts::misconfiguration("workflow_token: true, but the token is " +
                                             std::string(kind_row(kind).described) +
                                             ", not the workflow's GITHUB_TOKEN; drop workflow_token or pass "
                                             "secrets.GITHUB_TOKEN");
    TokenFacts facts;
    facts.token_kind = kind_row(Kind::kWorkflow).id;
    if (!context.files) co_return TokenFacts::failed("this run cannot read files, so the workflow cannot be read");
    const auto run = github_workflow::read_run_variables(context.environment);
    const auto computed = github_workflow::permissions_for_run(run, *context.files);
    if (computed.readable && computed.job_line > 0)
      facts.fix_location = manifest::FileLocation{computed.relative_file, {computed.job_line, computed.job_column},
                                                  "job " + util::neutralize(run.job)};
    if (computed.fork_downgraded) {
      facts.token_kind = kind_row(Kind::kForkWorkflow).id;
      refuse_writes_to_fork(permissions_wanted(context), facts);
    }
    for (const auto& [name, level] : computed.levels) facts.granted.push_back(name + ":" + level);
    for (const std::string& note : computed.notes) facts.notes.push_back(util::neutralize(note));
    if (computed.readable && computed.complete) {
      facts.scopes_listed = true;
      facts.expiry_known = false;
      facts.notes.push_back("permissions computed from " + computed.declared_by + " in " + computed.relative_file);
      co_await prove_permissions(context, Kind::kWorkflow, facts, Proof::kAcceptanceOnly);
      tidy_granted(facts);
      co_return facts;
    }
    if (!computed.readable)
      facts.unverifiable_reason = "the workflow's GITHUB_TOKEN permissions could not be computed" +
                                  (computed.relative_file.empty() || run.job.empty()
                                       ? std::string()
                                       : " (job " + util::neutralize(run.job) + " of " + computed.relative_file + ")") +
                                  ": " + util::neutralize(computed.reason);
    else if (computed.declared_by.empty() && computed.fork_downgraded)
      facts.unverifiable_reason = "a pull request from a fork gets a read-only GITHUB_TOKEN; which reads the "
                                  "repository's default gives cannot be seen from the run, so they are probed";
    else if (computed.declared_by.empty())
      facts.unverifiable_reason = "the workflow declares no permissions:, so the token holds the repository's "
                                  "default, which a run cannot see; declare permissions: on the job";
    else
      facts.unverifiable_reason = "this pull request may come from a fork, which turns the token's writes into "
                                  "reads, and its event payload cannot tell";
    co_await prove_permissions(context, Kind::kWorkflow, facts);
    tidy_granted(facts);
    co_return facts;
  }

  // What prove_permissions sends: the wanted permissions' probes, or only
  // the repository's (a workflow token whose grant is known, asked to prove
  // that it works).
  enum class Proof { kWanted, kAcceptanceOnly };

  // Probes the wanted permissions on the repository, and adds to
  // facts.unverifiable_reason what stays open and why. A classic name
  // wanted of such a token is answered through the permissions it stands for.
  boost::asio::awaitable<void> prove_permissions(LiveContext& context, Kind kind, TokenFacts& facts,
                                                 Proof proof = Proof::kWanted) const {
    const bool only_acceptance = proof == Proof::kAcceptanceOnly;
    std::string problem;
    const std::string repository = repository_of(context, &problem);
    if (repository.empty()) {
      if (!only_acceptance) add_reason(facts, problem);
      if (kind == Kind::kInstallation || kind == Kind::kWorkflow) co_await prove_installation_works(context, facts);
      co_return;
    }
    facts.resource = repository;
    const std::vector<std::string> wanted = only_acceptance ? std::vector<std::string>{} : permissions_wanted(context);
    // What this kind can never hold needs no request; a kind learned from
    // the answers below is held to the same rule afterwards.
    const Kind kind_before = kind;
    refuse_unholdable(wanted, kind, facts);
    std::vector<Probe> probes = probes_for(holdable(wanted, kind), repository, context.allow_write_probes);
    const std::size_t base = probes.size();
    for (const Probe& probe : context.manifest_probes) probes.push_back(probe);
    std::vector<const Probe*> sent;
    std::vector<net::HttpRequest> requests;
    for (std::size_t i = 0; i < probes.size(); ++i) {
      // The table's probes were chosen for the wanted names; the manifest's
      // are sent when their scope is wanted.
      if (i >= base && std::find(context.wanted.begin(), context.wanted.end(), probes[i].scope) == context.wanted.end())
        continue;
      auto request = probe_request(context, probes[i], facts);
      if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return;
      if (!request) continue;
      sent.push_back(&probes[i]);
      requests.push_back(std::move(*request));
    }
    const std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
    if (!read_repository_answer(sent, outcomes, repository, context, facts)) co_return;
    std::vector<std::pair<const Probe*, std::vector<std::string>>> ambiguous;
    for (std::size_t i = 1; i < sent.size(); ++i) {
      const auto& answer = outcomes[i].response;
      if (answer && rate_limited(*answer)) {
        facts = limited(*answer, sent[i]->method + " " + sent[i]->url);
        co_return;
      }
      if (answer && answer->status == 403) {
        learn_kind(*answer, kind, facts);
        if (auto others = also_needed(*answer, sent[i]->scope); !others.empty()) {
          ambiguous.emplace_back(sent[i], std::move(others));
          continue;
        }
      }
      if (!apply_probe_answer(*sent[i], outcomes[i], facts)) co_return;
    }
    settle_ambiguous(ambiguous, facts);
    if (kind != kind_before) refuse_unholdable(wanted, kind, facts);
    missing_through_reads(wanted, facts);
    unanswered_through_reads(wanted, facts);
    answer_classic_wanted(context, facts);
    if (!only_acceptance) add_reason(facts, unproven_note(context, facts));
  }

  // An installation token (or GITHUB_TOKEN) never went to /user: one of its
  // own requests shows whether GitHub accepts it (401: rejected).
  boost::asio::awaitable<void> prove_installation_works(LiveContext& context, TokenFacts& facts) const {
    std::string error;
    auto request = make_request(context, "GET", "/installation/repositories?per_page=1", &error);
    if (!request) co_return;
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (!outcome.response) {
      facts = TokenFacts::failed(outcome.error);
    } else if (outcome.response->status == 401) {
      facts = TokenFacts::rejected("the provider rejected the token (HTTP 401 to GET /installation/repositories)");
    } else if (rate_limited(*outcome.response)) {
      facts = limited(*outcome.response, "GET /installation/repositories");
    }
  }

  // Each granted name once, and metadata:read left out where another
  // repository permission already brings it (GitHub: it comes with every
  // grant that reaches a repository; the vocabulary says so too), so that it
  // is never reported as an excess no one can remove.
  static void tidy_granted(TokenFacts& facts) {
    std::vector<std::string> tidy;
    for (const std::string& name : facts.granted)
      if (std::find(tidy.begin(), tidy.end(), name) == tidy.end()) tidy.push_back(name);
    const bool brought = std::any_of(tidy.begin(), tidy.end(), [](const std::string& name) {
      const auto permission = parse_permission(name);
      return permission && permission->row->name != "metadata" && permission->row->reach == Reach::kRepository &&
             (permission->row->holders & kFineGrainedPat);
    });
    if (brought) std::erase(tidy, "metadata:read");
    facts.granted = std::move(tidy);
  }

  static void add_reason(TokenFacts& facts, const std::string& detail) {
    if (detail.empty()) return;
    facts.unverifiable_reason += (facts.unverifiable_reason.empty() ? "" : "; ") + detail;
  }

  // The probes for `wanted`, the repository's own first (every probe needs
  // it), each once. A write that no probe may prove gets its read's probe:
  // a token refused the read lacks the write too.
  static std::vector<Probe> probes_for(const std::vector<std::string>& wanted, const std::string& repository,
                                       bool allow_writes) {
    std::vector<Probe> probes{make_probe(kReadProbes.front(), repository)};
    const auto add = [&](const ProbeRow& row) {
      const bool seen = std::any_of(probes.begin(), probes.end(), [&](const Probe& p) { return p.scope == row.permission; });
      if (!seen) probes.push_back(make_probe(row, repository));
    };
    for (const std::string& permission : wanted) {
      if (const ProbeRow* row = probe_row(permission, allow_writes)) add(*row);
      else if (const ProbeRow* read = probe_row(read_of(permission), false)) add(*read);
    }
    return probes;
  }

  // The other permissions a 403's X-Accepted-GitHub-Permissions says the
  // endpoint needs beside `permission` ("pull_requests=read,contents=read"):
  // then the 403 alone does not say which one is missing.
  static std::vector<std::string> also_needed(const net::HttpResponse& response, const std::string& permission) {
    const auto header = response.header("X-Accepted-GitHub-Permissions");
    if (!header) return {};
    const std::string name = permission.substr(0, permission.find(':'));
    for (const std::string& alternative : util::split_any(*header, ";")) {
      std::vector<std::string> all;
      bool mentions = false;
      for (std::string part : util::split_any(alternative, ",")) {
        part = std::string(util::trim(part));
        const std::size_t equals = part.find('=');
        if (equals == std::string::npos) continue;
        if (part.substr(0, equals) == name) mentions = true;
        else all.push_back(part.substr(0, equals) + ":" + part.substr(equals + 1));
      }
      if (mentions) return all;
    }
    return {};
  }

  // A 403 from an endpoint that needs several permissions proves the
  // probe's own missing only when the token holds the others.
  static void settle_ambiguous(const std::vector<std::pair<const Probe*, std::vector<std::string>>>& ambiguous,
                               TokenFacts& facts) {
    for (const auto& [probe, others] : ambiguous) {
      const bool others_held = std::all_of(others.begin(), others.end(), [&](const std::string& other) {
        return std::any_of(facts.granted.begin(), facts.granted.end(),
                           [&](const std::string& g) { return level_covers(g, other); });
      });
      if (others_held) {
        facts.proven_missing.push_back(probe->scope);
        facts.notes.push_back(probe->scope + " refused by " + probe->method + " " + probe->url + " (HTTP 403), which " +
                              "also needs " + util::join(others, ", ") + ", which the token holds");
      } else {
        facts.notes.push_back(probe->method + " " + probe->url + " answered 403, but it needs " + probe->scope +
                              " and " + util::join(others, ", ") + ": the answer does not say which is missing");
      }
    }
  }

  // What this kind of token can never hold is missing, without a request:
  // a fine-grained PAT has no Checks permission, only GITHUB_TOKEN id_token.
  static unsigned holder_of(Kind kind) {
    return kind == Kind::kFineGrained                              ? kFineGrainedPat
           : kind == Kind::kInstallation || kind == Kind::kAppUser ? kApp
           : kind == Kind::kWorkflow                               ? kWorkflowToken
                                                                   : kEveryToken;
  }

  static bool can_hold(Kind kind, const std::string& permission) {
    const unsigned holder = holder_of(kind);
    return holder == kEveryToken || (holders_of(permission) & holder);
  }

  // `wanted` without what `kind` can never hold.
  static std::vector<std::string> holdable(const std::vector<std::string>& wanted, Kind kind) {
    std::vector<std::string> kept;
    for (const std::string& permission : wanted)
      if (can_hold(kind, permission)) kept.push_back(permission);
    return kept;
  }

  static void refuse_unholdable(const std::vector<std::string>& wanted, Kind kind, TokenFacts& facts) {
    for (const std::string& permission : wanted) {
      if (can_hold(kind, permission)) continue;
      facts.proven_missing.push_back(permission);
      facts.notes.push_back(std::string(kind_row(kind).described) + " cannot hold " + permission + " (only " +
                            describe_holders(holders_of(permission)) + " can)");
    }
  }

  // "contents:write" -> "contents:read"; "" when it has no read level.
  static std::string read_of(const std::string& permission) {
    const auto parsed = parse_permission(permission);
    if (!parsed || level_rank(parsed->level) <= level_rank("read") || parsed->row->lowest != "read") return {};
    return std::string(parsed->row->name) + ":read";
  }

  // A wanted write (or admin) whose read was refused is missing as well.
  // A pull request from a fork gets a read-only token whatever the
  // repository's default or the workflow says: every write is missing.
  static void refuse_writes_to_fork(const std::vector<std::string>& wanted, TokenFacts& facts) {
    for (const std::string& permission : wanted) {
      const auto parsed = parse_permission(permission);
      if (!parsed || level_rank(parsed->level) <= level_rank("read")) continue;
      facts.proven_missing.push_back(permission);
      facts.notes.push_back(permission + " is missing: a pull request from a fork gets a read-only GITHUB_TOKEN");
    }
  }

  // A permission whose answer depended on a request GitHub failed to answer
  // (the repository's GET, or a write's read) could not be asked either:
  // exit 4, never left unverifiable.
  static void unanswered_through_reads(const std::vector<std::string>& wanted, TokenFacts& facts) {
    // Copies, not references: the list grows below.
    const auto why_unanswered = [&](const std::string& name) -> std::optional<std::string> {
      for (const auto& [scope, why] : facts.unanswered)
        if (scope == name) return why;
      return std::nullopt;
    };
    const std::optional<std::string> repository = why_unanswered("metadata:read");
    for (const std::string& permission : wanted) {
      if (contains_name(facts.granted, permission) || contains_name(facts.proven_missing, permission) ||
          why_unanswered(permission))
        continue;
      const std::string read = read_of(permission);
      std::optional<std::string> why = repository && reaches_repository(permission) ? repository : std::nullopt;
      if (!why && !read.empty()) why = why_unanswered(read);
      if (why) facts.unanswered.emplace_back(permission, *why);
    }
  }

  static bool contains_name(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  static void missing_through_reads(const std::vector<std::string>& wanted, TokenFacts& facts) {
    for (const std::string& permission : wanted) {
      const std::string read = read_of(permission);
      const auto& missing = facts.proven_missing;
      if (read.empty() || std::find(missing.begin(), missing.end(), read) == missing.end() ||
          std::find(missing.begin(), missing.end(), permission) != missing.end())
        continue;
      facts.proven_missing.push_back(permission);
      facts.notes.push_back(permission + " is missing: even " + read + " was refused");
    }
  }

  // The row that proves `permission`; writes only when they may be sent.
  static const ProbeRow* probe_row(const std::string& permission, bool allow_writes) {
    for (const ProbeRow& row : kReadProbes)
      if (row.permission == permission) return &row;
    if (!allow_writes) return nullptr;
    for (const ProbeRow& row : kWriteProbes)
      if (row.permission == permission) return &row;
    return nullptr;
  }

  static Probe make_probe(const ProbeRow& row, const std::string& repository) {
    Probe probe{std::string(row.permission), std::string(row.method), repository_path(row.path, repository),
                row.held, {403}, std::string(row.body)};
    return probe;
  }

  // The wanted names as permissions: a classic scope wanted of a token that
  // lists none stands for the permissions it covers.
  static std::vector<std::string> permissions_wanted(const LiveContext& context) {
    std::vector<std::string> permissions;
    const auto add = [&](const std::string& name) {
      if (std::find(permissions.begin(), permissions.end(), name) == permissions.end()) permissions.push_back(name);
    };
    for (const std::string& wanted : context.wanted) {
      if (is_permission(wanted)) add(wanted);
      else if (is_classic_scope(wanted))
        for (const std::string& permission : permissions_of_classic(wanted)) add(permission);
    }
    return permissions;
  }

  // The answer to GET /repos/{repo}, the first probe: 401 rejects the token;
  // 404 means the repository is not in the token's selection (or does not
  // exist), and then every repository permission is missing. False when
  // nothing more is to be read.
  bool read_repository_answer(const std::vector<const Probe*>& sent, const std::vector<net::HttpOutcome>& outcomes,
                              const std::string& repository, const LiveContext& context,
                              TokenFacts& facts) const {
    if (sent.empty() || sent.front()->scope != "metadata:read") return true;
    const net::HttpOutcome& outcome = outcomes.front();
    if (outcome.response && rate_limited(*outcome.response)) {
      facts = limited(*outcome.response, "GET /repos/" + repository);
      return false;
    }
    if (!outcome.response || outcome.response->status != 404) return apply_probe_answer(*sent.front(), outcome, facts);
    facts.resource_unreachable = true;
    facts.notes.push_back("GET /repos/" + repository + " answered 404: " + repository +
                          " is not in the token's repository access (or does not exist)");
    // Nothing on it is held, whatever else said so (a workflow's permissions: block).
    std::erase_if(facts.granted, [](const std::string& name) { return reaches_repository(name); });
    facts.scopes_listed = false;
    for (const std::string& wanted : context.wanted)
      if (reaches_repository(wanted)) facts.proven_missing.push_back(wanted);
    return false;
  }

  static bool reaches_repository(const std::string& name) {
    if (const auto permission = parse_permission(name)) return permission->row->reach == Reach::kRepository;
    const auto covered = permissions_of_classic(name);
    return std::any_of(covered.begin(), covered.end(), [](const std::string& p) { return reaches_repository(p); });
  }

  // A refusal's words name the kind of token, when nothing else did.
  static void learn_kind(const net::HttpResponse& response, Kind& kind, TokenFacts& facts) {
    const Kind said = kind_of_refusal(response.body);
    if (said == Kind::kUnknown || kind != Kind::kUnknown) return;
    kind = said;
    facts.token_kind = kind_row(kind).id;
  }

  // A classic scope wanted of a token that lists none: held when every
  // permission it stands for was proven, missing when one was refused.
  static void answer_classic_wanted(const LiveContext& context, TokenFacts& facts) {
    const auto proven = [&](const std::string& p) {
      return std::any_of(facts.granted.begin(), facts.granted.end(), [&](const std::string& g) { return level_covers(g, p); });
    };
    for (const std::string& wanted : context.wanted) {
      if (is_permission(wanted) || !is_classic_scope(wanted)) continue;
      const std::vector<std::string> covered = permissions_of_classic(wanted);
      if (covered.empty()) continue;
      if (std::all_of(covered.begin(), covered.end(), proven)) {
        facts.granted.push_back(wanted);
        facts.notes.push_back(wanted + " is held through " + util::join(covered, ", ") +
                              " (the permissions GitHub documents it as covering)");
      } else if (const auto refused = std::find_first_of(covered.begin(), covered.end(), facts.proven_missing.begin(),
                                                         facts.proven_missing.end());
                 refused != covered.end()) {
        facts.proven_missing.push_back(wanted);
        facts.notes.push_back(wanted + " is missing: it stands for " + *refused + ", which the token lacks");
      }
    }
  }

  // What stays open, and why: no safe request, no write probes allowed, no probe at all.
  static std::string unproven_note(const LiveContext& context, const TokenFacts& facts) {
    std::vector<std::string> unprovable, writes, unprobed, inconclusive, classic;
    for (const std::string& wanted : permissions_wanted(context)) {
      const bool settled =
          std::any_of(facts.granted.begin(), facts.granted.end(), [&](const std::string& g) { return level_covers(g, wanted); }) ||
          std::find(facts.proven_missing.begin(), facts.proven_missing.end(), wanted) != facts.proven_missing.end();
      if (settled) continue;
      if (std::find(kUnprovable.begin(), kUnprovable.end(), wanted) != kUnprovable.end()) unprovable.push_back(wanted);
      else if (probe_row(wanted, true) && !probe_row(wanted, false) && !context.allow_write_probes) writes.push_back(wanted);
      else if (!probe_row(wanted, true)) unprobed.push_back(wanted);
      else inconclusive.push_back(wanted);
    }
    for (const std::string& wanted : context.wanted)
      if (!is_permission(wanted) && permissions_of_classic(wanted).empty()) classic.push_back(wanted);
    std::vector<std::string> parts;
    if (!unprovable.empty())
      parts.push_back(util::join(unprovable, ", ") +
                      ": no request proves it without changing something (a classic token's scopes, or the "
                      "workflow's permissions: with workflow_token: true, would say)");
    if (!writes.empty())
      parts.push_back(util::join(writes, ", ") + ": only a write probe proves it (--allow-write-probes)");
    if (!unprobed.empty()) parts.push_back(util::join(unprobed, ", ") + ": scopegate has no probe for it");
    if (!inconclusive.empty())
      parts.push_back(util::join(inconclusive, ", ") + ": its probe's answer proved nothing (see the notes)");
    if (!classic.empty())
      parts.push_back(util::join(classic, ", ") + ": a classic scope with no fine-grained counterpart");
    return util::join(parts, "; ");
  }
};

// GitHub's refusal of a modern token: {"message": "Resource not accessible
// by integration"} (an App or GITHUB_TOKEN) or "... by personal access token".
std::string refusal_hint(const boost::json::value& body) {
  const auto message = string_at(body, "/message");
  if (!message || message->find("not accessible by") == std::string::npos) return {};
  return "GitHub says \"" + *message + "\"";
}

}  // namespace

// ------------------------------------------------------- the manifest

void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  if (!provider.resource) return;
  const std::string& value = provider.resource->value;
  if (value.find("${") != std::string::npos || is_repository(value)) return;
  diagnostics.error(provider.resource->where,
                    "repository " + util::quoted(value) + " is not owner/name (for example acme/app)");
}

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<GithubProvider>(); }

const scope::VocabularyData& vocabulary() { return vocabulary_data(); }


// `scopegate init --preset github`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  github:
    preset: github
    token_env: GH_TOKEN              # classic (ghp_), fine-grained (github_pat_) or App token (ghs_)
    # repository: acme/app           # where permissions are probed; default $GITHUB_REPOSITORY
    # workflow_token: true           # GH_TOKEN is the workflow's GITHUB_TOKEN: read its permissions: block
    # base_url: https://github.example.com/api/v3   # GitHub Enterprise Server

features:
  # Fine-grained permissions (NAME:read, NAME:write) work with every kind of
  # token; a classic token answers them through the scopes that cover them.
  release:
    description: Push tags and open the release pull request
    requires: [contents:write, pull_requests:write]
  comment:
    description: Comment on issues
    requires: [issues:write]
  # Classic scopes work too; a fine-grained token answers them through the
  # permissions they stand for.
  read-teams:
    description: Read team membership for CODEOWNERS checks
    requires:
      any: [read:org, admin:org]
)";
}  // namespace github

const PresetInfo& github_preset() {
  static const PresetInfo row{
      .name = "github",
      .summary = "GitHub tokens: classic scopes (X-OAuth-Scopes), fine-grained and App permissions (probes), "
                 "GITHUB_TOKEN (its workflow)",
      .default_base_url = "https://api.github.com",
      .default_token_env = "GITHUB_TOKEN",
      .default_token_page = "https://github.com/settings/tokens",
      .fix_template = "add {scopes} to the token[ at {page}] (gh CLI: gh auth refresh -s {scopes_comma})",
      .own_keys = {"repository", "resource", "workflow_token"},
      .vocabulary = &github::vocabulary,
      .create = &github::create,
      .starter_manifest = github::kStarterManifest,
      .manifest_rules = &github::check_manifest_rules,
      .error_body_hint = &github::refusal_hint,
      .fix_writer = &github::write_fix,
  };
  return row;
}

}  // namespace scopegate::providers
