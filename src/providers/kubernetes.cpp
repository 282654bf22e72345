// Kubernetes, asked for the set (deploy-gates.md, like `kubectl auth can-i`):
// one SelfSubjectAccessReview per wanted scope, all together, and beside
// them a SelfSubjectReview (Kubernetes >= 1.28) naming the user. Every
// authenticated user may create both. Kubernetes API reference:
// authorization.k8s.io/v1 SelfSubjectAccessReview, authentication.k8s.io/v1
// SelfSubjectReview.
#include <algorithm>
#include <cstdio>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <set>

#include "providers/json_helpers.h"
#include "providers/kubernetes_connection.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace kubernetes {
namespace {
// kubectl's short and singular names for the built-in types (`kubectl
// api-resources`), as data: scopegate does no discovery, so other types are
// written in full (TYPE[.GROUP], plural, lower case).
const std::map<std::string, std::string, std::less<>> kShortNames{
    {"po", "pods"}, {"pod", "pods"}, {"svc", "services"}, {"service", "services"}, {"ep", "endpoints"},
    {"deploy", "deployments.apps"}, {"deployment", "deployments.apps"}, {"deployments", "deployments.apps"},
    {"rs", "replicasets.apps"}, {"replicasets", "replicasets.apps"}, {"sts", "statefulsets.apps"},
    {"statefulsets", "statefulsets.apps"}, {"ds", "daemonsets.apps"}, {"daemonsets", "daemonsets.apps"},
    {"cm", "configmaps"}, {"configmap", "configmaps"}, {"secret", "secrets"}, {"ns", "namespaces"},
    {"namespace", "namespaces"}, {"sa", "serviceaccounts"}, {"no", "nodes"}, {"node", "nodes"},
    {"ing", "ingresses.networking.k8s.io"}, {"ingress", "ingresses.networking.k8s.io"},
    {"ingresses", "ingresses.networking.k8s.io"}, {"netpol", "networkpolicies.networking.k8s.io"},
    {"networkpolicies", "networkpolicies.networking.k8s.io"}, {"cj", "cronjobs.batch"},
    {"cronjobs", "cronjobs.batch"}, {"job", "jobs.batch"}, {"jobs", "jobs.batch"},
    {"hpa", "horizontalpodautoscalers.autoscaling"}, {"horizontalpodautoscalers", "horizontalpodautoscalers.autoscaling"},
    {"pdb", "poddisruptionbudgets.policy"}, {"poddisruptionbudgets", "poddisruptionbudgets.policy"},
    {"pvc", "persistentvolumeclaims"}, {"pv", "persistentvolumes"}, {"ev", "events"}, {"rc", "replicationcontrollers"},
    {"quota", "resourcequotas"}, {"limits", "limitranges"}, {"cs", "componentstatuses"},
    {"crd", "customresourcedefinitions.apiextensions.k8s.io"},
    {"customresourcedefinitions", "customresourcedefinitions.apiextensions.k8s.io"},
    {"sc", "storageclasses.storage.k8s.io"}, {"storageclasses", "storageclasses.storage.k8s.io"},
    {"pc", "priorityclasses.scheduling.k8s.io"}, {"priorityclasses", "priorityclasses.scheduling.k8s.io"},
    {"csr", "certificatesigningrequests.certificates.k8s.io"},
    {"certificatesigningrequests", "certificatesigningrequests.certificates.k8s.io"},
    {"role", "roles.rbac.authorization.k8s.io"}, {"roles", "roles.rbac.authorization.k8s.io"},
    {"rolebinding", "rolebindings.rbac.authorization.k8s.io"}, {"rolebindings", "rolebindings.rbac.authorization.k8s.io"},
    {"clusterrole", "clusterroles.rbac.authorization.k8s.io"}, {"clusterroles", "clusterroles.rbac.authorization.k8s.io"},
    {"clusterrolebinding", "clusterrolebindings.rbac.authorization.k8s.io"},
    {"clusterrolebindings", "clusterrolebindings.rbac.authorization.k8s.io"},
};

// The built-in types that live outside namespaces (`kubectl api-resources
// --namespaced=false`), as RESOURCE.GROUP: a review of one names no
// namespace, and its fix is a ClusterRole. Impersonation's users and groups too.
const std::set<std::string, std::less<>> kClusterScoped{
    "nodes", "namespaces", "persistentvolumes", "componentstatuses", "users", "groups", "userextras",
    "customresourcedefinitions.apiextensions.k8s.io", "storageclasses.storage.k8s.io", "csidrivers.storage.k8s.io",
    "csinodes.storage.k8s.io", "volumeattachments.storage.k8s.io", "priorityclasses.scheduling.k8s.io",
    "certificatesigningrequests.certificates.k8s.io", "clusterroles.rbac.authorization.k8s.io",
    "clusterrolebindings.rbac.authorization.k8s.io", "ingressclasses.networking.k8s.io", "runtimeclasses.node.k8s.io",
    "apiservices.apiregistration.k8s.io", "mutatingwebhookconfigurations.admissionregistration.k8s.io",
    "validatingwebhookconfigurations.admissionregistration.k8s.io",
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
  bool cluster_scoped = false;
  std::string type() const { return resource + (group.empty() ? "" : "." + group); }
};

// Lower-case DNS-style words: what every part may hold, since the fix puts
// them into a shell command.
bool is_word(std::string_view text, bool allow_star = false) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || (allow_star && c == '*');
  });
}

