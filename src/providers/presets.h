#pragma once
// Each preset's row of the preset table, defined in its own file
// (providers/<name>.cpp) and listed in registry.cpp.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "providers/provider.h"

namespace scopegate::providers {

const PresetInfo& sonar_preset();
const PresetInfo& socket_preset();
const PresetInfo& github_preset();
const PresetInfo& gitlab_preset();
const PresetInfo& slack_preset();
const PresetInfo& oauth2_preset();
const PresetInfo& jwt_preset();
const PresetInfo& generic_preset();
const PresetInfo& vault_preset();
const PresetInfo& gcp_preset();
const PresetInfo& aws_preset();
const PresetInfo& kubernetes_preset();
const PresetInfo& sentry_preset();
const PresetInfo& shopify_preset();
const PresetInfo& sendgrid_preset();
const PresetInfo& fastly_preset();
const PresetInfo& huggingface_preset();
const PresetInfo& bitbucket_preset();
const PresetInfo& cloudflare_preset();
const PresetInfo& pypi_preset();
const PresetInfo& dockerhub_preset();

// Sonar's /scopes-allowed/all answer as (value, "Documents / Signed / Read") pairs.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_sonar_catalog(std::string_view body);

}  // namespace scopegate::providers
