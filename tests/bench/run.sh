#!/usr/bin/env bash
# One command from a clean checkout: build the release binary and the
# benchmarks, then print every performance goal next to its measurement.
#   tests/bench/run.sh [--runs N] [--sizes 1000,10000,20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/install-deps
missing=()
for package in curl libbenchmark-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target scopegate scopegate_bench scopegate_bench_engine
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(. /etc/os-release && echo "$PRETTY_NAME")"
build-bench/tests/scopegate_bench "$@"
echo
echo "5. The engine's parts (Google Benchmark)"
build-bench/tests/scopegate_bench_engine --benchmark_min_time=0.2
