#include "engine/fix_text.h"

#include "util/strings.h"

namespace scopegate::engine {

std::string describe_key(const std::optional<std::string>& name,
                         const std::optional<std::string>& prefix) {
  if (name && prefix) return "key " + util::quoted(*name) + " (" + *prefix + "...)";
  if (name) return "key " + util::quoted(*name);
  if (prefix) return "the key " + *prefix + "...";
  return "the key";
}

std::string any_group_name(const std::vector<manifest::ScopeRef>& group) {
  std::vector<std::string> names;
  for (const manifest::ScopeRef& ref : group) names.push_back(ref.scope);
  return util::join(names, " | ");
}

namespace {
// In prose, "a | b" reads better as "a or b".
std::string prose_scope(const std::string& scope) {
  std::string text = scope;
  for (std::size_t at = 0; (at = text.find(" | ", at)) != std::string::npos;) text.replace(at, 3, " or ");
  return scope.find(" | ") == std::string::npos ? text : "(" + text + ")";
}

// The value of one placeholder; "" for an unknown one.
struct FixValues {
  std::string scopes, scopes_comma;
  const std::string& key;
  const std::string& page;
  const std::string& claims;
  const std::string* find(std::string_view name) const {
    if (name == "scopes") return &scopes;
    if (name == "scopes_comma") return &scopes_comma;
    if (name == "key") return &key;
    if (name == "page") return &page;
    if (name == "claims") return &claims;
    return nullptr;
  }
};

std::string fill_placeholders(std::string_view text, const FixValues& values, bool* any_empty) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out += text.substr(at, open - at);
    const std::string* value = values.find(text.substr(open + 1, close - open - 1));
    if (!value || value->empty()) *any_empty = true;
    if (value) out += *value;
    at = close + 1;
  }
  out += text.substr(at);
  return out;
}
}  // namespace

std::string render_fix(std::string_view fix_template, const std::vector<std::string>& scopes,
                       const std::string& key_description, const std::string& page, const std::string& claims) {
  FixValues values{{}, {}, key_description, page, claims};
  for (const std::string& scope : scopes) {
    if (!values.scopes.empty()) {
      values.scopes += ", ";
      values.scopes_comma += ',';
    }
    values.scopes += prose_scope(scope);
    values.scopes_comma += scope.substr(0, scope.find(" | "));  // gh -s takes one name per group
  }
  std::string out;
  std::size_t at = 0;
  while (at < fix_template.size()) {
    const std::size_t open = fix_template.find('[', at);
    const std::size_t close = open == std::string_view::npos ? open : fix_template.find(']', open);
    bool ignored = false;
    if (close == std::string_view::npos) {
      out += fill_placeholders(fix_template.substr(at), values, &ignored);
      break;
    }
    out += fill_placeholders(fix_template.substr(at, open - at), values, &ignored);
    bool empty = false;
    const std::string optional_part =
        fill_placeholders(fix_template.substr(open + 1, close - open - 1), values, &empty);
    if (!empty) out += optional_part;
    at = close + 1;
  }
  return out;
}


}  // namespace scopegate::engine
