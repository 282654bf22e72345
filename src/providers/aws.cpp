// AWS IAM policy simulation, asked for the set (deploy-gates.md): STS
// GetCallerIdentity names the caller, and IAM SimulatePrincipalPolicy
// answers allowed / explicitDeny / implicitDeny for each wanted action on
// each resource. Both are signed with SigV4 (providers/sigv4); the secret
// key never leaves. AWS docs: STS API "GetCallerIdentity", IAM API
// "SimulatePrincipalPolicy"; both answer in XML.
#include <algorithm>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <map>
#include <sstream>

#include "net/request_check.h"
#include "providers/presets.h"
#include "providers/sigv4.h"
#include "scope/resource.h"
#include "util/redactor.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace aws {
namespace {
constexpr std::string_view kSts = "https://sts.amazonaws.com/";
constexpr std::size_t kMaxXmlDepth = 32;
// IAM answers at most 100 results a page (MaxItems): 100 actions a simulation need no Marker.
constexpr std::size_t kActionsPerSimulation = 100;  // AWS answers nest 6 deep; RapidXML recurses per level
using Tree = boost::property_tree::ptree;

// service:Action, as IAM writes actions ("s3:PutObject"); no wildcard, which
// a simulation would read literally.
bool is_action(std::string_view action) {
  const std::size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == action.size()) return false;
  return std::all_of(action.begin(), action.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-';
  }) && action.find(':', colon + 1) == std::string_view::npos;
}

