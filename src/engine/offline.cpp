#include "engine/offline.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>

#include "net/http_response.h"
#include "providers/claims.h"
#include "util/strings.h"

namespace scopegate::engine {

namespace {
// " (a JWT goes to --response-file with the jwt preset)": the preset that
// reads a token itself, from the table; "" when there is none.
std::string jwt_advice() {
  for (const providers::PresetInfo& preset : providers::preset_table())
    if (!preset.uses_network) return " (a JWT goes to --response-file with the " + std::string(preset.name) + " preset)";
  return {};
}

constexpr std::size_t kMaxOfflineFileBytes = 4 * 1024 * 1024;  // as large as a live answer may be

// What a saved provider answer starts with: JSON, or `curl -si` output.
bool looks_like_saved_answer(std::string_view text) {
  text = util::trim(text);
  return text.starts_with('{') || text.starts_with('[') || text.starts_with("HTTP/");
}

// The lines of an offline file with their '#' comments cut off, trimmed.
std::vector<std::string_view> lines_without_comments(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    lines.push_back(util::trim(line.substr(0, line.find('#'))));
    start = end + 1;
  }
  return lines;
}

// A file of scope names, one or more a line, as --granted-file reads it: no
// quotes, braces or angle brackets anywhere outside comments.
bool looks_like_scope_list(std::string_view text) {
  bool any = false;
  for (const std::string_view line : lines_without_comments(text)) {
    if (line.find_first_of("{}[]\"<>") != std::string_view::npos) return false;
    any = any || !line.empty();
  }
  return any;
}

// Why an offline scope is surely not one, without repeating it (it may be a
// secret): "" when it may be a scope. Read from an env file, a JWT, a YAML
// file or an unexpanded variable, junk would become a confident verdict.
std::string not_a_scope(std::string_view item) {
  const std::size_t equals = item.find('=');
  const bool assignment = equals != std::string_view::npos && equals > 0 &&
                          std::all_of(item.begin(), item.begin() + static_cast<std::ptrdiff_t>(equals), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                          });
  if (assignment) return "a NAME=value assignment (an env file?)";
  if (util::looks_like_secret(item, false) != util::SecretLook::kNo ||
      (item.starts_with("eyJ") && std::count(item.begin(), item.end(), '.') == 2))
    return "a token, not a scope" + jwt_advice();
  if (item.ends_with(':')) return "a YAML key (a manifest?)";
  if (item.starts_with('$')) return "an unexpanded variable";
  return "";
}

// Each offline scope (of --granted, or line by line of --granted-file)
// checked with not_a_scope; false, with the problem, on the first that fails.
bool offline_scopes_fit(const OfflineSource& source, const std::vector<std::vector<std::string>>& lines,
                        util::Redactor& redactor, Problems* problems) {
  for (std::size_t line = 0; line < lines.size(); ++line) {
    for (const std::string& item : lines[line]) {
      const std::string why = not_a_scope(item);
      if (why.empty()) continue;
      redactor.add_secret(item);  // said to be junk, never printed; masked should anything else quote it
      const std::string where = source.kind == OfflineSource::Kind::kGrantedFile
                                    ? "line " + std::to_string(line + 1) + " of --granted-file " + source.value
                                    : "--granted";
      problems->errors.push_back(where + " holds " + why + " where a scope should be; nothing was checked");
      return false;
    }
  }
  return true;
}

// A JSON array of strings (["a", "b"]), as a list of scopes; nullopt otherwise.
std::optional<std::vector<std::string>> json_string_array(std::string_view text) {
  text = util::trim(text);
  if (!text.starts_with('[')) return std::nullopt;
  boost::system::error_code code;
  const boost::json::value array = boost::json::parse(text, code);
  if (code || !array.is_array()) return std::nullopt;
  std::vector<std::string> scopes;
  for (const auto& item : array.get_array()) {
    if (!item.is_string()) return std::nullopt;
    scopes.emplace_back(item.get_string());
  }
  return scopes;
}

// A list of scopes as text: comma or space separated, except for a preset
// whose scopes are several words (Vault's "read PATH", "ACTION on RESOURCE"),
// where only commas (and lines) separate them.
std::vector<std::string> split_scopes(const ResolvedProvider& provider, std::string_view text) {
  if (!provider.preset->scope_problem) return util::split_scope_list(text);
  std::vector<std::string> scopes;
  for (const std::string& part : util::split_any(text, ",")) {
    std::string scope(util::trim(part));
    if (!scope.empty()) scopes.push_back(std::move(scope));
  }
  return scopes;
}

