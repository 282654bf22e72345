// libFuzzer: any kubeconfig, and any output of its exec plugin, give a
// credential or a reason, never a crash; what they give holds the rules:
// a server to ask, a credential, and every secret registered before use.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "providers/exec_credential.h"
#include "providers/kubeconfig.h"

namespace kubeconfig = scopegate::providers::kubeconfig;
namespace util = scopegate::util;

namespace {
// One file, /k, holding the input; every other path is missing.
class OneFile final : public util::FileSystem {
 public:
  explicit OneFile(std::string text) : text_(std::move(text)) {}
  Status read_file(const std::string& path, std::size_t max_bytes, std::string* contents, std::string* error) const override {
    if (path != "/k") {
      *error = "No such file or directory";
      return Status::kNotFound;
    }
    if (text_.size() > max_bytes) return Status::kTooLarge;
    *contents = text_;
    return Status::kOkay;
  }
  bool write_file(const std::string&, std::string_view, Mode, std::string*) override { return false; }
  bool create_unique_file(const std::string&, const std::string&, const std::string&, std::string_view, std::string*,
                          std::string*) override { return false; }
  bool append_file(const std::string&, std::string_view, std::string*) override { return false; }
  bool exists(const std::string& path) const override { return path == "/k"; }
  bool check_writable(const std::string&, std::string*) const override { return false; }
  bool check_writable_directory(const std::string&, std::string*) const override { return false; }
  std::string current_directory() const override { return "/"; }

 private:
  std::string text_;
};

// The exec plugin: prints what the input says.
class Printing final : public util::ProcessRunner {
 public:
  explicit Printing(std::string out) : out_(std::move(out)) {}
  util::ProcessOutcome run(const util::ProcessRequest&) override {
    util::ProcessOutcome outcome;
    outcome.started = true;
    outcome.exit_code = 0;
    outcome.out = out_;
    return outcome;
  }

 private:
  std::string out_;
};

void must_be_hidden(const util::Redactor& redactor, const std::string& secret) {
  if (secret.size() >= util::Redactor::kShortestSecret && redactor.redact(secret).find(secret) != std::string::npos)
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A NUL splits the kubeconfig from what its exec plugin prints.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t split = text.find('\0');
  OneFile files(std::string(text.substr(0, split)));
  Printing plugin(split == std::string_view::npos ? std::string() : std::string(text.substr(split + 1)));
  util::Redactor redactor;
  std::string error;
  auto selected = kubeconfig::select({"/k"}, "", files, redactor, &error);
  if (!selected) {
    if (error.empty()) std::abort();
    return 0;
  }
  if (!error.empty() || selected->server.empty()) std::abort();
  must_be_hidden(redactor, selected->token);
  must_be_hidden(redactor, selected->client_key_pem);
  if (!selected->exec) {
    if (selected->token.empty() && selected->client_key_pem.empty()) std::abort();
    return 0;
  }
  const auto credential = kubeconfig::run_exec_plugin(*selected, plugin, redactor, std::chrono::seconds(1), &error);
  if (!credential) {
    if (error.empty()) std::abort();
    return 0;
  }
  if (credential->token.empty() && credential->client_key_pem.empty()) std::abort();
  must_be_hidden(redactor, credential->token);
  must_be_hidden(redactor, credential->client_key_pem);
  return 0;
}
