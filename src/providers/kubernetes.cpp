// Kubernetes, asked for the set (deploy-gates.md, like `kubectl auth can-i`):
// one SelfSubjectAccessReview per wanted scope, all together, and beside
// them a SelfSubjectReview (Kubernetes >= 1.28) naming the user. Every
// authenticated user may create both. Kubernetes API reference:
// authorization.k8s.io/v1 SelfSubjectAccessReview, authentication.k8s.io/v1
// SelfSubjectReview.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <map>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace kubernetes {
namespace {
// kubectl's short names for the common types (`kubectl api-resources`), as
// data: scopegate does no discovery, so other types are written in full
// (TYPE[.GROUP], plural, lower case).
const std::map<std::string, std::string, std::less<>> kShortNames{
    {"po", "pods"},           {"pod", "pods"},          {"svc", "services"},       {"service", "services"},
    {"deploy", "deployments.apps"}, {"deployment", "deployments.apps"}, {"deployments", "deployments.apps"},
    {"rs", "replicasets.apps"}, {"replicasets", "replicasets.apps"}, {"sts", "statefulsets.apps"},
    {"statefulsets", "statefulsets.apps"}, {"ds", "daemonsets.apps"}, {"daemonsets", "daemonsets.apps"},
    {"cm", "configmaps"},     {"configmap", "configmaps"}, {"secret", "secrets"},  {"ns", "namespaces"},
    {"namespace", "namespaces"}, {"sa", "serviceaccounts"}, {"no", "nodes"},       {"node", "nodes"},
    {"ing", "ingresses.networking.k8s.io"}, {"ingresses", "ingresses.networking.k8s.io"},
    {"cj", "cronjobs.batch"}, {"cronjobs", "cronjobs.batch"}, {"job", "jobs.batch"}, {"jobs", "jobs.batch"},
    {"pvc", "persistentvolumeclaims"}, {"pv", "persistentvolumes"}, {"ev", "events"},
};

// One `kubectl auth can-i` question: VERB TYPE[.GROUP][/NAME] [-n NS]
// [--subresource=SUB], or VERB /NON-RESOURCE-URL.
struct Review {
  std::string verb;
  std::string resource;  // plural, without the group; "" for a non-resource URL
  std::string group;     // "" for the core group
  std::string name;
  std::string namespace_;
  std::string subresource;
  std::string path;  // a non-resource URL ("/healthz")
};

// Lower-case DNS-style words: what every part may hold, since the fix puts
// them into a shell command.
bool is_word(std::string_view text, bool allow_star = false) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || (allow_star && c == '*');
  });
}

std::string parse(std::string_view scope, std::string_view default_namespace, Review* review) {
  const std::vector<std::string> words = util::split_any(scope, " ");
  if (words.size() < 2) return "a Kubernetes scope is VERB TYPE, as in 'get pods -n web' (kubectl auth can-i's words)";
  review->verb = words[0];
  if (!is_word(review->verb, true) || review->verb.find('.') != std::string::npos)
    return util::quoted(review->verb) + " is not a verb (get, list, watch, create, update, patch, delete, ...)";
  review->namespace_ = std::string(default_namespace);
  for (std::size_t i = 2; i < words.size(); ++i) {
    if ((words[i] == "-n" || words[i] == "--namespace") && i + 1 < words.size()) review->namespace_ = words[++i];
    else if (words[i].starts_with("--namespace=")) review->namespace_ = words[i].substr(12);
    else if (words[i].starts_with("--subresource=")) review->subresource = words[i].substr(14);
    else return util::quoted(words[i]) + " is not a flag kubectl auth can-i takes here (-n NAMESPACE, --subresource=SUB)";
  }
  if (words[1].starts_with('/')) {
    review->path = words[1];
    const bool url_like = std::all_of(review->path.begin(), review->path.end(), [](char c) { return c > ' ' && c < 0x7f; });
    return url_like ? "" : "the non-resource URL " + util::quoted(words[1]) + " holds characters a URL does not";
  }
  std::string type = words[1];
  if (const std::size_t slash = type.find('/'); slash != std::string::npos) {
    review->name = type.substr(slash + 1);
    type = type.substr(0, slash);
  }
  if (const auto short_name = kShortNames.find(type); short_name != kShortNames.end()) type = short_name->second;
  const std::size_t dot = type.find('.');
  review->resource = type.substr(0, dot);
  review->group = dot == std::string::npos ? "" : type.substr(dot + 1);
  for (const std::string* part : {&review->resource, &review->group, &review->name, &review->namespace_, &review->subresource})
    if (!part->empty() && !is_word(*part, part == &review->resource))
      return util::quoted(*part) + " in " + util::quoted(scope) + " is not a Kubernetes name (lower-case letters, "
                                                                   "digits, '-' and '.')";
  return {};
}

