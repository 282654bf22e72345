// scopegate lint: every manifest problem, at its line; exit 2 on any error.
#include "cli/app.h"
#include "manifest/loader.h"
#include "providers/provider.h"
#include "util/strings.h"

namespace scopegate::cli {

namespace {
// --catalog: ask providers that publish their scope catalog, and hold every
// manifest scope against it (apply_catalog: a name the catalog lacks is an
// error). Returns the number of errors; `findings` gets those at manifest lines.
std::size_t check_against_catalogs(Context& context, const ParsedArgs& args, const manifest::Manifest& manifest,
                                   std::vector<manifest::Diagnostic>* findings) {
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
  *findings = fetch.problems.diagnostics;
  std::size_t errors = fetch.problems.errors.size() + fetch.problems.diagnostics.size();
  for (const auto& [name, said] : fetch.evidence) {
    if (said.facts.catalog) continue;
    fetch.problems.errors.push_back("could not fetch the scope catalog of provider " + util::quoted(name) + ": " +
                                    (said.facts.error.empty() ? std::string("no catalog in the answer") : said.facts.error));
    ++errors;
  }
  print_problems(context, manifest, fetch.problems);
  return errors;
}
}  // namespace

int run_lint(Context& context, const ParsedArgs& args) {
  std::string path;
  if (!find_manifest_path(context, args, &path)) return kExitUsage;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  // Warnings are held: --catalog may replace one with an error at its place.
  if (!load_and_report(context, path, &manifest, &diagnostics, /*hold_warnings=*/true)) return kExitUsage;
  std::vector<manifest::Diagnostic> catalog_findings;
  const std::size_t catalog_errors =
      args.has("catalog") ? check_against_catalogs(context, args, manifest, &catalog_findings) : 0;
  print_held_warnings(context, manifest, diagnostics, catalog_findings);
  // ${VAR}s in URLs that are not set here are warnings: CI may well set them.
  manifest::Diagnostics unset;
  manifest::warn_unset_url_variables(manifest, context.environment, &unset);
  for (const manifest::Diagnostic& diagnostic : unset.items())
    context.eprint(manifest::format_diagnostic(path, diagnostic, manifest.source));
  if (catalog_errors > 0) return kExitUsage;
  const std::size_t warnings = diagnostics.items().size() + unset.items().size();
  context.print(path + ": ok (" + util::plural(manifest.providers.size(), "provider", "providers") + ", " +
                util::plural(manifest.features.size(), "feature", "features") +
                (warnings ? ", " + util::plural(warnings, "warning", "warnings") : "") + ")\n");
  return kExitOk;
}

}  // namespace scopegate::cli