// "*" or an ARN: "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", visible ASCII.
bool is_resource(std::string_view resource) {
  if (resource == "*") return true;
  if (!resource.starts_with("arn:") || std::count(resource.begin(), resource.end(), ':') < 5) return false;
  return std::all_of(resource.begin(), resource.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// "arn:aws:sts::123:assumed-role/deployer/session" -> "arn:aws:iam::123:role/deployer"
// (the session ARN drops a role's path: role_arn: gives it). Others as they are.
std::string principal_of(const std::string& caller) {
  const std::string marker = ":assumed-role/";
  const std::size_t at = caller.find(marker);
  if (!caller.starts_with("arn:") || at == std::string::npos) return caller;
  const std::string head = caller.substr(0, at);  // arn:aws:sts::123
  const std::string role = caller.substr(at + marker.size(), caller.find('/', at + marker.size()) - at - marker.size());
  std::string iam_head = head;
  if (const std::size_t sts = iam_head.find(":sts:"); sts != std::string::npos) iam_head.replace(sts, 5, ":iam:");
  return iam_head + ":role/" + role;
}

// The deepest nesting of elements in `xml`, counted without parsing.
std::size_t nesting(std::string_view xml) {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t i = 0; i + 1 < xml.size(); ++i) {
    if (xml[i] != '<') continue;
    if (xml[i + 1] == '/') depth = depth > 0 ? depth - 1 : 0;
    else if (xml[i + 1] != '?' && xml[i + 1] != '!') deepest = std::max(deepest, ++depth);
    const std::size_t end = xml.find('>', i);
    if (end != std::string_view::npos && end > 0 && xml[end - 1] == '/' && xml[i + 1] != '/') --depth;
  }
  return deepest;
}

// AWS's XML into a tree (Boost.PropertyTree's RapidXML reader: no DTDs,
// no entities beyond XML's five: a DTD is refused before parsing); nullopt
// with `error` for anything else.
std::optional<Tree> read_xml(std::string_view body, std::string* error) {
  if (body.find("<!DOCTYPE") != std::string_view::npos || body.find("<!ENTITY") != std::string_view::npos) {
    *error = "the answer carries a DTD, which AWS never sends";
    return std::nullopt;
  }
  if (nesting(body) > kMaxXmlDepth) {
    *error = "the answer nests deeper than " + std::to_string(kMaxXmlDepth) + " elements";
    return std::nullopt;
  }
  try {
    std::istringstream stream{std::string(body)};
    Tree tree;
    boost::property_tree::read_xml(stream, tree);
    return tree;
  } catch (const std::exception&) {
    *error = "the answer is not XML";
    return std::nullopt;
  }
}

std::string text_at(const Tree& tree, const std::string& path) { return tree.get<std::string>(path, ""); }

// <ErrorResponse><Error><Code>, <Message>: AWS's error shape for both APIs.
std::pair<std::string, std::string> aws_error(std::string_view body) {
  std::string ignored;
  const auto tree = read_xml(body, &ignored);
  if (!tree) return {};
  return {text_at(*tree, "ErrorResponse.Error.Code"), text_at(*tree, "ErrorResponse.Error.Message")};
}

bool is_rejection(std::string_view code) {
  return code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken" ||
         code == "InvalidAccessKeyId" || code == "UnrecognizedClientException";
}

// One simulation per resource and 100 actions (`permissions` holds the actions).
using Question = scope::ResourceGroup;

std::vector<Question> questions_for(const LiveContext& context) {
  return scope::group_by_resource(context.wanted, context.resource.empty() ? "*" : context.resource,
                                  kActionsPerSimulation);
}

std::string form_encode(std::string_view text) { return util::percent_encode(text); }

class AwsProvider final : public Provider {
 public:
  // GetCallerIdentity's answer: <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>, <Account>, <UserId>.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (response.status != 200) return failure(response, "POST / (STS GetCallerIdentity)");
    std::string error;
    const auto tree = read_xml(response.body, &error);
    const std::string arn = tree ? text_at(*tree, "GetCallerIdentityResponse.GetCallerIdentityResult.Arn") : "";
    if (arn.empty()) return TokenFacts::failed("cannot read STS's GetCallerIdentity answer: " +
                                               (error.empty() ? std::string("it has no Arn") : error));
    TokenFacts facts;
    facts.account = arn;
    const std::string account = text_at(*tree, "GetCallerIdentityResponse.GetCallerIdentityResult.Account");
    if (!account.empty()) facts.notes.push_back("AWS account " + account);
    facts.expiry_problem = "STS does not say when these credentials expire";
    facts.unverifiable_reason = "GetCallerIdentity names the caller, not what it may do (asked live, "
                                "SimulatePrincipalPolicy answers per action)";
    return facts;
  }

  // Who first, since the simulation needs the principal's ARN; with role_arn:
  // the principal is known, and who and the simulations go out together
  // (one round trip). One simulation per resource.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    const auto keys = credentials(context);
    if (!keys.problem.empty()) co_return TokenFacts::misconfiguration(keys.problem);
    std::string error;
    auto who = signed_post(context, keys, sts_url(context), "sts", "Action=GetCallerIdentity&Version=2011-06-15", &error);
    if (!who) co_return TokenFacts::failed(error);
    const std::vector<Question> questions = context.wanted.empty() ? std::vector<Question>{} : questions_for(context);
    std::vector<net::HttpRequest> requests;
    requests.push_back(std::move(*who));
    if (context.spec.role_arn && !add_simulations(context, keys, context.spec.role_arn->value, questions, requests, &error))
      co_return TokenFacts::failed(error);
    std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
    if (!outcomes.front().response) co_return TokenFacts::failed(outcomes.front().error);
    TokenFacts facts = interpret(*outcomes.front().response);
    if (facts.outcome != TokenFacts::Outcome::kAccepted || questions.empty()) co_return facts;
    const std::string principal = context.spec.role_arn ? context.spec.role_arn->value : principal_of(*facts.account);
    if (principal.find(":role/") == std::string::npos && principal.find(":user/") == std::string::npos) {
      facts.unverifiable_reason = util::neutralize(principal) + " is not an IAM role or user, which alone a policy "
                                  "simulation takes; name the role with role_arn:";
      co_return facts;
    }
    facts.principal = principal;
    if (principal != *facts.account) facts.notes.push_back("simulated as " + principal);
    outcomes.erase(outcomes.begin());
    if (!context.spec.role_arn) {
      std::vector<net::HttpRequest> simulations;
      if (!add_simulations(context, keys, principal, questions, simulations, &error)) co_return TokenFacts::failed(error);
      outcomes = co_await send_all(context, std::move(simulations));
    }
    for (std::size_t i = 0; i < questions.size(); ++i) {
      read_simulation(questions[i], principal, outcomes[i], facts);
      if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
    }
    co_return facts;
  }

 private:
  struct Keys {
    std::string access_key_id, secret_access_key, session_token, problem;
  };

  // The secret key is the provider's token (token_env, default
  // AWS_SECRET_ACCESS_KEY); the key id and session token are read from
  // their usual variables and were registered with the redactor (the row's
  // secret_variables) before anything printed.
  static Keys credentials(const LiveContext& context) {
    Keys keys{context.environment.get("AWS_ACCESS_KEY_ID").value_or(""), context.token,
              context.environment.get("AWS_SESSION_TOKEN").value_or(""), ""};
    if (keys.access_key_id.empty()) keys.problem = "AWS_ACCESS_KEY_ID is not set (it goes with the secret key)";
    else if (auto bad = net::token_problem(keys.access_key_id)) keys.problem = "AWS_ACCESS_KEY_ID " + *bad;
    else if (!std::all_of(keys.access_key_id.begin(), keys.access_key_id.end(), [](char c) {
               return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
             }))
      keys.problem = "AWS_ACCESS_KEY_ID is not an access key id (upper-case letters and digits, as AKIA...)";
    else if (!keys.session_token.empty())
      if (auto bad = net::token_problem(keys.session_token)) keys.problem = "AWS_SESSION_TOKEN " + *bad;
    return keys;
  }

  bool add_simulations(const LiveContext& context, const Keys& keys, const std::string& principal,
                       const std::vector<Question>& questions, std::vector<net::HttpRequest>& requests,
                       std::string* error) const {
    for (const Question& question : questions) {
      auto request = signed_post(context, keys, context.base_url, "iam", simulation_form(principal, question), error);
      if (!request) return false;
      requests.push_back(std::move(*request));
    }
    return true;
  }

  static std::string sts_url(const LiveContext& context) {
    return context.introspection_url.empty() ? std::string(kSts) : context.introspection_url;
  }

  // A form POST signed for `service` in us-east-1 (where IAM and the global
  // STS endpoint sign), at the run's clock.
  std::optional<net::HttpRequest> signed_post(const LiveContext& context, const Keys& keys, const std::string& url,
                                              const std::string& service, std::string body, std::string* error) const {
    auto request = build_request(context, "POST", url, error);
    if (!request) return std::nullopt;
    const std::string host = request->url.host_header();  // signed, so exactly what the transport sends
    const sigv4::Scope scope{"us-east-1", service, amz_date(context.now)};
    request->headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                        {"Host", host},
                        {"X-Amz-Date", scope.amz_date}};
    if (!keys.session_token.empty()) request->headers.emplace_back("X-Amz-Security-Token", keys.session_token);
    const std::size_t query = request->url.target.find('?');
    sigv4::Request to_sign{"POST", request->url.target.substr(0, query),
                           query == std::string::npos ? "" : request->url.target.substr(query + 1), request->headers,
                           body};
    request->headers.emplace_back("Authorization",
                                  sigv4::authorization(to_sign, keys.access_key_id, keys.secret_access_key, scope));
    // STS answers in JSON to the transport's usual "Accept: application/json": ask for its XML.
    request->headers.emplace_back("Accept", "text/xml");
    request->body = std::move(body);
    return request;
  }

  static std::string amz_date(util::TimePoint now) {
    std::string iso = util::format_timestamp(now);  // 2026-12-07T12:00:00Z
    iso.erase(std::remove_if(iso.begin(), iso.end(), [](char c) { return c == '-' || c == ':'; }), iso.end());
    return iso;
  }

  static std::string simulation_form(const std::string& principal, const Question& question) {
    std::string form = "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=" + form_encode(principal);
    for (std::size_t i = 0; i < question.permissions.size(); ++i)
      form += "&ActionNames.member." + std::to_string(i + 1) + "=" + form_encode(question.permissions[i]);
    if (question.resource != "*") form += "&ResourceArns.member.1=" + form_encode(question.resource);
    return form;
  }

  static TokenFacts failure(const net::HttpResponse& response, const std::string& request) {
    const auto [code, message] = aws_error(response.body);
    const std::string said = code.empty() ? "" : ": " + code + (message.empty() ? "" : " (" + message + ")");
    if (is_rejection(code) || response.status == 401)
      return TokenFacts::rejected("AWS rejected the credentials (HTTP " + std::to_string(response.status) + said + ")");
    if (code == "Throttling" || response.status == 429)
      return TokenFacts::failed("AWS is limiting requests (" + request + said + "); try again later");
    if (code == "NoSuchEntity")
      return TokenFacts::misconfiguration(request + " answered" + said + ": a role with a path (an SSO role's is "
                                          "/aws-reserved/sso.amazonaws.com/) needs role_arn: with its full ARN");
    return TokenFacts::failed(request + " answered HTTP " + std::to_string(response.status) + said);
  }

  // <SimulatePrincipalPolicyResult><EvaluationResults><member><EvalActionName>,
  // <EvalResourceName>, <EvalDecision> allowed | explicitDeny | implicitDeny.
  static void read_simulation(const Question& question, const std::string& principal, const net::HttpOutcome& outcome,
                              TokenFacts& facts) {
    const std::string asked = "POST / (IAM SimulatePrincipalPolicy on " + question.resource + ")";
    if (!outcome.response) return unanswered(question, asked + " failed: " + outcome.error, facts);
    const net::HttpResponse& response = *outcome.response;
    if (response.status != 200) {
      if (aws_error(response.body).first == "AccessDenied") {
        facts.unverifiable_reason = principal + " may not simulate its own policies (AccessDenied); allow "
                                    "iam:SimulatePrincipalPolicy on " + principal + " so the gate can check";
        return;
      }
      if (response.status >= 500) return unanswered(question, asked + " answered HTTP " + std::to_string(response.status), facts);
      facts = failure(response, asked);
      return;
    }
    std::string error;
    const auto tree = read_xml(response.body, &error);
    const auto results = tree ? tree->get_child_optional(
                                    "SimulatePrincipalPolicyResponse.SimulatePrincipalPolicyResult.EvaluationResults")
                              : boost::none;
    if (!results) return unanswered(question, asked + ": " + (error.empty() ? "no EvaluationResults" : error), facts);
    std::map<std::string, std::string> decisions;
    for (const auto& [name, member] : *results) {
      if (name != "member") continue;
      std::string decision = member.get<std::string>("EvalDecision", "");
      // Not allowed by a permissions boundary or an SCP: no Allow added to the principal's policies helps.
      const bool fenced =
          member.get<std::string>("PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary", "") == "false" ||
          member.get<std::string>("OrganizationsDecisionDetail.AllowedByOrganizations", "") == "false";
      if (decision == "implicitDeny" && fenced) decision = "explicitDeny";
      decisions[member.get<std::string>("EvalActionName", "")] = decision;
    }
    for (std::size_t i = 0; i < question.scopes.size(); ++i) judge(question, i, decisions, asked, facts);
  }

  static void judge(const Question& question, std::size_t i, const std::map<std::string, std::string>& decisions,
                    const std::string& asked, TokenFacts& facts) {
    const auto found = decisions.find(question.permissions[i]);
    const std::string& scope = question.scopes[i];
    if (found == decisions.end()) {
      facts.unanswered.emplace_back(scope, asked + " did not answer for " + question.permissions[i]);
    } else if (found->second == "allowed") {
      facts.granted.push_back(scope);
    } else if (found->second != "implicitDeny" && found->second != "explicitDeny") {
      facts.unanswered.emplace_back(scope, asked + " answered the decision " + util::quoted(util::neutralize(found->second)) +
                                               " for " + question.permissions[i]);
    } else {
      facts.proven_missing.push_back(scope);
      if (found->second == "explicitDeny") facts.explicitly_denied.push_back(scope);
      facts.notes.push_back(scope + ": " + util::neutralize(found->second));
    }
  }

  static void unanswered(const Question& question, const std::string& why, TokenFacts& facts) {
    for (const std::string& scope : question.scopes) facts.unanswered.emplace_back(scope, why);
  }
};
}  // namespace

