// scopegate lint: every manifest problem, at its line; exit 2 on any error.
#include "cli/app.h"
#include "providers/provider.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
// --catalog: ask providers that publish their scope catalog, and hold every
// manifest scope against it. A name the catalog lacks is an error here.
std::size_t check_against_catalogs(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest) {
  engine::WantedScopes wanted;
  for (auto& [name, scopes] : engine::all_wanted_scopes(manifest))
    if (providers::find_preset(manifest.find_provider(name)->preset.value)->has_catalog)
      wanted.emplace_back(name, std::move(scopes));
  if (wanted.empty()) {
    context.warning("no provider in " + manifest.path + " publishes a scope catalog; nothing to compare");
    return 0;
  }
  CatalogFetch fetch;
  if (!fetch_catalogs(context, args, manifest, wanted, &fetch)) return 1;
  for (manifest::Diagnostic& diagnostic : fetch.problems.diagnostics) diagnostic.severity = manifest::Severity::kError;
  print_problems(context, manifest, fetch.problems);
  std::size_t errors = fetch.problems.errors.size() + fetch.problems.diagnostics.size();
  for (const auto& [name, said] : fetch.evidence) {
    if (said.facts.catalog) continue;
    context.error("could not fetch the scope catalog of provider " + util::quoted(name) + ": " +
                  (said.facts.error.empty() ? std::string("no catalog in the answer") : said.facts.error));
    ++errors;
  }
  return errors;
}
}  // namespace

int run_lint(Context& context, const ParsedArgs& args) {
  std::string path;
  if (!find_manifest_path(context, args, &path)) return kExitUsage;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  if (!load_and_report(context, path, &manifest, &diagnostics)) return kExitUsage;
  // ${VAR}s in URLs that are not set here are warnings: CI may well set them.
  manifest::Diagnostics unset;
  manifest::warn_unset_url_variables(manifest, context.environment, &unset);
  for (const manifest::Diagnostic& diagnostic : unset.items())
    context.eprint(manifest::format_diagnostic(path, diagnostic, manifest.source));
  if (args.has("catalog") && check_against_catalogs(context, args, manifest) > 0) return kExitUsage;
  const std::size_t warnings = diagnostics.items().size() + unset.items().size();
  context.print(path + ": ok (" + util::plural(manifest.providers.size(), "provider", "providers") + ", " +
                util::plural(manifest.features.size(), "feature", "features") +
                (warnings ? ", " + util::plural(warnings, "warning", "warnings") : "") + ")\n");
  return kExitOk;
}

}  // namespace scopegate::cli
