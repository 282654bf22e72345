#pragma once
// The pieces of the markdown page (markdown_reporter.cpp puts them together).
#include <string>
#include <string_view>
#include <vector>

#include "engine/report.h"
#include "util/clock.h"

namespace scopegate::report {

// `text` as a code span (a backtick inside becomes ').
std::string markdown_code(std::string_view text);

// One row per feature: feature, provider, status, and what it has, lacks or
// why it was not checked; no cell is ever empty.
std::string markdown_features_table(const engine::Report& report);

// "- **sonar**: key 'CI key' (`sk_live...`), expires 2026-12-31 (in 32 days)",
// then an indented line for each thing to know about the token: rejected,
// not asked, scopes it cannot prove (the reason once), excess, notes.
std::string markdown_token_lines(const engine::ProviderResult& provider, util::TimePoint now);

// A sentence with the token page in it made a link, everything else escaped.
std::string markdown_link_page(const std::string& sentence, const std::string& page);

}  // namespace scopegate::report