// The user a binding names: "system:serviceaccount:NS:NAME" -> --serviceaccount=NS:NAME.
std::string subject_of(const std::optional<std::string>& user) {
  const bool plain = user && !user->empty() && std::all_of(user->begin(), user->end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '.' || c == '_' || c == '@';
  });
  if (!plain) return "--user=USER";
  const std::string prefix = "system:serviceaccount:";
  if (user->starts_with(prefix)) return "--serviceaccount=" + user->substr(prefix.size());
  return "--user=" + *user;
}

class KubernetesProvider final : public Provider {
 public:
  // SelfSubjectReview: {"status": {"userInfo": {"username", "groups"}}}; a
  // cluster before 1.28 has none (404), which costs only the name.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    TokenFacts facts;
    facts.unverifiable_reason = "the user's permissions are asked per scope with SelfSubjectAccessReview, live";
    if (response.status == 404) {
      facts.notes.push_back("the cluster has no SelfSubjectReview (Kubernetes < 1.28): the user is not named");
      return facts;
    }
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    facts.account = string_at(root, "/status/userInfo/username");
    facts.principal = facts.account.value_or("");
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    auto request = make_request(context, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", error);
    if (!request) return request;
    request->headers.emplace_back("Content-Type", "application/json");
    request->body = R"({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"})";
    return request;
  }

  // One review per wanted scope (the API takes one question each).
  std::vector<net::HttpRequest> set_questions(const LiveContext& context, std::string* error) const override {
    std::vector<net::HttpRequest> requests;
    for (const std::string& scope : context.wanted) {
      Review review;
      if (const std::string problem = parse(scope, context.resource, &review); !problem.empty()) {
        *error = problem;
        return {};
      }
      auto request = make_request(context, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", error);
      if (!request) return {};
      request->headers.emplace_back("Content-Type", "application/json");
      request->body = boost::json::serialize(review_body(review));
      requests.push_back(std::move(*request));
    }
    return requests;
  }

  // status.allowed: held; status.denied or not allowed: missing, with the
  // authorizer's reason; status.evaluationError alone: no answer.
  void read_set_answers(const LiveContext& context, const std::vector<net::HttpOutcome>& outcomes,
                        TokenFacts& facts) const override {
    const std::string asked = "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    facts.resource = context.resource;  // the default namespace, for the fix
    for (std::size_t i = 0; i < outcomes.size() && i < context.wanted.size(); ++i) {
      const std::string& scope = context.wanted[i];
      const net::HttpOutcome& outcome = outcomes[i];
      if (!outcome.response) {
        facts.unanswered.emplace_back(scope, asked + " failed: " + outcome.error);
        continue;
      }
      if (outcome.response->status == 401) {
        facts = TokenFacts::rejected("the cluster rejected the token (HTTP 401 to " + asked + ")");
        return;
      }
      boost::json::value root;
      std::string error;
      boost::system::error_code absent;
      const boost::json::value* allowed = nullptr;
      if (outcome.response->status / 100 == 2 && parse_json_body(outcome.response->body, &root, &error))
        allowed = root.find_pointer("/status/allowed", absent);
      if (!allowed || !allowed->is_bool()) {
        facts.unanswered.emplace_back(scope, asked + " answered HTTP " + std::to_string(outcome.response->status) +
                                                 " without status.allowed");
        continue;
      }
      if (allowed->get_bool()) {
        facts.granted.push_back(scope);
        continue;
      }
      const auto reason = string_at(root, "/status/reason");
      const auto evaluation_error = string_at(root, "/status/evaluationError");
      facts.proven_missing.push_back(scope);
      if (reason || evaluation_error)
        facts.notes.push_back(scope + ": " + util::neutralize(reason.value_or(*evaluation_error)));
    }
  }

 private:
  static boost::json::object review_body(const Review& review) {
    boost::json::object spec;
    if (!review.path.empty()) {
      spec["nonResourceAttributes"] = {{"path", review.path}, {"verb", review.verb}};
    } else {
      boost::json::object attributes{{"verb", review.verb}, {"resource", review.resource}, {"group", review.group}};
      if (!review.namespace_.empty()) attributes["namespace"] = review.namespace_;
      if (!review.name.empty()) attributes["name"] = review.name;
      if (!review.subresource.empty()) attributes["subresource"] = review.subresource;
      spec["resourceAttributes"] = std::move(attributes);
    }
    return {{"apiVersion", "authorization.k8s.io/v1"}, {"kind", "SelfSubjectAccessReview"}, {"spec", std::move(spec)}};
  }
};
}  // namespace

