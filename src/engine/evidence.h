#pragma once
// What each provider says of its token: asked live (concurrently), read from
// the token itself, or given offline.
#include <map>
#include <string>

#include "engine/features.h"
#include "engine/offline.h"
#include "engine/problems.h"
#include "engine/resolver.h"
#include "engine/system.h"
#include "manifest/model.h"
#include "providers/provider.h"

namespace scopegate::engine {

// What we learned about one provider's token, and from where.
struct Evidence {
  providers::TokenFacts facts;
  std::string source = "live";  // "live", "token claims", or the offline flag and file
  // Nothing was asked over the network: an offline source, or a token read
  // locally (jwt). Such a provider's row says "offline", not "ok".
  bool offline = false;
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

// What each provider of `wanted` says of its token, by provider name: read
// from its offline source, or asked live (concurrently, on one io_context).
// Every provider of `wanted` gets its entry in `resolved`. Anything that
// stops the run (a missing token, an unusable address, an unreadable
// source) goes to `problems`, and then the result is empty and nothing was
// sent. Used by check, scopes, catalog and lint --catalog.
std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest, const WantedScopes& wanted,
                                                const OfflineSources& offline, const LiveSettings& live,
                                                System& system, std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems);

}  // namespace scopegate::engine
