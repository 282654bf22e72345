#pragma once
// One interface for every provider: read the provider's answer about a token
// into TokenFacts. Presets are listed explicitly in registry.cpp.
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/diagnostics.h"
#include "manifest/model.h"
#include "net/http_response.h"
#include "net/transport.h"
#include "scope/vocabulary.h"
#include "util/clock.h"
#include "util/environment.h"
#include "util/file_system.h"
#include "util/process.h"
#include "util/redactor.h"

namespace boost::json {
class value;
}

namespace scopegate::providers {

// What a provider told us about a token.
struct TokenFacts {
  enum class Outcome { kAccepted, kRejected, kError };
  Outcome outcome = Outcome::kAccepted;
  std::string error;  // kRejected / kError: what happened, in the provider's words where possible

  std::optional<std::string> key_name;    // the key's display name ("CI key")
  std::optional<std::string> key_prefix;  // the non-secret prefix the provider shows ("sk_live")
  std::optional<std::string> account;     // the user, client or app the token belongs to

  bool expiry_known = false;  // true with no expires_at: the token never expires
  std::optional<util::TimePoint> expires_at;
  // Not usable before this time, where the token says so (a PyPI token's
  // expiry caveat): the engine treats a future one as a rejection, like a past expiry.
  std::optional<util::TimePoint> not_before;
  std::string expiry_problem;  // why the expiry is not known, when the answer could have said

  bool scopes_listed = false;  // `granted` is the token's complete list
  std::vector<std::string> granted;
  // Claim-based presets (jwt, oauth2; providers/claims.h): the scope claims
  // found, in the order read, and the claim that granted each scope.
  std::vector<std::string> scope_claims;
  std::vector<std::pair<std::string, std::string>> granted_by;  // scope -> claim, in `granted` order
  std::vector<std::string> proven_missing;  // answered "no" by a probe, or by the provider asked for the set
  // Of proven_missing, those a policy refuses explicitly (Vault's deny, AWS's
  // explicitDeny): no grant added elsewhere helps, the deny must go.
  std::vector<std::string> explicitly_denied;
  // Who a fix grants to, where the provider names it (AWS: the role the
  // session belongs to, which the simulation ran as).
  std::string principal;
  // The token's policies, where the provider names them (Vault's lookup-self): the fix says which it has.
  std::vector<std::string> policies;
  // Scopes whose probe got no usable answer (the network, a timeout, a 5xx
  // after the retries), with why: the provider could not be asked (exit 4).
  std::vector<std::pair<std::string, std::string>> unanswered;
  // The token or the manifest is wrong for this provider in a way no retry
  // fixes (a PAT given as workflow_token): with kError, a usage error (exit 2).
  bool misconfigured = false;
  // A listed token's scopes that the list alone cannot settle (GitHub's
  // public_repo, on a repository whose visibility is unknown): unverifiable.
  std::vector<std::string> unsettled;
  // What the token turned out to be, where the preset's advice depends on it
  // (GitHub: "classic", "fine-grained", "installation", "workflow", ...).
  std::string token_kind;
  // What the permissions were checked on ("acme/app"), and whether the token
  // cannot reach it at all (GitHub's 404: not in the token's selection).
  std::string resource;
  bool resource_unreachable = false;
  // Where the fix is written, when that is not a token page (a workflow
  // file's job, for the workflow's GITHUB_TOKEN).
  std::optional<manifest::FileLocation> fix_location;
  std::string unverifiable_reason;          // why scopes outside `granted` cannot be known
  std::vector<std::string> notes;           // worth saying in the report
  // The provider's own list of every scope (Sonar's /scopes-allowed/all): value, label.
  std::optional<std::vector<std::pair<std::string, std::string>>> catalog;