// The flags after VERB TYPE: -n NS, -n=NS, --namespace[=]NS, --subresource[=]SUB.
std::string read_flags(const std::vector<std::string>& words, Review* review, bool* namespaced_by_flag) {
  for (std::size_t i = 2; i < words.size(); ++i) {
    const std::string& word = words[i];
    std::string* into = nullptr;
    std::string value;
    for (const auto& [flag, target] : {std::pair<std::string, std::string*>{"-n", &review->namespace_},
                                       {"--namespace", &review->namespace_}, {"--subresource", &review->subresource}}) {
      if (word == flag) {
        if (i + 1 >= words.size()) return flag + " needs a value";
        into = target;
        value = words[++i];
      } else if (word.starts_with(flag + "=")) {
        into = target;
        value = word.substr(flag.size() + 1);
      }
    }
    if (!into) return util::quoted(word) + " is not a flag kubectl auth can-i takes here (-n NAMESPACE, --subresource=SUB)";
    *into = value;
    if (into == &review->namespace_) *namespaced_by_flag = true;
  }
  return {};
}

std::string parse(std::string_view scope, std::string_view default_namespace, Review* review) {
  const std::vector<std::string> words = util::split_any(scope, " ");
  if (words.size() < 2) return "a Kubernetes scope is VERB TYPE, as in 'get pods -n web' (kubectl auth can-i's words)";
  review->verb = words[0];
  if (!is_word(review->verb, true) || review->verb.find('.') != std::string::npos)
    return util::quoted(review->verb) + " is not a verb (get, list, watch, create, update, patch, delete, ...)";
  review->namespace_ = std::string(default_namespace);
  bool namespaced_by_flag = false;
  if (std::string problem = read_flags(words, review, &namespaced_by_flag); !problem.empty()) return problem;
  if (words[1].starts_with('/')) {
    review->path = words[1];
    review->namespace_.clear();  // RBAC grants non-resource URLs cluster-wide
    if (namespaced_by_flag) return "a non-resource URL has no namespace: drop -n";
    const bool plain = std::all_of(review->path.begin(), review->path.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.' || c == '*';
    });
    return plain ? "" : "the non-resource URL " + util::quoted(words[1]) + " holds characters RBAC does not match (a query?)";
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
    if (!part->empty() && (!is_word(*part, part == &review->resource) || part->find("..") != std::string::npos))
      return util::quoted(*part) + " in " + util::quoted(scope) + " is not a Kubernetes name (lower-case letters, "
                                                                   "digits, '-' and '.')";
  review->cluster_scoped = kClusterScoped.count(review->type()) > 0;
  if (review->cluster_scoped) {
    if (namespaced_by_flag) return review->type() + " live outside namespaces: drop -n";
    review->namespace_.clear();
  }
  return {};
}

