#include "engine/evidence.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <unordered_set>

#include "engine/credentials.h"
#include "net/tls_trust.h"
#include "util/edit_distance.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::engine {

namespace asio = boost::asio;

namespace {
// The transport of a run that allows no network, for presets that send nothing.
class NoNetwork final : public net::Transport {
 public:
  asio::awaitable<net::HttpOutcome> send(net::HttpRequest) override {
    net::HttpOutcome outcome;
    outcome.error = "this run does not allow network requests";
    co_return outcome;
  }
};

// Everything one live provider needs; the providers run concurrently.
struct LiveJob {
  std::string name;
  std::unique_ptr<providers::Provider> provider;
  std::unique_ptr<providers::LiveContext> context;
  providers::TokenFacts facts;
  bool settled = false;  // decided without asking (a credential expired before it was sent)
};

void run_live_jobs(std::vector<LiveJob>& jobs, net::Transport* transport) {
  if (jobs.empty()) return;
  asio::io_context io;
  for (LiveJob& job : jobs) {
    if (job.settled) continue;
    asio::co_spawn(
        io, [&job]() -> asio::awaitable<void> { job.facts = co_await job.provider->ask(*job.context); },
        [&job](std::exception_ptr failure) {
          if (!failure) return;
          try {
            std::rethrow_exception(failure);
          } catch (const std::exception& error) {
            job.facts = providers::TokenFacts::failed(std::string("internal error while asking: ") + error.what());
          }
        });
  }
  io.run();
  if (transport) transport->close_idle();  // while `io` still exists
}

bool any_unknown_to(const scope::Vocabulary& vocabulary, const std::vector<std::string>& scopes) {
  return vocabulary.has_known_names() &&
         std::any_of(scopes.begin(), scopes.end(), [&](const std::string& s) { return !vocabulary.is_known(s); });
}

// A fetched catalog replaces the built-in names: labels come from it, and
// manifest scopes it does not know are reported at their line.
// Only the scopes this run asks about (`wanted`: the checked features') are
// held against it; lint asks about every feature.
void apply_catalog(const manifest::Manifest& manifest, const std::string& provider_name,
                   const std::vector<std::pair<std::string, std::string>>& catalog,
                   const std::vector<std::string>& wanted, manifest::Severity severity, ResolvedProvider* resolved,
                   Problems* problems) {
  const std::unordered_set<std::string_view> asked(wanted.begin(), wanted.end());
  // A server's names and labels, made one line each where they enter.
  std::vector<std::pair<std::string, std::string>> known = catalog;
  for (auto& [name, label] : known) {
    util::neutralize_in_place(name);
    util::neutralize_in_place(label);
  }
  resolved->vocabulary.set_catalog(std::move(known));
  for (const manifest::FeatureSpec& feature : manifest.features) {
    if (feature.provider.value != provider_name) continue;
    for (const auto* list : {&feature.requires_.all, &feature.requires_.any}) {
      for (const manifest::ScopeRef& ref : *list) {
        if (resolved->vocabulary.is_known(ref.scope) || !asked.count(ref.scope)) continue;
        problems->diagnostics.push_back(
            {severity, ref.where,
             scope::unknown_scope_message(resolved->vocabulary, ref.scope, provider_name) +
                 " (the provider's live catalog lists every scope)"});
      }
    }
  }
}

void refuse_unknown_offline_providers(const manifest::Manifest& manifest, const OfflineSources& offline,
                                      Problems* problems) {
  std::vector<std::string> known;
  for (const manifest::ProviderSpec& spec : manifest.providers) known.push_back(spec.name);
  for (const auto& [name, source] : offline.by_provider) {
    if (!manifest.find_provider(name))
      problems->errors.push_back("an offline source names provider " + util::quoted(name) +
                                 ", which the manifest does not define" + util::did_you_mean(name, known));
  }
}

Evidence offline_evidence(const ResolvedProvider& provider, const OfflineSource& source, System& system,
                          Problems* problems) {
  Evidence said;
  said.facts = read_offline(provider, source, system, problems);
  // A saved answer that cannot be read is the call's mistake, not the
  // provider's: nothing was asked, and a retry would not help (exit 2).
  if (said.facts.outcome == providers::TokenFacts::Outcome::kError)
    problems->errors.push_back(describe_source(source) + ": " + said.facts.error + " (nothing was asked)");
  said.source = describe_source(source);
  said.offline = true;
  return said;
}

// The preset's own connection (a kubeconfig, a pod's service account), for
// a live check; an error in `problems` when its configuration cannot be used.
std::optional<providers::Connection> read_connection(const manifest::ProviderSpec& spec, System& system,
                                                     Problems* problems, bool* unusable) {
  const providers::PresetInfo* preset = providers::find_preset(spec.preset.value);
  if (!preset || !preset->read_connection || !system.transport) return std::nullopt;
  std::string error;
  auto connection = preset->read_connection({spec, system.environment, system.file_system, system.processes,
                                             system.redactor, system.timeout},
                                            &error);
  if (connection && connection->tls) error = net::identity_problem(*connection->tls);
  *unusable = !error.empty();
  if (*unusable) problems->errors.push_back("provider " + util::quoted(spec.name) + ": " + error);
  return connection;
}

// Reads every credential `provider` needs and, when all is well, the job that
// will ask it; nullopt (with the reasons in `problems`) when it cannot be asked.
std::optional<LiveJob> prepare_live_job(const std::string& name, const std::vector<std::string>& scopes,
                                        ResolvedProvider& provider, const LiveSettings& live, System& system,
                                        Problems* problems) {
  const manifest::ProviderSpec& spec = *provider.spec;
  auto token = read_token(provider, live.offline_flags, system, problems);
  provider.token_source = spec.token_file ? "the token file " + spec.token_file->value : token_variable(provider);
  // The credential the preset's own configuration found: a token, or a client certificate alone.
  const bool found_token = provider.connection && (provider.connection->token || !provider.connection->needs_token) &&
                           !spec.token_env && !spec.token_file;
  if (found_token) provider.token_source = provider.connection->token_source;
  auto [client_id, client_secret] = read_client_credentials(provider, system, problems);
  register_request_variables(spec, system);
  // A preset that reads the token itself (jwt) needs no network.
  static NoNetwork no_network;
  net::Transport* transport =
      system.transport ? system.transport : provider.preset->uses_network ? nullptr : &no_network;
  if (!transport) {
    problems->errors.push_back("provider " + util::quoted(name) +
                               " would be asked over the network, which this run does not allow");
    return std::nullopt;
  }
  if (!token) return std::nullopt;
  std::vector<providers::Probe> probes = resolve_probes(spec, true, system.environment, problems);
  refuse_token_in_urls(provider, probes, *token, problems);
  auto context = std::make_unique<providers::LiveContext>(providers::LiveContext{
      spec, *transport, system.environment, provider.base_url, provider.org, *token, client_id, client_secret,
      scopes, std::move(probes), live.probes, live.allow_write_probes || spec.allow_write_probes,
      live.fetch_catalogs || any_unknown_to(provider.vocabulary, scopes), provider.introspection_url,
      provider.resource, &system.file_system, system.clock.now(),
      provider.connection ? provider.connection->tls : nullptr,
      provider.connection ? provider.connection->expires_at : std::nullopt, &system.redactor});
  LiveJob job{name, provider.preset->create(spec), std::move(context), {}};
  // A credential its source says has expired (an exec plugin's stale cache) is not sent at all.
  if (const auto& expiry = job.context->credential_expires_at; expiry && *expiry <= job.context->now) {
    job.facts = providers::TokenFacts::rejected("the credential from " + provider.token_source + " expired at " +
                                                util::format_timestamp(*expiry) + ", so it was not sent");
    job.facts.expires_at = expiry;
    job.facts.expiry_known = true;
    job.settled = true;
  }
  return job;
}

// What one asked provider said, as evidence; a fetched catalog is applied first.
Evidence live_evidence(const manifest::Manifest& manifest, LiveJob& job, const LiveSettings& live,
                       ResolvedProvider& provider, Problems* problems) {
  // A token its own preset cannot read (an opaque token given to jwt) is
  // configuration, not an unreachable provider: exit 2.
  if (job.facts.misconfigured)
    problems->errors.push_back("provider " + util::quoted(job.name) + ": " + job.facts.error);
  else if (!provider.preset->uses_network && job.facts.outcome == providers::TokenFacts::Outcome::kError)
    problems->errors.push_back("the token in " + provider.token_source + " does not fit preset " +
                               util::quoted(provider.spec->preset.value) + " of provider " + util::quoted(job.name) +
                               ": " + job.facts.error);
  if (job.facts.catalog)
    apply_catalog(manifest, job.name, *job.facts.catalog, job.context->wanted,
                  live.catalog_misses_are_errors ? manifest::Severity::kError : manifest::Severity::kWarning,
                  &provider, problems);
  // The credential's own expiry (an exec plugin's), where the provider's answer has none.
  if (job.context->credential_expires_at && !job.facts.expires_at) {
    job.facts.expires_at = job.context->credential_expires_at;
    job.facts.expiry_known = true;
  }
  Evidence said;
  said.facts = std::move(job.facts);
  said.source = provider.preset->uses_network ? "live" : "token claims";
  said.offline = !provider.preset->uses_network;
  return said;
}
}  // namespace