// Why `scope` is not an IAM action, optionally "on ARN"; "" when it is.
std::string scope_problem(std::string_view scope) {
  const auto [action, resource] = scope::split_resource_scope(scope, "*");
  if (action.find('*') != std::string::npos)
    return "a simulation reads * literally: name each action (" + util::quoted(action) + ")";
  if (!is_action(action)) return util::quoted(action) + " is not an IAM action (service:Action, as in s3:PutObject)";
  if (!is_resource(resource)) return util::quoted(resource) + " is not an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE) or *";
  return {};
}

// resource: is an ARN or *; role_arn: an IAM role's ARN, when the session's drops its path.
void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  if (provider.resource && provider.resource->value.find("${") == std::string::npos &&
      !is_resource(provider.resource->value))
    diagnostics.error(provider.resource->where, "resource " + util::quoted(provider.resource->value) +
                                                    " is not an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE) or *");
  if (provider.role_arn && provider.role_arn->value.find("${") == std::string::npos &&
      (!is_resource(provider.role_arn->value) || provider.role_arn->value.find(":role/") == std::string::npos))
    diagnostics.error(provider.role_arn->where, "role_arn " + util::quoted(provider.role_arn->value) +
                                                    " is not a role's ARN (arn:aws:iam::ACCOUNT:role/PATH/NAME)");
}

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<AwsProvider>(); }

