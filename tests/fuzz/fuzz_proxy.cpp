// libFuzzer: NO_PROXY values against host names, and proxy URLs (with their
// credentials) from the environment, as curl reads them. The first line is
// the environment's value, the second the host asked for.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "net/proxy.h"
#include "net/url.h"

namespace {
class FuzzEnvironment final : public scopegate::util::Environment {
 public:
  std::map<std::string, std::string> values;
  std::optional<std::string> get(std::string_view name) const override {
    const auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = text.find('\n');
  const std::string setting = text.substr(0, newline);
  const std::string host = newline == std::string::npos ? "" : text.substr(newline + 1);
  (void)scopegate::net::no_proxy_matches(setting, host);
  (void)scopegate::net::proxy_authorization(setting);
  // The whole value "*" exempts every host; an empty value none.
  if (!host.empty() && !scopegate::net::no_proxy_matches("*", host)) std::abort();
  if (scopegate::net::no_proxy_matches("", host)) std::abort();
  FuzzEnvironment environment;
  environment.values = {{"HTTPS_PROXY", setting}, {"NO_PROXY", setting}, {"http_proxy", host}};
  const auto proxies = scopegate::net::ProxySettings::from_environment(environment);
  std::string error;
  if (const auto url = scopegate::net::parse_url(host, &error)) {
    (void)proxies.proxy_for(*url, &error);
    (void)scopegate::net::resolve_url(*url, setting, &error);
  }
  return 0;
}
