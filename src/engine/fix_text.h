#pragma once
// The fix line of a report: a preset's template filled with the missing scopes,
// the key and the token page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/model.h"

namespace scopegate::engine {

// Fills a preset's fix template: {scopes}, {scopes_comma}, {key}, {page},
// {claims} (providers::claims_for_fix); a [bracketed part] disappears when a
// placeholder inside it is empty.
std::string render_fix(std::string_view fix_template, const std::vector<std::string>& scopes,
                       const std::string& key_description, const std::string& page,
                       const std::string& claims = {});

// "key 'CI key' (sk_live...)", "key 'CI key'", or "the key".
std::string describe_key(const std::optional<std::string>& name,
                         const std::optional<std::string>& prefix);

// "a | b": how an unmet any-group is named in reports.
std::string any_group_name(const std::vector<manifest::ScopeRef>& group);

}  // namespace scopegate::engine