// Why `scope` is not kubectl auth can-i's words; "" when it is.
std::string scope_problem(std::string_view scope) {
  Review review;
  return parse(scope, "", &review);
}

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<KubernetesProvider>(); }

// The RBAC to apply, as kubectl commands: per namespace and resource, a Role
// with exactly the missing verbs and a RoleBinding to the user the cluster
// named; a ClusterRole for what no namespace holds (cluster-scoped types,
// non-resource URLs).
std::string write_fix(const FixRequest& request) {
  struct Rule {
    std::string namespace_, resource, path;
    std::vector<std::string> verbs;
  };
  std::vector<Rule> rules;
  for (const std::vector<std::string>& group : request.scopes) {
    Review review;
    if (group.empty() || !parse(group.front(), request.facts.resource, &review).empty()) continue;
    std::string resource = review.resource + (review.subresource.empty() ? "" : "/" + review.subresource) +
                           (review.group.empty() ? "" : "." + review.group);
    auto rule = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) {
      return r.namespace_ == review.namespace_ && r.resource == resource && r.path == review.path;
    });
    if (rule == rules.end()) rule = rules.insert(rules.end(), Rule{review.namespace_, resource, review.path, {}});
    if (std::find(rule->verbs.begin(), rule->verbs.end(), review.verb) == rule->verbs.end()) rule->verbs.push_back(review.verb);
  }
  const std::string subject = subject_of(request.facts.principal.empty() ? std::nullopt
                                                                          : std::optional<std::string>(request.facts.principal));
  std::vector<std::string> commands;
  for (const Rule& rule : rules) {
    const bool cluster = rule.namespace_.empty();
    std::string name = "scopegate-" + (rule.path.empty() ? rule.resource : std::string("urls"));
    std::replace(name.begin(), name.end(), '/', '-');
    std::string verbs;
    for (const std::string& verb : rule.verbs) verbs += " --verb=" + verb;
    const std::string what = rule.path.empty() ? " --resource=" + rule.resource : " --non-resource-url=" + rule.path;
    const std::string in = cluster ? "" : " -n " + rule.namespace_;
    commands.push_back(std::string("kubectl create ") + (cluster ? "clusterrole " : "role ") + name + verbs + what + in +
                       "; kubectl create " + (cluster ? "clusterrolebinding " : "rolebinding ") + name + " --" +
                       (cluster ? "clusterrole=" : "role=") + name + " " + subject + in);
  }
  return util::join(commands, "; ");
}

// `scopegate init --preset kubernetes`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  cluster:
    preset: kubernetes                # in a pod: the service account's token and $KUBERNETES_SERVICE_HOST
    resource: web                     # the default namespace
    # base_url: https://k8s.example.com:6443   # outside a pod, with token_env: KUBE_TOKEN

features:
  rollout:
    description: Roll the web deployment and read its pods' logs
    requires: ["patch deployments.apps", "get pods --subresource=log"]
  health:
    description: Check the API server's health endpoint
    requires: ["get /healthz"]
)";
}  // namespace kubernetes

const PresetInfo& kubernetes_preset() {
  static const PresetInfo row{
      .name = "kubernetes",
      .summary = "Kubernetes service account tokens (SelfSubjectAccessReview per scope, like kubectl auth can-i)",
      .default_base_url = "https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}",
      .default_token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token",
      .fix_template = "bind a Role allowing {scopes} to the user",
      .own_keys = {"resource"},
      .create = &kubernetes::create,
      .starter_manifest = kubernetes::kStarterManifest,
      .fix_writer = &kubernetes::write_fix,
      .scope_problem = &kubernetes::scope_problem,
  };
  return row;
}

}  // namespace scopegate::providers
