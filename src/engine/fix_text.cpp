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

std::string group_name(const ScopeGroup& group) { return util::join(group, " | "); }

ScopeGroup scope_group(const std::vector<manifest::ScopeRef>& refs) {
  ScopeGroup group;
  group.reserve(refs.size());
  for (const manifest::ScopeRef& ref : refs) group.push_back(ref.scope);
  return group;
}

namespace {
// In prose a group reads "(a or b)".
std::string prose_group(const ScopeGroup& group) {
  return group.size() == 1 ? group.front() : "(" + util::join(group, " or ") + ")";
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

std::string render_fix(std::string_view fix_template, const std::vector<ScopeGroup>& scopes,
                       const std::string& key_description, const std::string& page, const std::string& claims) {
  FixValues values{{}, {}, key_description, page, claims};
  for (const ScopeGroup& group : scopes) {
    if (group.empty()) continue;
    if (!values.scopes.empty()) {
      values.scopes += ", ";
      values.scopes_comma += ',';
    }
    values.scopes += prose_group(group);
    values.scopes_comma += group.front();  // gh -s takes one name per group
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
