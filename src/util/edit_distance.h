#pragma once
// "Did you mean" support: Levenshtein distance and a closest-match picker.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scopegate::util {

// Edit distance between `a` and `b`; stops early and returns `limit + 1` once
// the distance is known to exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// The candidate closest to `word`, if any is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for a plausible typo, else the names that `word`
// starts (" (did you mean 'deploy-web' or 'deploy-api'?)"), else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace scopegate::util