// The IAM policy statement that allows what is missing, per resource, for
// the principal the simulation ran as; an explicit deny must go instead.
std::string write_fix(const FixRequest& request) {
  std::vector<std::string> allowable, denied;  // an any-group's first name
  const auto& deny = request.facts.explicitly_denied;
  for (const std::vector<std::string>& group : request.scopes) {
    if (group.empty()) continue;
    const bool is_denied = std::find(deny.begin(), deny.end(), group.front()) != deny.end();
    (is_denied ? denied : allowable).push_back(group.front());
  }
  const std::string default_resource = request.spec.resource ? request.spec.resource->value : "*";
  std::vector<std::string> statements;
  for (const scope::ResourceGroup& group : scope::group_by_resource(allowable, default_resource)) {
    std::vector<std::string> actions;
    for (const std::string& action : group.permissions) actions.push_back("\"" + action + "\"");
    statements.push_back(R"({"Effect": "Allow", "Action": [)" + util::join(actions, ", ") + R"(], "Resource": ")" +
                         group.resource + "\"}");
  }
  const std::string who = request.facts.principal.empty() ? "the caller" : request.facts.principal;
  std::string fix;
  if (statements.size() == 1) fix = "add this statement to a policy of " + who + ": " + statements.front();
  if (statements.size() > 1) fix = "add these statements to a policy of " + who + ": [" + util::join(statements, ", ") + "]";
  if (!denied.empty())
    fix += std::string(fix.empty() ? "" : "; ") + util::join(denied, ", ") + " is refused by an explicit Deny, or not "
           "allowed by a permissions boundary or an SCP of " + who + ", which no Allow in its policies overrides: "
           "change that Deny, boundary or SCP";
  return fix;
}