  static TokenFacts rejected(std::string why) {
    TokenFacts facts;
    facts.outcome = Outcome::kRejected;
    facts.error = std::move(why);
    return facts;
  }
  static TokenFacts failed(std::string why) {
    TokenFacts facts;
    facts.outcome = Outcome::kError;
    facts.error = std::move(why);
    return facts;
  }
  static TokenFacts misconfiguration(std::string why) {
    TokenFacts facts = failed(std::move(why));
    facts.misconfigured = true;
    return facts;
  }
};

// A request whose answer proves one scope, ready to send (URL expanded).
struct Probe {
  std::string scope;
  std::string method = "GET";
  std::string url;
  std::vector<int> granted{200};
  std::vector<int> missing{403};
  std::string body;  // sent as application/json when not empty (a write probe's invalid body)
  bool is_write() const { return method != "GET" && method != "HEAD"; }
};

// What a live check needs: where, with which token, and what to find out.
struct LiveContext {
  const manifest::ProviderSpec& spec;
  net::Transport& transport;
  const util::Environment& environment;  // ${VAR} in a generic provider's request
  std::string base_url;  // expanded; the origin the preset's requests and probes carry the token to (credential_origin)
  std::string org;       // socket, expanded
  std::string token;
  std::string client_id;      // oauth2
  std::string client_secret;  // oauth2
  std::vector<std::string> wanted;  // scopes the checked features need: only these are probed
  std::vector<Probe> manifest_probes;
  bool probes_enabled = true;        // --no-probe turns them off
  bool allow_write_probes = false;   // --allow-write-probes or allow_write_probes: true
  bool fetch_catalog = false;        // ask for the provider's scope catalog too
  // oauth2, expanded; "" means base_url. The authorization server's endpoint,
  // which RFC 7662 section 2.1 sends the token to, on whatever origin.
  std::string introspection_url;
  std::string resource;  // resource:, expanded (github "owner/name", gcp "projects/ID"); "" when not configured
  const util::FileSystem* files = nullptr;  // github's workflow_token reads the workflow file
  util::TimePoint now{};  // the run's clock, when asked: a request signed with a date (AWS SigV4)
  // The provider's own TLS identity (a kubeconfig's CA and client
  // certificate), attached to every request it sends; null: the run's trust.
  std::shared_ptr<const net::TlsIdentity> tls;
  // When the credential expires, where its source said so (an exec plugin's
  // ExecCredential): the provider's answer may not.
  std::optional<util::TimePoint> credential_expires_at;
  // The run's redactor, for a credential the provider's answer hands out
  // (Docker Hub's login JWT): registered before anything can print it. Null in
  // a run that prints nothing of the answer.
  util::Redactor* redactor = nullptr;
};

// Where and how a preset connects, when its own configuration says so
// (Kubernetes: a kubeconfig, or a pod's service account files).
struct Connection {
  std::string base_url;              // "" = the manifest's base_url, else the preset's default
  std::string base_url_source;       // where base_url was written, for messages ("the server of kubeconfig F, ...")
  std::optional<std::string> token;  // a bearer token found there; nullopt = read as the manifest says
  bool needs_token = true;           // false: a client certificate authenticates, no token is read
  std::string token_source;          // where the token came from, for a rejection ("kubeconfig F, context C")
  // What to do when the credential is rejected or expired, when that is not
  // "replace the token in SOURCE" (an exec plugin's: log in again).
  std::string renewal;
  std::shared_ptr<const net::TlsIdentity> tls;
  std::string resource;  // the default resource when the manifest names none (the context's namespace)
  std::optional<util::TimePoint> expires_at;
};

// What a connection reader may use: the manifest, the environment, files,
// programs (an exec credential plugin, given --timeout), and the redactor,
// with which it registers every secret it reads before returning.
struct ConnectionInputs {
  const manifest::ProviderSpec& spec;
  const util::Environment& environment;
  const util::FileSystem& files;
  util::ProcessRunner* processes;  // null: this run may not start programs
  util::Redactor& redactor;
  std::chrono::milliseconds timeout;
};

// Read before anything is sent, for a live check only: the preset's own
// connection; nullopt with `error` empty when the manifest says it all, or
// with the reason in `error` when the configuration cannot be used (exit 2).
using ConnectionReader = std::optional<Connection> (*)(const ConnectionInputs& inputs, std::string* error);

// The largest certificate, key or token file a connection reader reads.
inline constexpr std::size_t kMaxCredentialFileBytes = 1 << 20;
// A PEM or token file a connection names (`what`: "VAULT_CACERT"); nullopt
// with "cannot read WHAT PATH: why" in `error`.
std::optional<std::string> read_credential_file(const util::FileSystem& files, const std::string& path,
                                                std::string_view what, std::string* error);

// The origin ("scheme://host:port") that alone may receive the token: that of
// base_url, else of a generic provider's request url, else of the first
// absolute probe url; nullopt when there is none.
std::optional<std::string> credential_origin(const LiveContext& context);

// Probes go out concurrently, but no more than this many at once per
// provider: GitHub's secondary rate limit starts at 100 concurrent requests,
// and most servers allow a client far fewer connections than that.
inline constexpr std::size_t kMaxConcurrentRequests = 16;

class Provider {
 public:
  virtual ~Provider() = default;
  // Reads the answer to the preset's introspection request, live or saved.
  virtual TokenFacts interpret(const net::HttpResponse& response) const = 0;
  // The secrets an answer carries (Docker Hub's login JWT), which the engine
  // registers with the redactor before anything prints; none by default.
  virtual std::vector<std::string> answer_secrets(const net::HttpResponse& response) const;

