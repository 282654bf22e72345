#pragma once
// The fix line of a report: a preset's template filled with the missing scopes,
// the key and the token page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report.h"
#include "manifest/model.h"

namespace scopegate::engine {

// Fills a preset's fix template: {scopes}, {scopes_comma}, {key}, {page},
// {claims} (providers::claims_for_fix); a [bracketed part] disappears when a
// placeholder inside it is empty.
// Each of `scopes` is one name or an any-group ("(a or b)" in prose, its
// first name in {scopes_comma}).
std::string render_fix(std::string_view fix_template, const std::vector<ScopeGroup>& scopes,
                       const std::string& key_description, const std::string& page,
                       const std::string& claims = {});

// "key 'CI key' (sk_live...)", "key 'CI key'", or "the key".
std::string describe_key(const std::optional<std::string>& name,
                         const std::optional<std::string>& prefix);

// "a | b": how a group is named in reports and JSON (a single name stays itself).
std::string group_name(const ScopeGroup& group);

// The names of a manifest's scope list, as one group.
ScopeGroup scope_group(const std::vector<manifest::ScopeRef>& refs);

}  // namespace scopegate::engine
