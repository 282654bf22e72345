// libFuzzer: any workflow file and event payload give GITHUB_TOKEN
// permissions or a reason, never a crash; what they give holds the rules:
// only read or write levels, metadata with any grant, no write after a fork
// downgrade, and a fix block that reads back to what it grants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "providers/github_workflow.h"

namespace workflow = scopegate::providers::github_workflow;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the event; a NUL splits the workflow from the payload.
  if (size == 0) return 0;
  static constexpr std::string_view kEvents[] = {"push", "pull_request", "pull_request_target", "workflow_dispatch"};
  const std::string_view event = kEvents[data[0] % 4];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = text.find('\0');
  const std::string_view yaml = text.substr(0, split);
  const std::string_view payload = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
  const workflow::TokenPermissions computed = workflow::compute_permissions(yaml, "build", event, payload);
  if (!computed.readable) {
    if (computed.reason.empty() || !computed.levels.empty()) std::abort();
    return 0;
  }
  for (const auto& [name, level] : computed.levels) {
    if (level != "read" && level != "write") std::abort();
    if (computed.fork_downgraded && level == "write") std::abort();
  }
  if (!computed.levels.empty() && !computed.levels.count("metadata")) std::abort();
  // The fix for exactly this grant, as a workflow, grants it again.
  // The block goes under the job, every line of it indented by four.
  std::string again = "jobs:\n  build:\n";
  const std::string block = workflow::permissions_block(computed.levels);
  for (std::size_t start = 0; start < block.size();) {
    const std::size_t end = block.find('\n', start);
    again += "    " + block.substr(start, end - start) + "\n";
    start = end == std::string::npos ? block.size() : end + 1;
  }
  auto back = workflow::compute_permissions(again, "build", "push", "");
  // metadata comes with any grant, so a block never lists it.
  auto granted = computed.levels;
  granted.erase("metadata");
  back.levels.erase("metadata");
  if (!back.readable || (computed.complete && back.levels != granted)) std::abort();
  return 0;
}
