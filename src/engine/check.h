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
#include "manifest/model.h"
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
  util::Redactor& redactor;  // every token read is registered here before any output
};

struct CheckRequest {
  std::vector<std::string> feature_names;  // empty: every feature
  OfflineSources offline;
  bool fail_on_excess = false;
  std::optional<std::chrono::seconds> min_ttl;
};

// A usage error (exit 2): nothing was sent anywhere.
struct Problems {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

struct CheckOutcome {
  Problems problems;
  std::optional<Report> report;  // absent when problems.errors is not empty
};

CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system);

// Shared with `scopegate scopes`: asks (or reads) each named provider.
std::map<std::string, Evidence> gather_evidence(const manifest::Manifest& manifest,
                                                const std::vector<std::string>& provider_names,
                                                const OfflineSources& offline, System& system,
                                                std::map<std::string, ResolvedProvider>* resolved,
                                                Problems* problems);

}  // namespace scopegate::engine
