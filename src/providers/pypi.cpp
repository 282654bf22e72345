// PyPI: an API token is "pypi-" and a macaroon (providers/macaroon.h) whose
// caveats are the token's restrictions; they are read here with no request
// and no key, so the signature is not checked: PyPI still decides.
// The caveats' tags and shapes are warehouse's (warehouse/macaroons/caveats/:
// __init__.py, _legacy.py), summed up in more-providers.md, "pypi". A token
// may upload only where every caveat allows: project caveats intersect.
#include <algorithm>
#include <boost/json/value.hpp>
#include <cctype>
#include <cstdint>

#include "providers/json_helpers.h"
#include "providers/macaroon.h"
#include "providers/presets.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace pypi {
namespace {
namespace json = boost::json;

constexpr std::string_view kTokenPrefix = "pypi-";
// A token naming a few hundred projects is a few KiB; anything longer is not one.
constexpr std::size_t kMaxTokenBytes = 16 * 1024;
constexpr std::size_t kMaxProjectNameBytes = 128;
constexpr std::string_view kUserScope = "upload on user";
constexpr std::string_view kProjectScope = "upload on project/";
constexpr std::string_view kTokenPage = "https://pypi.org/manage/account/token/";
// TestPyPI mints tokens too, with its own location and its own token page.
constexpr std::string_view kTestIndex = "test.pypi.org";
constexpr std::string_view kTestTokenPage = "https://test.pypi.org/manage/account/token/";

// warehouse's caveat tags (caveats/__init__.py, as_caveat(tag=...)).
enum Tag : std::int64_t { kExpiration = 0, kProjectNames = 1, kProjectIds = 2, kRequestUser = 3, kPublisher = 4 };

// PyPI's token form names the two scopes a token can have.
constexpr std::string_view kWholeAccountChoice = "Entire account (all projects)";
constexpr std::string_view kOneProjectChoice = "Project: ";

// What the caveats together allow.
struct Restrictions {
  std::optional<std::vector<std::string>> projects;  // normalised names, intersected; nullopt: every project
  std::vector<std::string> unmapped;                 // limits to projects named otherwise (ids, a trusted publisher)
  std::vector<std::size_t> id_list_sizes;            // each project-id caveat's number of ids
  std::vector<std::string> unreadable;               // caveats that could not be read, with why
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> not_before;
};

// Why `name` cannot be a PyPI project name (PEP 508: letters, digits and
// "-_.", starting and ending with a letter or digit); "" when it can.
std::string project_name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > kMaxProjectNameBytes) return "is longer than " + std::to_string(kMaxProjectNameBytes) + " bytes";
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!alnum(name[i]) && std::string_view("-_.").find(name[i]) == std::string_view::npos)
      return "has " + util::describe_character(name, i) + "; a project name has letters, digits, -, _ and . only";
  if (!alnum(name.front()) || !alnum(name.back())) return "does not start and end with a letter or digit";
  return {};
}

// PEP 503: lowercase, and each run of -, _ and . becomes one -.
std::string normalize_project(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool separator = std::string_view("-_.").find(name[i]) != std::string_view::npos;
    if (!separator)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    else if (i == 0 || std::string_view("-_.").find(name[i - 1]) == std::string_view::npos)
      out += '-';
  }
  return out;
}

std::optional<std::int64_t> integer_of(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(value.get_uint64());
  return std::nullopt;
}

// warehouse's _legacy.adapt: the object forms of older tokens as the array form.
std::optional<json::value> adapt_legacy(const json::object& caveat) {
  const auto* version = caveat.if_contains("version");
  const auto* permissions = caveat.if_contains("permissions");
  if (version && integer_of(*version) == 1 && permissions) {
    if (permissions->is_string() && permissions->get_string() == "user")
      return json::array{std::int64_t{kRequestUser}, ""};
    const auto* projects = permissions->is_object() ? permissions->get_object().if_contains("projects") : nullptr;
    if (projects) return json::array{std::int64_t{kProjectNames}, *projects};
    return std::nullopt;
  }
  if (caveat.contains("exp") && caveat.contains("nbf"))
    return json::array{std::int64_t{kExpiration}, caveat.at("exp"), caveat.at("nbf")};
  if (const auto* ids = caveat.if_contains("project_ids")) return json::array{std::int64_t{kProjectIds}, *ids};
  return std::nullopt;
}

