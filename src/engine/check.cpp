#include "engine/check.h"

namespace scopegate::engine {

CheckOutcome run_check(const manifest::Manifest& manifest, const CheckRequest& request, System& system) {
  CheckOutcome outcome;
  const auto selected = select_features(manifest, request.feature_names, system.environment, &outcome.problems);
  // Providers are asked only for features that will be checked, and probed
  // only for the scopes those features need.
  const WantedScopes wanted = wanted_scopes(manifest, selected, request.offline);
  if (outcome.problems.has_errors()) return outcome;
  std::map<std::string, ResolvedProvider> resolved;
  const auto evidence =
      gather_evidence(manifest, wanted, request.offline, request.live, system, &resolved, &outcome.problems);
  if (outcome.problems.has_errors()) return outcome;
  EvaluateOptions options;
  options.fail_on_excess = request.fail_on_excess;
  options.min_ttl = request.min_ttl;
  options.now = system.clock.now();
  outcome.report = evaluate(manifest, selected, resolved, evidence, options);
  return outcome;
}

}  // namespace scopegate::engine
