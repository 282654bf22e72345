// scopegate lint: every manifest problem, at its line; exit 2 on any error.
#include "cli/app.h"
#include "util/strings.h"

namespace scopegate::cli {

int run_lint(Context& context, const ParsedArgs& args) {
  std::string path;
  if (!find_manifest_path(context, args, &path)) return kExitUsage;
  manifest::Manifest manifest;
  manifest::Diagnostics diagnostics;
  if (!load_and_report(context, path, &manifest, &diagnostics)) return kExitUsage;
  const std::size_t warnings = diagnostics.items().size();
  context.print(path + ": ok (" + util::plural(manifest.providers.size(), "provider", "providers") + ", " +
                util::plural(manifest.features.size(), "feature", "features") +
                (warnings ? ", " + util::plural(warnings, "warning", "warnings") : "") + ")\n");
  return kExitOk;
}

}  // namespace scopegate::cli