// The strings of a JSON array; nullopt when it is not one of strings only.
std::optional<std::vector<std::string>> strings_of(const json::value& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const json::value& item : value.get_array()) {
    if (!item.is_string()) return std::nullopt;
    out.emplace_back(item.get_string());
  }
  return out;
}

// [1, [names]]: the projects allowed, intersected with those already allowed.
std::string read_project_names(const json::array& caveat, Restrictions& limits) {
  const auto names = caveat.size() > 1 ? strings_of(caveat[1]) : std::nullopt;
  if (!names) return "its project names are not a list of strings";
  std::vector<std::string> allowed;
  for (const std::string& name : *names) {
    if (const std::string problem = project_name_problem(name); !problem.empty()) return "a project name " + problem;
    allowed.push_back(normalize_project(name));
  }
  if (limits.projects)
    std::erase_if(allowed, [&](const std::string& name) {
      return std::find(limits.projects->begin(), limits.projects->end(), name) == limits.projects->end();
    });
  limits.projects = std::move(allowed);
  return {};
}

// [0, expires_at, not_before]: the strictest window of all such caveats.
std::string read_expiration(const json::array& caveat, Restrictions& limits) {
  const auto expires = caveat.size() > 2 ? integer_of(caveat[1]) : std::nullopt;
  const auto not_before = caveat.size() > 2 ? integer_of(caveat[2]) : std::nullopt;
  if (!expires || !not_before) return "its expiry is not two whole numbers of seconds";
  limits.expires_at = std::min(*expires, limits.expires_at.value_or(*expires));
  limits.not_before = std::max(*not_before, limits.not_before.value_or(*not_before));
  return {};
}

// One caveat in the array form, by its tag; the reason it cannot be read, or "".
std::string read_tagged(const json::array& caveat, Restrictions& limits) {
  const auto tag = caveat.empty() ? std::nullopt : integer_of(caveat[0]);
  if (!tag) return "it does not start with a numeric tag";
  switch (*tag) {
    case kExpiration:
      return read_expiration(caveat, limits);
    case kProjectNames:
      return read_project_names(caveat, limits);
    case kProjectIds:
      if (caveat.size() < 2 || !strings_of(caveat[1])) return "its project ids are not a list of strings";
      limits.id_list_sizes.push_back(caveat[1].get_array().size());
      return {};
    case kRequestUser:
      if (caveat.size() < 2 || !caveat[1].is_string()) return "its user id is not a string";
      return {};  // bound to its user: every project of the account
    case kPublisher:
      limits.unmapped.push_back("to the projects of a trusted publisher, which cannot be read locally");
      return {};
    default:
      return "its tag " + std::to_string(*tag) + " is not one scopegate knows (a newer kind of caveat?)";
  }
}

void read_caveat(const Macaroon::Caveat& caveat, std::size_t number, Restrictions& limits) {
  const std::string what = "caveat " + std::to_string(number) + " ";
  if (caveat.third_party)
    return limits.unreadable.push_back(what + "is a third-party caveat, which only another service can discharge");
  json::value parsed;
  std::string error;
  if (!parse_json_body(caveat.identifier, &parsed, &error)) return limits.unreadable.push_back(what + "is not JSON");
  if (parsed.is_object()) {
    auto adapted = adapt_legacy(parsed.get_object());
    if (!adapted) return limits.unreadable.push_back(what + "is a JSON object of no form PyPI writes");
    parsed = std::move(*adapted);
  }
  if (!parsed.is_array()) return limits.unreadable.push_back(what + "is neither a JSON array nor an object");
  if (const std::string why = read_tagged(parsed.get_array(), limits); !why.empty())
    limits.unreadable.push_back(what + "cannot be read: " + why);
}

std::string project_scope(const std::string& name) { return std::string(kProjectScope) + name; }