  // The live check. By default: the introspection request, then the probes
  // for wanted scopes the answer could not settle, then the catalog if asked.
  virtual boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const;

 protected:
  // The one request that describes the token; nullopt (with `error`) if it cannot be built.
  virtual std::optional<net::HttpRequest> introspection_request(const LiveContext& context,
                                                                std::string* error) const;
  // Attaches the token the way this provider expects (default: Authorization: Bearer).
  virtual void authorize(const LiveContext& context, net::HttpRequest& request) const;
  // The safe probes the preset brings (Socket's).
  virtual std::vector<Probe> preset_probes(const LiveContext& context) const;
  // The second evidence mechanism, "ask for the set" (deploy-gates.md): the
  // requests that ask whether the caller holds context.wanted (Vault's
  // capabilities-self), sent together with the introspection request; empty
  // when the preset cannot ask; `error` set when one cannot be built.
  virtual std::vector<net::HttpRequest> set_questions(const LiveContext& context, std::string* error) const;
  // Reads their outcomes, in the same order, into `facts` (introspection
  // accepted the token): each wanted scope granted, proven_missing,
  // explicitly_denied or unanswered; `facts` rejected or failed ends the check.
  virtual void read_set_answers(const LiveContext& context, const std::vector<net::HttpOutcome>& outcomes,
                                TokenFacts& facts) const;
  // The provider's scope catalog, where it has one (Sonar).
  virtual boost::asio::awaitable<std::optional<std::vector<std::pair<std::string, std::string>>>> catalog(
      LiveContext& context) const;

