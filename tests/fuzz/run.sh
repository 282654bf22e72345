#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each for a bounded time
# on its seed corpus, two at a time (one per core). Fails on any crash, leak,
# timeout (10 s per input) or out-of-memory (2 GiB).
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]     (default 30)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
clang_cxx="$(command -v clang++ || command -v clang++-14)"
clang_c="$(command -v clang || command -v clang-14)"
CC="$clang_c" CXX="$clang_cxx" cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=None -DSCOPEGATE_FUZZ=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build-fuzz -j2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fuzz() {
  local target="$1"
  mkdir -p "$work/$target"
  # New inputs go to the scratch directory; the committed seeds stay as they are.
  if build-fuzz/tests/fuzz/fuzz_$target "$work/$target" "tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/$target-" > "$work/$target.log" 2>&1; then
    local runs
    runs=$(grep -m1 "stat::number_of_executed_units" "$work/$target.log" | awk '{print $2}')
    echo "fuzz_$target: ${seconds}s, ${runs:-?} inputs, no crash, leak or timeout"
  else
    echo "fuzz_$target FAILED:"
    tail -40 "$work/$target.log"
    cp "$work"/$target-* build-fuzz/ 2>/dev/null && echo "the failing input is in build-fuzz/" || true
    return 1
  fi
}

status=0
targets=(manifest provider_answers headers proxy workflow_commands request_check neutralize workflow_permissions kubeconfig)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for target in "${targets[@]:i:2}"; do
    fuzz "$target" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done
exit $status