// PyPI mints a project's token with its name and its id, one each
// (warehouse's token form): the id is then taken to be that project's, and
// the report says so. Any other id caveat cannot be read locally.
void settle_project_ids(Restrictions& limits, TokenFacts& facts) {
  if (limits.id_list_sizes.empty()) return;
  const bool one_each = limits.projects && limits.projects->size() == 1 && limits.id_list_sizes.size() == 1 &&
                        limits.id_list_sizes.front() == 1;
  if (one_each) {
    facts.notes.push_back("the token is also limited to one project id, taken to be " + limits.projects->front() +
                          "'s, as PyPI mints a project's token with both");
    return;
  }
  limits.unmapped.push_back("to projects by id, and which project an id names cannot be read locally");
}

// The caveats' scopes into `facts`: listed, unsettled or unverifiable.
void apply_scopes(Restrictions limits, TokenFacts& facts) {
  settle_project_ids(limits, facts);
  if (!limits.unreadable.empty()) {
    facts.unverifiable_reason = util::join(limits.unreadable, "; ") + "; PyPI alone can say what the token allows";
    return;
  }
  if (!limits.unmapped.empty()) {
    const std::string limited = "the token is limited " + util::join(limits.unmapped, " and ");
    facts.proven_missing.emplace_back(kUserScope);  // limited to some projects: not the whole account
    facts.unverifiable_reason = limited;
    if (!limits.projects) return;
    facts.scopes_listed = true;  // a project outside the named ones is surely missing
    for (const std::string& name : *limits.projects) facts.unsettled.push_back(project_scope(name));
    facts.unverifiable_reason += " (besides its project names " + util::join(*limits.projects, ", ") + ")";
    return;
  }
  facts.scopes_listed = true;
  if (!limits.projects) {
    facts.granted.emplace_back(kUserScope);
    return;
  }
  for (const std::string& name : *limits.projects) facts.granted.push_back(project_scope(name));
  if (limits.projects->empty())
    facts.notes.push_back("the token's project caveats have no project in common: it can upload nowhere");
}

void apply_expiry(const Restrictions& limits, TokenFacts& facts) {
  if (limits.expires_at) facts.expires_at = util::from_unix_seconds(*limits.expires_at);
  if (limits.not_before) facts.not_before = util::from_unix_seconds(*limits.not_before);
  facts.expiry_known = limits.expires_at || limits.unreadable.empty();  // no expiry caveat: it never expires
  if (!facts.expiry_known) facts.expiry_problem = "a caveat that could not be read may limit the token's life";
}

// The macaroon inside the token; nullopt with the part that failed (never a byte of it).
std::optional<Macaroon> decode_token(std::string_view token, std::string* error) {
  if (token.size() > kMaxTokenBytes) {
    *error = "the token is longer than " + std::to_string(kMaxTokenBytes) + " bytes; a PyPI token is a few hundred";
    return std::nullopt;
  }
  if (!token.starts_with(kTokenPrefix)) {
    *error = "the token does not start with pypi- as PyPI API tokens do";
    return std::nullopt;
  }
  std::string why;
  const auto bytes = decode_base64url_strict(token.substr(kTokenPrefix.size()), &why);
  auto macaroon = bytes ? read_macaroon_v2(*bytes, &why) : std::nullopt;
  if (!macaroon)
    *error = "the part after pypi- " + std::string(bytes ? "is not a macaroon: " : "cannot be decoded: ") + why;
  return macaroon;
}

class PypiProvider final : public Provider {
 public:
  // The "answer" is the token itself (live), or a file holding it (--response-file).
  TokenFacts interpret(const net::HttpResponse& response) const override {
    std::string error;
    const auto macaroon = decode_token(util::trim(response.body), &error);
    if (!macaroon) return TokenFacts::failed(error);
    Restrictions limits;
    for (std::size_t i = 0; i < macaroon->caveats.size(); ++i) read_caveat(macaroon->caveats[i], i + 1, limits);
    TokenFacts facts;
    apply_scopes(limits, facts);
    apply_expiry(limits, facts);
    if (macaroon->location == kTestIndex) facts.token_kind = kTestIndex;  // its fix is on TestPyPI's page
    if (!macaroon->location.empty() && macaroon->location != "pypi.org")
      facts.notes.push_back("the token was minted by " + macaroon->location.substr(0, kMaxProjectNameBytes) +
                            ", not pypi.org");
    facts.notes.push_back("scopes read from the token's caveats without checking its signature; PyPI still decides");
    return facts;
  }