  // Helpers for the flows above, shared by every preset.
  boost::asio::awaitable<net::HttpOutcome> send(LiveContext& context, net::HttpRequest request) const;
  boost::asio::awaitable<void> run_probes(LiveContext& context, TokenFacts& facts) const;
  // Sends `requests` concurrently, at most kMaxConcurrentRequests at a time
  // (each on its own kept-alive connection); the outcomes in request order.
  boost::asio::awaitable<std::vector<net::HttpOutcome>> send_all(LiveContext& context,
                                                                 std::vector<net::HttpRequest> requests) const;
  // The probe's request with the token attached; nullopt with a note in
  // `facts` when it may not be sent (--no-probe, a write not allowed), or
  // with `facts` failed when its address is refused.
  std::optional<net::HttpRequest> probe_request(LiveContext& context, const Probe& probe, TokenFacts& facts) const;
  // What one probe's answer says, into `facts`; false when it ends the check
  // (the token was rejected, a write probe succeeded).
  bool apply_probe_answer(const Probe& probe, const net::HttpOutcome& outcome, TokenFacts& facts) const;
  // A request carrying the token (authorize()): only to the credential origin,
  // never with the token in its URL; nullopt (with `error`) otherwise.
  std::optional<net::HttpRequest> make_request(const LiveContext& context, std::string method, const std::string& url,
                                               std::string* error) const;
  // The same without credentials, for a request that authenticates otherwise
  // (oauth2's introspection, as a client); the token is still never in its URL.
  std::optional<net::HttpRequest> build_request(const LiveContext& context, std::string method, const std::string& url,
                                                std::string* error) const;
  // Why the token may not go to `url`; "" when it may.
  std::string credential_refusal(const LiveContext& context, const net::Url& url) const;
};

// A preset's own manifest rules for one provider (oauth2 needs
// introspection_url, ...), said into `diagnostics` at the manifest's lines.
using ManifestRules = void (*)(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics);
// A sentence naming the scope a provider's JSON error body asks for, in that
// provider's error shape; "" when the body is not of its shape.
using ErrorBodyHint = std::string (*)(const boost::json::value& body);
// The form in which a preset sends its client id and secret (oauth2: RFC
// 6749 section 2.3.1's Basic credential): a secret in its own right, which
// the engine registers with the redactor, since a server may echo it back.
using ClientCredential = std::string (*)(std::string_view client_id, std::string_view client_secret);

// What a preset's fix writer is given: the missing scopes (one name, or an
// any-group's names, each), the provider, and what its token turned out to be.
struct FixRequest {
  const std::vector<std::vector<std::string>>& scopes;
  // Every scope the checked features need of this provider (an any-group's
  // first name): a workflow's permissions: block must hold them all at once.
  const std::vector<std::string>& required;
  const manifest::ProviderSpec& spec;
  std::string_view base_url;    // expanded
  std::string_view token_page;  // expanded; "" when unknown
  const TokenFacts& facts;
};
// A preset whose advice depends on the kind of token (GitHub: a classic
// token's scopes, a fine-grained token's permissions, a workflow's
// permissions: block): the fix sentence; "" to use the row's fix_template.
using FixWriter = std::string (*)(const FixRequest& request);
// The missing scopes as a fix sentence names them: an any-group's names
// joined by " or ", the groups by ", " ("a, b or c").
std::string missing_in_prose(const FixRequest& request);
// Why a scope is not of the preset's shape (Vault's "CAPABILITY PATH"); ""
// when it is. Said as a manifest error at the scope's line.
using ScopeProblem = std::string (*)(std::string_view scope);

// What a requirement source may read to find its table: the provider (its
// own key naming the table), the manifest's path (a table beside it), files
// and the environment (where a package manager installs it).
struct RequirementInputs {
  const manifest::ProviderSpec& spec;
  std::string_view manifest_path;
  const util::FileSystem& files;
  const util::Environment& environment;
};
// A source's table, read and checked: each name with the scopes it needs,
// in the file's order, and the file it came from (for messages).
struct RequirementTable {
  std::string path;
  std::vector<std::pair<std::string, std::vector<std::string>>> entries;
};
// A table that turns names written in a feature's `requires:` into the
// preset's scopes (socket-cli's commands into Socket API scopes), so a
// manifest stays right when the tool that needs them changes.
struct RequirementSource {
  std::string_view key{};   // the key in `requires:` ("socket-cli")
  std::string_view noun{};  // what one name is, for messages ("socket-cli command")
  // The table for `inputs.spec`; nullopt with "where it looked and how to fix
  // it", or "which file and what is wrong", in `error`.
  std::optional<RequirementTable> (*load)(const RequirementInputs& inputs, std::string* error) = nullptr;
  // Said after a fix for scopes the source named (the page the tool itself sends people to).
  std::string_view fix_note{};
};

// Everything scopegate knows about a preset, as one row of the preset table.
// Each preset's file (providers/<name>.cpp) defines its row; registry.cpp lists them.
// Every field has a default, so a row names only the fields it sets (and
// -Wmissing-field-initializers stays quiet about the rest).
struct PresetInfo {
  std::string_view name{};
  std::string_view summary{};
  std::string_view default_base_url{};    // "" when every user has their own
  std::string_view default_token_env{};   // "" when the manifest must name one
  // Read when neither token_env nor token_file is given and there is no
  // default variable (a pod's service account token).
  std::string_view default_token_file{};
  std::string_view default_token_page{};  // may use {base} and {org}
  // How to fix a miss: {scopes}, {scopes_comma}, {key}, {claims} (where a
  // claim-based token carries scopes); a [bracketed part] is dropped when a
  // placeholder inside it is empty ({page}).
  std::string_view fix_template{};
  std::vector<std::string_view> own_keys{};  // manifest keys only this preset (and any other listing them) reads
  bool needs_base_url = false;
  bool uses_network = true;  // jwt reads the token itself
  bool has_catalog = false;  // the provider lists every scope it knows (Sonar)
  const scope::VocabularyData& (*vocabulary)() = &scope::open_vocabulary;
  scope::GrantRule grant_rule = nullptr;  // what the vocabulary's names alone cannot say
  std::unique_ptr<Provider> (*create)(const manifest::ProviderSpec& spec) = nullptr;
  bool reports_key_prefix = false;  // its answer names the key's prefix (require_key_prefix)
  // The body of `scopegate init --preset NAME` after the common header; it
  // must pass `scopegate lint` with no warning.
  std::string_view starter_manifest{};
  ManifestRules manifest_rules = nullptr;
  ErrorBodyHint error_body_hint = nullptr;
  ClientCredential client_credential = nullptr;  // presets that send client_id_env / client_secret_env
  FixWriter fix_writer = nullptr;
  ScopeProblem scope_problem = nullptr;  // presets whose scopes have a syntax of their own
  // Variables the preset reads beside the token that hold secrets too (AWS's
  // key id and session token): registered with the redactor before any output.
  std::vector<std::string_view> secret_variables{};
  ConnectionReader read_connection = nullptr;  // presets with a configuration file of their own (a kubeconfig)
  // Names a manifest may require instead of scopes (socket-cli's commands).
  const RequirementSource* requirement_source = nullptr;
};

const std::vector<PresetInfo>& preset_table();
const PresetInfo* find_preset(std::string_view name);
std::vector<std::string> preset_names();

// The preset's vocabulary extended by the manifest's own `implies` and `wildcards`.
scope::Vocabulary build_vocabulary(const PresetInfo& preset, const manifest::ProviderSpec& spec);

}  // namespace scopegate::providers