// The user a binding names: "system:serviceaccount:NS:NAME" -> --serviceaccount=NS:NAME.
std::string subject_of(const std::optional<std::string>& user) {
  const bool plain = user && !user->empty() && std::all_of(user->begin(), user->end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '.' || c == '_' || c == '@';
  });
  if (!plain) return "--user=USER";
  const std::string prefix = "system:serviceaccount:";
  const std::string account = user->starts_with(prefix) ? user->substr(prefix.size()) : "";
  if (!account.empty() && std::count(account.begin(), account.end(), ':') == 1 && account.front() != ':' &&
      account.back() != ':')
    return "--serviceaccount=" + account;
  return "--user=" + *user;
}

// A value for the shell: as it is when plain, else in single quotes ('*' would glob).
std::string shell_word(const std::string& value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '/' || c == '=' || c == '_';
  });
  return plain ? value : "'" + value + "'";  // every part was checked to hold no quote
}

// `text` as part of an object's name: lower-case letters, digits, '-' and
// '.', anything else (a '/', a '*', a ':') as '-'.
std::string name_part(std::string_view text) {
  std::string part;
  for (char c : text) {
    const bool kept = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                      c == '-' || c == '.';
    part += kept ? c : c == '*' ? 'x' : '-';
  }
  return part;
}

// The Role's name says what it grants (type or URL, verbs, object,
// subresource), so two different grants never share one; the binding's
// adds whom it binds, so two users' bindings never share one either.
// Six hex digits of FNV-1a over `text`: tells apart paths that name_part
// writes alike ("/a-b" and "/a/b", "/logs/*" and "/logs/x").
std::string short_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", hash);
  return std::string(hex, 6);
}

std::string role_name(const Review& review, const std::vector<std::string>& verbs) {
  std::string name = "scopegate-" + (review.path.empty() ? review.type()
                                                          : "url" + name_part(review.path) + "-" + short_hash(review.path));
  for (const std::string& verb : verbs) name += "-" + (verb == "*" ? std::string("all") : verb);
  if (!review.name.empty()) name += "-" + review.name;
  if (!review.subresource.empty()) name += "-" + review.subresource;
  return name_part(name).substr(0, 200);
}

// "kubectl create role NAME --verb=... --resource=... -n NS; kubectl create rolebinding NAME-WHO ...".
std::string rbac_commands(const Review& review, const std::vector<std::string>& verbs, const std::string& subject) {
  const bool cluster = review.namespace_.empty();
  const std::string target = review.path.empty()
                                 ? review.resource + (review.subresource.empty() ? "" : "/" + review.subresource) +
                                       (review.group.empty() ? "" : "." + review.group)
                                 : review.path;
  const std::string name = role_name(review, verbs);
  const std::string who = subject.substr(subject.find('=') + 1);
  const std::string binding = who == "USER" ? name : name + "-" + name_part(who);
  std::string flags;
  for (const std::string& verb : verbs) flags += " " + shell_word("--verb=" + verb);
  flags += " " + shell_word((review.path.empty() ? "--resource=" : "--non-resource-url=") + target);
  if (!review.name.empty()) flags += " --resource-name=" + review.name;
  const std::string in = cluster ? "" : " -n " + review.namespace_;
  const std::string kind = cluster ? "clusterrole" : "role";
  return "kubectl create " + kind + " " + name + flags + in + "; kubectl create " + kind + "binding " + binding +
         " --" + kind + "=" + name + " " + subject + in;
}