  // Nothing is sent: the token is its own answer.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    net::HttpResponse response;
    response.body = context.token;
    co_return interpret(response);
  }
};
}  // namespace

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<PypiProvider>(); }

// A whole-account token covers every project: "upload on user" implies the
// pattern "upload on project/*" ("/" is the wildcard separator).
const scope::VocabularyData& vocabulary() {
  static const scope::VocabularyData data{
      "/", false, {{kUserScope, {"upload on project/*"}}}, {}, {}, false, "PyPI",
  };
  return data;
}

// Why `scope` is not a PyPI scope; "" when it is. A project name that is not
// PEP 503-normalised is an error, not a silent match: scopes are compared,
// reported and fixed as written, and a warning would be followed by a false
// "missing" for the project the token does allow.
std::string scope_problem(std::string_view scope) {
  if (scope == kUserScope) return {};
  if (!scope.starts_with(kProjectScope))
    return "a PyPI scope is 'upload on project/NAME' or 'upload on user' (a token uploads to one project or the "
           "whole account); " +
           util::quoted(scope) + " is neither";
  const std::string_view name = scope.substr(kProjectScope.size());
  if (const std::string problem = project_name_problem(name); !problem.empty())
    return "the project name " + util::quoted(name) + " " + problem;
  if (const std::string normal = normalize_project(name); normal != name)
    return "PyPI compares project names PEP 503-normalised (lowercase, each run of -, _ and . as one -): write " +
           util::quoted(project_scope(normal));
  return {};
}

// One token per project, or one for the whole account: PyPI's form offers
// no other scope, and an existing token's scope cannot change. One token
// for a run that needs several projects must be the whole account's.
std::string write_fix(const FixRequest& request) {
  std::vector<std::string> projects;
  bool whole_account = false;
  const auto note = [&](const std::string& scope) {
    if (scope == kUserScope) whole_account = true;
    const std::string name = scope.starts_with(kProjectScope) ? scope.substr(kProjectScope.size()) : "";
    if (!name.empty() && std::find(projects.begin(), projects.end(), name) == projects.end()) projects.push_back(name);
  };
  for (const std::vector<std::string>& group : request.scopes)
    if (!group.empty()) note(group.front());
  for (const std::string& scope : request.required) note(scope);
  std::string scope = "\"" + std::string(kWholeAccountChoice) + "\"";
  if (!whole_account && projects.size() == 1)
    scope = "\"" + std::string(kOneProjectChoice) + projects.front() + "\"";
  else if (!whole_account && projects.size() > 1)
    scope += " (or one token per project: " + util::join(projects, ", ") + ")";
  std::string page(request.token_page);
  if (request.facts.token_kind == kTestIndex && page == kTokenPage) page = kTestTokenPage;
  return "create a token" + (page.empty() ? std::string() : " at " + page) +
         " with the scope " + scope + " (PyPI cannot change an existing token's scope)";
}

// `scopegate init --preset pypi`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  pypi:
    preset: pypi                     # reads the token's caveats (projects, expiry); sends nothing
    token_env: PYPI_TOKEN            # or twine's TWINE_PASSWORD (TWINE_USERNAME=__token__), uv's UV_PUBLISH_TOKEN

features:
  publish:
    description: Upload releases of acme-tools
    requires: ["upload on project/acme-tools"]
  publish-plugins:
    description: Upload the plugins too (a token for the whole account covers every project)
    requires: ["upload on project/acme-tools-plugins"]
    when: { env: PUBLISH_PLUGINS }
)";
}  // namespace pypi

const PresetInfo& pypi_preset() {
  static const PresetInfo row{
      .name = "pypi",
      .summary = "PyPI API tokens (the macaroon's caveats: projects and expiry, read locally)",
      .default_token_env = "PYPI_TOKEN",
      .default_token_page = pypi::kTokenPage,
      .fix_template = "create a token for {scopes}[ at {page}] (PyPI cannot change an existing token's scope)",
      .uses_network = false,
      .vocabulary = &pypi::vocabulary,
      .create = &pypi::create,
      .starter_manifest = pypi::kStarterManifest,
      .fix_writer = &pypi::write_fix,
      .scope_problem = &pypi::scope_problem,
  };
  return row;
}

}  // namespace scopegate::providers