std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest, const WantedScopes& wanted,
                                                const OfflineSources& offline, const LiveSettings& live,
                                                System& system, std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems) {
  refuse_unknown_offline_providers(manifest, offline, problems);
  // First everything that can fail without a request: tokens, variables, files.
  std::vector<LiveJob> jobs;
  std::map<std::string, Evidence> evidence;
  for (const auto& [name, scopes] : wanted) {
    const manifest::ProviderSpec& spec = *manifest.find_provider(name);
    const OfflineSource* source = offline.find(name);
    bool unusable = false;  // the preset's own configuration failed: that error alone is said
    auto connection = source ? std::nullopt : read_connection(spec, system, problems, &unusable);
    ResolvedProvider provider =
        resolve_provider(spec, source == nullptr && !unusable, system.environment, problems, std::move(connection));
    if (source) {
      evidence.emplace(name, offline_evidence(provider, *source, system, problems));
    } else if (unusable) {
      // nothing more to read: the reason is already in `problems`
    } else if (auto job = prepare_live_job(name, scopes, provider, live, system, problems)) {
      jobs.push_back(std::move(*job));
    }
    resolved->emplace(name, std::move(provider));
  }
  if (problems->has_errors()) return {};
  run_live_jobs(jobs, system.transport);  // nothing was sent before this line
  for (LiveJob& job : jobs)
    evidence.emplace(job.name, live_evidence(manifest, job, live, resolved->at(job.name), problems));
  return evidence;
}

}  // namespace scopegate::engine
