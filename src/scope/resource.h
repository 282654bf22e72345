#pragma once
// The contract's scopes on a resource, "PERMISSION on RESOURCE"
// (contract.md, "Scopes on a resource"): read apart, and grouped by resource
// for providers that ask per resource (GCP's testIamPermissions, AWS's
// policy simulation). No provider's words: only the " on " syntax.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>


namespace scopegate::scope {

// "s3:PutObject on arn:aws:s3:::b/*" -> {"s3:PutObject", "arn:aws:s3:::b/*"};
// without " on ", the scope itself on `default_resource`.
struct ResourceScope {
  std::string permission;
  std::string resource;
};
ResourceScope split_resource_scope(std::string_view scope, std::string_view default_resource);

// `scopes` grouped by their resource, in the order first seen, at most
// `per_group` to a group (an API's batch limit; a full group starts another).
// `scopes` keeps each scope as written, `permissions` the same without " on ...".
struct ResourceGroup {
  std::string resource;
  std::vector<std::string> scopes;
  std::vector<std::string> permissions;
};
std::vector<ResourceGroup> group_by_resource(const std::vector<std::string>& scopes, std::string_view default_resource,
                                             std::size_t per_group = std::numeric_limits<std::size_t>::max());

}  // namespace scopegate::scope
