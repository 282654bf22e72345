#pragma once
// A report with one of everything, for the reporter tests.
#include "engine/report.h"
#include "util/time.h"

namespace scopegate::testing {

// Findings for a FeatureResult built by hand: each scope at its location in
// `at` (0:0 past its end); link_missing points them at their entries.
inline std::vector<engine::ScopeFinding> findings(const std::vector<std::string>& scopes,
                                                  const std::vector<manifest::Location>& at = {}) {
  std::vector<engine::ScopeFinding> out;
  for (std::size_t i = 0; i < scopes.size(); ++i)
    out.push_back({scopes[i], i < at.size() ? at[i] : manifest::Location{}, std::nullopt});
  return out;
}

// Points every missing finding at the entry of Report::missing with its
// provider and scope, as the engine does when it makes them.
inline void link_missing(engine::Report& report) {
  for (engine::FeatureResult& feature : report.features)
    for (engine::ScopeFinding& finding : feature.missing)
      for (std::size_t i = 0; i < report.missing.size(); ++i)
        if (report.missing[i].provider == feature.provider && report.missing[i].scope == finding.scope)
          finding.missing_entry = i;
}

inline engine::Report sample_report() {
  engine::Report report;
  report.manifest_path = "scopegate.yaml";
  engine::ProviderResult sonar;
  sonar.name = "sonar";
  sonar.preset = "sonar";
  sonar.status = engine::ProviderStatus::kOffline;
  sonar.source = "--response-file answer.json";
  sonar.key_name = "CI key";
  sonar.key_prefix = "sk_live";
  sonar.expiry_known = true;
  sonar.expires_at = util::parse_timestamp("2027-01-31T00:00:00Z");
  sonar.scopes_listed = true;
  sonar.granted = {"documents:signed:read", "documents:uploaded:delete"};
  sonar.excess = {"documents:uploaded:delete"};
  sonar.missing = {"documents:signed:export"};
  sonar.token_page = "https://session.sonar.de/acme/settings/api-keys";
  sonar.fix = "add documents:signed:export to key 'CI key' (sk_live...) at https://session.sonar.de/acme/settings/api-keys";
  sonar.blocking = true;
  report.providers.push_back(sonar);

  engine::FeatureResult read;
  read.name = "read-signed";
  read.provider = "sonar";
  read.description = "Read signed documents";
  read.required = {"documents:signed:read"};
  read.where = {10, 3};
  report.features.push_back(read);

  engine::FeatureResult exp;
  exp.name = "export";
  exp.provider = "sonar";
  exp.status = engine::FeatureStatus::kMissing;
  exp.required = {"documents:signed:export"};
  exp.missing = testing::findings({"documents:signed:export"}, {{14, 16}});
  exp.hint = "Ask an organisation admin.";
  exp.fix = sonar.fix;
  exp.where = {13, 3};
  report.features.push_back(exp);

  engine::FeatureResult nightly;
  nightly.name = "nightly";
  nightly.provider = "sonar";
  nightly.status = engine::FeatureStatus::kSkipped;
  nightly.optional = true;
  nightly.required = {"documents:uploaded:delete"};
  nightly.reason = "NIGHTLY is not set";
  nightly.where = {17, 3};
  report.features.push_back(nightly);

  engine::MissingScope missing;
  missing.provider = "sonar";
  missing.scope = "documents:signed:export";
  missing.label = "Documents / Signed / Export";
  missing.features = {"export"};
  missing.where = {14, 16};
  missing.optional = false;
  missing.fix = sonar.fix;  // one scope: the scope's fix is the provider's
  report.missing.push_back(missing);
  report.exit_code = 1;
  // A fixed moment, a month before the key expires: "in 31 days" on any day the tests run.
  report.checked_at = *util::parse_timestamp("2026-12-31T00:00:00Z");
  link_missing(report);
  return report;
}

// The sample run again with export granted and NIGHTLY set: only the
// optional feature misses a scope, so the run passes (exit 0).
inline engine::Report optional_miss_report() {
  engine::Report report = sample_report();
  engine::ProviderResult& sonar = report.providers[0];
  sonar.granted = {"documents:signed:read", "documents:signed:export"};
  sonar.excess.clear();
  sonar.missing.clear();
  sonar.fix.clear();
  engine::FeatureResult& exp = report.features[1];
  exp.status = engine::FeatureStatus::kOk;
  exp.missing.clear();
  exp.fix.clear();
  engine::FeatureResult& nightly = report.features[2];
  nightly.status = engine::FeatureStatus::kMissing;
  nightly.reason.clear();
  nightly.missing = testing::findings({"documents:uploaded:delete"}, {{18, 16}});
  nightly.fix = "add documents:uploaded:delete to key 'CI key' (sk_live...) at "
                "https://session.sonar.de/acme/settings/api-keys";
  report.missing[0].scope = "documents:uploaded:delete";
  report.missing[0].label = "Documents / Uploaded / Delete";
  report.missing[0].features = {"nightly"};
  report.missing[0].where = {18, 16};
  report.missing[0].optional = true;
  report.missing[0].fix = nightly.fix;
  report.exit_code = 0;
  link_missing(report);
  return report;
}

}  // namespace scopegate::testing