class KubernetesProvider final : public Provider {
 public:
  // SelfSubjectReview: {"status": {"userInfo": {"username", "groups"}}}; a
  // cluster before 1.28 has none (404), which costs only the name.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    TokenFacts facts;
    facts.unverifiable_reason = "the user's permissions are asked per scope with SelfSubjectAccessReview (live only)";
    if (response.status == 401) return *facts_for_failure_status(response);
    if (response.status == 404) {
      facts.notes.push_back("the cluster has no SelfSubjectReview (Kubernetes < 1.28): the user is not named");
      return facts;
    }
    boost::json::value root;
    if (read_success_json(response, &root)) {  // the reviews still decide; only the name is lost
      facts.notes.push_back("SelfSubjectReview answered HTTP " + std::to_string(response.status) +
                            ": the user is not named");
      return facts;
    }
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
        const std::string said = error_message_of(outcome.response->body);
        facts.unanswered.emplace_back(scope, asked + " answered HTTP " + std::to_string(outcome.response->status) +
                                                 (said.empty() ? " without status.allowed" : ": " + util::neutralize(said)));
        continue;
      }
      if (allowed->get_bool()) {
        facts.granted.push_back(scope);
        continue;
      }
      judge_refusal(scope, root, facts);
    }
  }

 private:
  // Not allowed: an authorizer's explicit deny (no RBAC grant overrides it),
  // an evaluation error (the answer may be wrong: unverifiable), or simply
  // no rule (missing).
  static void judge_refusal(const std::string& scope, const boost::json::value& root, TokenFacts& facts) {
    const std::string reason = util::neutralize(string_at(root, "/status/reason").value_or(""));
    const std::string error = util::neutralize(string_at(root, "/status/evaluationError").value_or(""));
    const auto* denied = root.is_object() ? root.at("status").as_object().if_contains("denied") : nullptr;
    if (denied && denied->is_bool() && denied->get_bool()) {
      facts.proven_missing.push_back(scope);
      facts.explicitly_denied.push_back(scope);
      facts.notes.push_back(scope + ": explicitly denied by an authorizer" + (reason.empty() ? "" : " (" + reason + ")"));
    } else if (!error.empty()) {
      facts.unsettled.push_back(scope);
      facts.notes.push_back(scope + ": the authorizer could not decide (" + error + ")");
    } else {
      facts.proven_missing.push_back(scope);
      if (!reason.empty()) facts.notes.push_back(scope + ": " + reason);
    }
  }

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

// The RBAC to apply, as kubectl commands: per namespace, type and object
// a Role with exactly the missing verbs (named for them, so two fixes never
// collide) and a RoleBinding to the user the cluster named; a ClusterRole
// for cluster-scoped types, non-resource URLs and what no namespace holds.
std::string write_fix(const FixRequest& request) {
  struct Rule {
    Review review;
    std::vector<std::string> verbs;
  };
  std::vector<Rule> rules;
  std::vector<std::string> denied;
  for (const std::vector<std::string>& group : request.scopes) {
    Review review;
    if (group.empty() || !parse(group.front(), request.facts.resource, &review).empty()) continue;
    const auto& deny = request.facts.explicitly_denied;
    if (std::find(deny.begin(), deny.end(), group.front()) != deny.end()) {
      denied.push_back(group.front());
      continue;
    }
    auto rule = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) {
      return r.review.namespace_ == review.namespace_ && r.review.type() == review.type() &&
             r.review.subresource == review.subresource && r.review.name == review.name && r.review.path == review.path;
    });
    if (rule == rules.end()) rule = rules.insert(rules.end(), Rule{review, {}});
    if (std::find(rule->verbs.begin(), rule->verbs.end(), review.verb) == rule->verbs.end()) rule->verbs.push_back(review.verb);
  }
  const std::string subject = subject_of(request.facts.principal.empty() ? std::nullopt
                                                                          : std::optional<std::string>(request.facts.principal));
  std::vector<std::string> commands;
  for (const Rule& rule : rules) commands.push_back(rbac_commands(rule.review, rule.verbs, subject));
  if (!denied.empty())
    commands.push_back(util::join(denied, ", ") + " is explicitly denied by an authorizer (a webhook or policy), "
                                                  "which no RBAC grant overrides: change that authorizer's rule");
  if (subject == "--user=system:anonymous" || subject.starts_with("--user=system:node"))
    commands.push_back("mind the subject: " + subject.substr(7) + " is not a CI identity; bind the token's own user");
  return util::join(commands, "; ");
}

// `scopegate init --preset kubernetes`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  cluster:
    preset: kubernetes                # in a pod: its service account; elsewhere $KUBECONFIG or ~/.kube/config
    namespace: web                    # the default namespace (else the context's, or the pod's)
    # kubeconfig: ~/.kube/config      # or name the file, and with it
    # context: prod                   # the context (default: its current-context)

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
      .own_keys = {"resource", "namespace", "kubeconfig", "context"},
      .create = &kubernetes::create,
      .starter_manifest = kubernetes::kStarterManifest,
      .manifest_rules = &kubernetes::check_manifest_rules,
      .fix_writer = &kubernetes::write_fix,
      .scope_problem = &kubernetes::scope_problem,
      .read_connection = &kubernetes::read_connection,
  };
  return row;
}

}  // namespace scopegate::providers