// `scopegate init --preset aws`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  aws:
    preset: aws                       # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
    # role_arn: arn:aws:iam::123456789012:role/ci/deployer   # a role with a path: the session ARN drops it

features:
  assets:
    description: Upload the static site and invalidate the CDN
    requires: ["s3:PutObject on arn:aws:s3:::acme-assets/*", cloudfront:CreateInvalidation]
  deploy:
    description: Roll the service
    requires: [ecs:UpdateService]
)";
}  // namespace aws

const PresetInfo& aws_preset() {
  static const PresetInfo row{
      .name = "aws",
      .summary = "AWS credentials (STS GetCallerIdentity, IAM SimulatePrincipalPolicy, SigV4)",
      .default_base_url = "https://iam.amazonaws.com/",
      .default_token_env = "AWS_SECRET_ACCESS_KEY",
      .fix_template = "allow {scopes} in a policy of the caller",
      .own_keys = {"resource", "role_arn", "sts_url"},
      .create = &aws::create,
      .starter_manifest = aws::kStarterManifest,
      .manifest_rules = &aws::check_manifest_rules,
      .fix_writer = &aws::write_fix,
      .scope_problem = &aws::scope_problem,
      .secret_variables = {"AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN"},
  };
  return row;
}

}  // namespace scopegate::providers
