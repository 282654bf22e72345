// Known shapes (see providers.md, "Error bodies worth turning into hints"):
//   RFC 6750   WWW-Authenticate: Bearer error="insufficient_scope", scope="a b"
//   Stripe     "Having the 'rak_charge_read' permission would allow this request"
//   GitHub     X-Accepted-OAuth-Scopes: repo, read:org
//   GitHub     X-Accepted-GitHub-Permissions: pull_requests=write,contents=read; issues=write
// and each preset's own JSON error body (GitLab, Slack, Sonar, Socket), in its file.
#include "providers/error_hints.h"

#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/provider.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// The value of one auth-param in a WWW-Authenticate challenge: scope="a b".
std::string auth_param(const std::string& header, const std::string& name) {
  const std::string lowered = util::to_lower(header);
  std::size_t at = 0;
  while ((at = lowered.find(name, at)) != std::string::npos) {
    const bool starts_word = at == 0 || lowered[at - 1] == ' ' || lowered[at - 1] == ',';
    std::size_t cursor = at + name.size();
    while (cursor < header.size() && header[cursor] == ' ') ++cursor;
    if (starts_word && cursor < header.size() && header[cursor] == '=') {
      ++cursor;
      while (cursor < header.size() && header[cursor] == ' ') ++cursor;
      if (cursor < header.size() && header[cursor] == '"') {
        const std::size_t close = header.find('"', cursor + 1);
        return header.substr(cursor + 1, close == std::string::npos ? std::string::npos : close - cursor - 1);
      }
      const std::size_t end = header.find_first_of(", ", cursor);
      return header.substr(cursor, end == std::string::npos ? std::string::npos : end - cursor);
    }
    at += name.size();
  }
  return {};
}

std::string from_www_authenticate(const net::HttpResponse& response) {
  const auto challenge = response.header("WWW-Authenticate");
  if (!challenge || auth_param(*challenge, "error") != "insufficient_scope") return {};
  const std::string scope = auth_param(*challenge, "scope");
  return scope.empty() ? "the provider says the token has insufficient scope"
                       : "the provider says it needs scope " + scope;
}

// Each preset that knows its provider's error shape reads the body (PresetInfo::error_body_hint).
std::string from_json(const std::string& body) {
  boost::json::value root;
  std::string ignored;
  if (!parse_json_body(body, &root, &ignored) || !root.is_object()) return {};
  for (const PresetInfo& preset : preset_table()) {
    if (!preset.error_body_hint) continue;
    if (std::string hint = preset.error_body_hint(root); !hint.empty()) return hint;
  }
  return {};
}

std::string from_stripe_text(const std::string& body) {
  const std::string marker = "Having the '";
  const std::size_t at = body.find(marker);
  if (at == std::string::npos) return {};
  const std::size_t end = body.find('\'', at + marker.size());
  if (end == std::string::npos || body.find("permission", end) == std::string::npos) return {};
  return "the provider says it needs permission " + body.substr(at + marker.size(), end - at - marker.size());
}

// GitHub's X-Accepted-GitHub-Permissions: what the endpoint needs, in
// fine-grained names ("," = all of these, "; " = alternatives), as
// "pull_requests:write and contents:read, or issues:write".
std::string from_github_permissions(const net::HttpResponse& response) {
  const auto header = response.header("X-Accepted-GitHub-Permissions");
  if (!header || util::trim(*header).empty()) return {};
  std::vector<std::string> alternatives;
  for (const std::string& alternative : util::split_any(*header, ";")) {
    std::vector<std::string> all;
    for (std::string permission : util::split_any(alternative, ",")) {
      permission = std::string(util::trim(permission));
      if (const std::size_t equals = permission.find('='); equals != std::string::npos) permission[equals] = ':';
      if (!permission.empty()) all.push_back(permission);
    }
    if (!all.empty()) alternatives.push_back(util::join(all, " and "));
  }
  if (alternatives.empty()) return {};
  return "GitHub says this request needs " + util::join(alternatives, ", or ");
}
}  // namespace

std::string scope_hint(const net::HttpResponse& response) {
  if (std::string needs = from_github_permissions(response); !needs.empty()) {
    const std::string said = from_json(response.body);
    return said.empty() ? needs : said + "; " + needs;
  }
  for (const std::string& hint : {from_www_authenticate(response), from_json(response.body), from_stripe_text(response.body)})
    if (!hint.empty()) return hint;
  if (const auto accepted = response.header("X-Accepted-OAuth-Scopes"); accepted && !util::trim(*accepted).empty())
    return "the provider accepts scopes " + std::string(util::trim(*accepted)) + " for this request";
  return {};
}

}  // namespace scopegate::providers
