#include "util/edit_distance.h"

#include <algorithm>
#include <numeric>

#include "util/strings.h"

namespace scopegate::util {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > limit) return limit + 1;
  // One row of the classic dynamic-programming table.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
      row_best = std::min(row_best, row[j]);
    }
    if (row_best > limit) return limit + 1;
  }
  return row[b.size()];
}

namespace {
// Short words tolerate fewer edits, or everything would suggest everything.
std::size_t typo_budget(std::string_view word) {
  if (word.size() <= 3) return 1;
  if (word.size() <= 6) return 2;
  return 3;
}
}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  const std::size_t budget = typo_budget(word);
  std::optional<std::string> best;
  std::size_t best_distance = budget + 1;
  const std::string lowered = to_lower(word);
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;
    const std::size_t distance = edit_distance(lowered, to_lower(candidate), budget);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  // "deploy" for deploy-web and deploy-api: the start of several names, not a typo of one.
  constexpr std::size_t kMostNamed = 4;
  std::vector<std::string> completions;
  const std::string lowered = to_lower(word);
  for (const std::string& candidate : candidates)
    if (!word.empty() && candidate.size() > word.size() && to_lower(candidate).starts_with(lowered))
      completions.push_back(util::quoted(candidate));  // qualified: ADL would find std::quoted too
  if (completions.size() < 2) {
    if (const auto match = closest_match(word, candidates)) return " (did you mean " + util::quoted(*match) + "?)";
    if (completions.empty()) return std::string();
  }
  const std::size_t more = completions.size() > kMostNamed ? completions.size() - kMostNamed : 0;
  completions.resize(std::min(completions.size(), kMostNamed));
  const std::string last = completions.back();
  completions.pop_back();
  std::string names = completions.empty() ? last : join(completions, ", ") + " or " + last;
  if (more > 0) names += " (or " + std::to_string(more) + " more)";
  return " (did you mean " + names + "?)";
}

}  // namespace scopegate::util
