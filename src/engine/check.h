#pragma once
// Orchestrates one check: which features run, which providers are asked, how
// (offline source, local token, or the network), then hands over to evaluate().
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/report.h"
#include "engine/verdict.h"
#include "manifest/diagnostics.h"
#include "manifest/loader.h"  // warn_unset_url_variables, for lint
#include "manifest/model.h"
#include "net/transport.h"
#include "util/clock.h"
#include "util/environment.h"
#include "util/file_system.h"
#include "util/redactor.h"

namespace scopegate::engine {

// --granted, --granted-file, --response-file: an answer given instead of asking.
struct OfflineSource {
  enum class Kind { kGranted, kGrantedFile, kResponseFile };
  Kind kind = Kind::kGranted;
  std::string value;  // the list, or the file's path
};

struct OfflineSources {
  std::map<std::string, OfflineSource> by_provider;  // NAME=...
  std::optional<OfflineSource> for_all;
  const OfflineSource* find(const std::string& provider) const;
};

// The side effects a check may use, each behind its interface.
struct System {
  const util::Environment& environment;
  util::FileSystem& file_system;
  const util::Clock& clock;
  util::Redactor& redactor;              // every token read is registered here before any output
  net::Transport* transport = nullptr;   // null: nothing may be asked over the network
};

// How providers are asked when no offline source stands in.
struct LiveSettings {
  bool probes = true;               // --no-probe turns them off
  bool allow_write_probes = false;  // --allow-write-probes (or per provider in the manifest)
  bool fetch_catalogs = false;      // always fetch catalogs (lint --catalog, catalog)
  bool offline_flags = true;        // the command takes --granted & co, so advice may name them
  // A required scope the fetched catalog lacks is a manifest error (check,
  // lint --catalog); `scopes`, which only reports the token, warns.
  bool catalog_misses_are_errors = true;
};

struct CheckRequest {
  std::vector<std::string> feature_names;  // empty: every feature
  OfflineSources offline;
  LiveSettings live;
  bool fail_on_excess = false;
  std::optional<std::chrono::seconds> min_ttl;
};

// Usage errors (exit 2: nothing was sent anywhere), warnings, and findings
// that point into the manifest (printed as FILE:LINE:COL).
struct Problems {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<manifest::Diagnostic> diagnostics;  // errors among them are usage errors too
  // Any error, with or without a position: exit 2, nothing was (or may be) sent.
  bool has_errors() const {
    if (!errors.empty()) return true;
    for (const manifest::Diagnostic& diagnostic : diagnostics)
      if (diagnostic.severity == manifest::Severity::kError) return true;
    return false;
  }
};

struct CheckOutcome {
  Problems problems;
  std::optional<Report> report;  // absent when problems.errors is not empty
};

CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system);

// What to ask: the providers, with the scopes their checked features need
// (probes are sent only for those), in manifest order.
using WantedScopes = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Every scope the manifest's features require of each provider.
WantedScopes all_wanted_scopes(const manifest::Manifest& manifest);

// Shared with `scopes`, `catalog` and `lint --catalog`: asks (or reads) each
// provider; live ones concurrently, on one io_context.
std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest, const WantedScopes& wanted,
                                                const OfflineSources& offline, const LiveSettings& live,
                                                System& system, std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems);

}  // namespace scopegate::engine
