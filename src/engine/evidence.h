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
  std::string source = "live";
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

// Shared with `scopes`, `catalog` and `lint --catalog`: asks (or reads) each
// provider; live ones concurrently, on one io_context.
std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest, const WantedScopes& wanted,
                                                const OfflineSources& offline, const LiveSettings& live,
                                                System& system, std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems);

}  // namespace scopegate::engine
