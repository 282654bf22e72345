#pragma once
// Factories for each preset, referenced by the explicit table in registry.cpp.
#include <memory>

#include "providers/provider.h"

namespace scopegate::providers {

std::unique_ptr<Provider> create_sonar(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_socket(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_github(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_gitlab(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_slack(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_oauth2(const manifest::ProviderSpec& spec);
// RFC 6749 section 2.3.1: the Basic credential an introspection request
// carries; a secret in its own right, so the redactor is told of it.
std::string oauth2_client_credentials(std::string_view client_id, std::string_view client_secret);
std::unique_ptr<Provider> create_jwt(const manifest::ProviderSpec& spec);
std::unique_ptr<Provider> create_generic(const manifest::ProviderSpec& spec);

// Sonar's /scopes-allowed/all answer as (value, "Documents / Signed / Read") pairs.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_sonar_catalog(std::string_view body);

}  // namespace scopegate::providers
