// Shopify: GET https://{shop}.myshopify.com/admin/oauth/access_scopes.json
// (no API version in the path) with the token in X-Shopify-Access-Token
//   -> {"access_scopes": [{"handle": "read_products"}, ...]}
// A write_X scope includes read_X (shopify.dev, "Access scopes").
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
class ShopifyProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    const auto* scopes = root.is_object() ? root.get_object().if_contains("access_scopes") : nullptr;
    if (!scopes || !scopes->is_array())
      return TokenFacts::failed("cannot read Shopify's answer: \"/access_scopes\" is not an array");
    TokenFacts facts;
    for (const auto& entry : scopes->get_array()) {
      const auto handle = string_at(entry, "/handle");
      if (!handle) return TokenFacts::failed("cannot read Shopify's answer: an access scope has no \"handle\" string");
      facts.granted.push_back(*handle);
    }
    facts.scopes_listed = true;
    facts.expiry_known = true;  // an Admin API access token lasts until the app is uninstalled
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/admin/oauth/access_scopes.json", error);
  }
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("X-Shopify-Access-Token", context.token);
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace shopify {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<ShopifyProvider>();
}

// write_X covers read_X, for every X: Shopify adds resources faster than a list would.
bool write_covers_read(std::string_view granted, std::string_view required) {
  constexpr std::string_view kWrite = "write_", kRead = "read_";
  return granted.starts_with(kWrite) && required.starts_with(kRead) && granted.size() > kWrite.size() &&
         granted.substr(kWrite.size()) == required.substr(kRead.size());
}

const scope::VocabularyData& vocabulary() {
  // A few of shopify.dev's Admin API access scopes, for did-you-mean; the list is open.
  static const scope::VocabularyData data{
      "",
      false,
      {},
      {
          {"read_products", ""},  {"write_products", ""},  {"read_orders", ""},     {"write_orders", ""},
          {"read_customers", ""}, {"write_customers", ""}, {"read_inventory", ""},  {"write_inventory", ""},
          {"read_themes", ""},    {"write_themes", ""},    {"read_content", ""},    {"write_content", ""},
          {"read_fulfillments", ""}, {"write_fulfillments", ""}, {"read_locations", ""}, {"read_files", ""},
          {"write_files", ""},    {"read_discounts", ""},  {"write_discounts", ""}, {"read_metaobjects", ""},
          {"write_metaobjects", ""}, {"read_translations", ""}, {"write_translations", ""},
      },
      {},
      false,
      "Shopify",
  };
  return data;
}

// `scopegate init --preset shopify`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  shopify:
    preset: shopify
    base_url: https://${SHOPIFY_SHOP}.myshopify.com   # the shop's own domain: the token goes there
    token_env: SHOPIFY_ACCESS_TOKEN

features:
  sync-products:
    description: Publish the product catalogue
    requires: [write_products]
  deploy-theme:
    description: Upload the theme
    requires: [write_themes]
)";
}  // namespace shopify

const PresetInfo& shopify_preset() {
  static const PresetInfo row{
      .name = "shopify",
      .summary = "Shopify Admin API tokens (GET /admin/oauth/access_scopes.json)",
      .default_token_env = "SHOPIFY_ACCESS_TOKEN",
      .default_token_page = "{base}/admin/settings/apps/development",
      .fix_template = "add {scopes} to the app's Admin API access scopes[ at {page}], then install the update",
      .needs_base_url = true,
      .vocabulary = &shopify::vocabulary,
      .grant_rule = &shopify::write_covers_read,
      .create = &shopify::create,
      .starter_manifest = shopify::kStarterManifest,
  };
  return row;
}

}  // namespace scopegate::providers