// --granted-file's scopes, line by line (a JSON array of strings is one
// line). A file holding a saved answer is a mistake in the call: nullopt,
// with the flag that was meant, rather than junk read as scopes (exit 1
// with a confident verdict).
std::optional<std::vector<std::vector<std::string>>> granted_file_lines(const ResolvedProvider& provider,
                                                                        const OfflineSource& source,
                                                                        std::string_view text, Problems* problems) {
  if (auto scopes = json_string_array(text)) return std::vector<std::vector<std::string>>{std::move(*scopes)};
  if (looks_like_saved_answer(text)) {
    problems->errors.push_back("--granted-file " + source.value + " holds a saved provider answer, not a list of "
                               "scopes: use --response-file " + source.value);
    return std::nullopt;
  }
  std::vector<std::vector<std::string>> lines;
  for (const std::string_view line : lines_without_comments(text)) lines.push_back(split_scopes(provider, line));
  return lines;
}

// One compact JWT whose header starts "eyJ" ('{"'): a scope with two dots
// ("repo.content.read") is no JWT.
bool looks_like_jwt(std::string_view text) {
  const std::string_view token = util::trim(text);
  return token.starts_with("eyJ") && providers::is_compact_jwt(token);
}

// A list of scopes given to --response-file is a mistake in the call too:
// it says which flag was meant, rather than call a list an unreadable answer.
// (A jwt preset's saved answer may be the token itself, one line of dots.)
bool response_file_fits(const ResolvedProvider& provider, const OfflineSource& source, std::string_view text,
                        Problems* problems) {
  if (!provider.preset->uses_network || looks_like_saved_answer(text)) return true;
  if (looks_like_jwt(text)) {  // a token a login answered (Docker Hub's), without the answer around it
    problems->errors.push_back("--response-file " + source.value + " holds a bare JWT, not a saved provider answer: "
                               "save the whole answer that carried it (curl -i writes it)");
    return false;
  }
  if (!looks_like_scope_list(text)) return true;
  problems->errors.push_back("--response-file " + source.value + " holds a list of scopes, not a saved provider "
                             "answer: use --granted-file " + source.value);
  return false;
}
}  // namespace

std::string describe_source(const OfflineSource& source) {
  switch (source.kind) {
    case OfflineSource::Kind::kGranted: return "--granted";
    case OfflineSource::Kind::kGrantedFile: return "--granted-file " + source.value;
    case OfflineSource::Kind::kResponseFile: return "--response-file " + source.value;
  }
  return "offline";
}

providers::TokenFacts read_offline(const ResolvedProvider& provider, const OfflineSource& source,
                                   System& system, Problems* problems) {
  if (source.kind == OfflineSource::Kind::kGranted) {
    providers::TokenFacts facts;
    std::vector<std::vector<std::string>> lines{split_scopes(provider, source.value)};
    if (!offline_scopes_fit(source, lines, system.redactor, problems)) return {};
    facts.scopes_listed = true;
    facts.granted = std::move(lines.front());
    facts.expiry_problem = "--granted lists scopes only";
    return facts;
  }
  std::string text, error;
  if (system.file_system.read_file(source.value, kMaxOfflineFileBytes, &text, &error) !=
      util::FileSystem::Status::kOkay) {
    problems->errors.push_back("cannot read " + source.value + " (" + describe_source(source) + "): " + error);
    return {};
  }
  if (source.kind == OfflineSource::Kind::kGrantedFile) {
    providers::TokenFacts facts;
    facts.scopes_listed = true;
    facts.expiry_problem = "--granted-file lists scopes only";
    auto lines = granted_file_lines(provider, source, text, problems);
    if (!lines || !offline_scopes_fit(source, *lines, system.redactor, problems)) return {};
    for (std::vector<std::string>& line : *lines)
      for (std::string& scope : line) facts.granted.push_back(std::move(scope));
    return facts;
  }
  if (!response_file_fits(provider, source, text, problems)) return {};
  net::HttpResponse response;
  if (!net::parse_saved_response(text, &response, &error))
    return providers::TokenFacts::failed("cannot read the saved answer " + source.value + ": " + error);
  const auto reader = provider.preset->create(*provider.spec);
  for (const std::string& secret : reader->answer_secrets(response)) system.redactor.add_secret(secret);
  return reader->interpret(response);
}

const OfflineSource* OfflineSources::find(const std::string& provider) const {
  const auto found = by_provider.find(provider);
  if (found != by_provider.end()) return &found->second;
  return for_all ? &*for_all : nullptr;
}

}  // namespace scopegate::engine
