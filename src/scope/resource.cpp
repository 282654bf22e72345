// "PERMISSION on RESOURCE", read apart and grouped.
#include "scope/resource.h"

#include <algorithm>

namespace scopegate::scope {

namespace {
constexpr std::string_view kOn = " on ";
}  // namespace

ResourceScope split_resource_scope(std::string_view scope, std::string_view default_resource) {
  const std::size_t on = scope.find(kOn);
  if (on == std::string_view::npos) return {std::string(scope), std::string(default_resource)};
  return {std::string(scope.substr(0, on)), std::string(scope.substr(on + kOn.size()))};
}

std::vector<ResourceGroup> group_by_resource(const std::vector<std::string>& scopes, std::string_view default_resource,
                                             std::size_t per_group) {
  std::vector<ResourceGroup> groups;
  for (const std::string& scope : scopes) {
    ResourceScope parts = split_resource_scope(scope, default_resource);
    auto open = std::find_if(groups.begin(), groups.end(), [&](const ResourceGroup& group) {
      return group.resource == parts.resource && group.scopes.size() < per_group;
    });
    if (open == groups.end()) open = groups.insert(groups.end(), ResourceGroup{std::move(parts.resource), {}, {}});
    open->scopes.push_back(scope);
    open->permissions.push_back(std::move(parts.permission));
  }
  return groups;
}

}  // namespace scopegate::scope
