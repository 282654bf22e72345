#!/usr/bin/env bash
# Builds scopegate on a GitHub-hosted Ubuntu 24.04 runner (or Debian 12 and
# later) into $BIN_DIR. yaml-cpp and Boost.JSON are linked statically, so the
# cached binary needs only what the runner image has: glibc, libstdc++, OpenSSL.
set -euo pipefail

# Boost >= 1.81 with Boost.JSON: Debian 12 (libboost1.81-dev), Debian 13 and
# Ubuntu 24.04 (the default libboost-dev); Ubuntu 22.04's Boost 1.74 has no
# Boost.JSON. Said before apt-get runs, not as a compiler error two minutes later.
unsupported() {
  echo "::error title=scopegate::$1. Building scopegate needs Boost 1.81 or later with Boost.JSON, which Debian 12 and Ubuntu 24.04 have and Ubuntu 22.04 does not: run this job on runs-on: ubuntu-24.04 (or ubuntu-latest), or use the scopegate Docker image (docker build -t scopegate . from this repository) instead of the action." >&2
  exit 1
}
at_least() { [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }
os_release="${SCOPEGATE_OS_RELEASE:-/etc/os-release}"
os_field() { sed -n "s/^$1=//p" "$os_release" | tr -d "\"'" | head -n 1; }
if [ "$(uname -s)" != Linux ] || ! command -v apt-get > /dev/null || ! [ -r "$os_release" ]; then
  unsupported "This runner is not Debian or Ubuntu ($(uname -s), no apt-get or no $os_release)"
fi
os_id="$(os_field ID)"
os_version="$(os_field VERSION_ID)"
os_name="$(os_field PRETTY_NAME)"
case "$os_id" in
  ubuntu)
    at_least "$os_version" 24.04 || unsupported "This runner is ${os_name:-Ubuntu $os_version}"
    boost=(libboost-dev libboost-json-dev) ;;
  debian)
    if [ -z "$os_version" ] || at_least "$os_version" 13; then boost=(libboost-dev libboost-json-dev)   # testing, sid, 13+
    elif at_least "$os_version" 12; then boost=(libboost1.81-dev libboost-json1.81-dev)                # 12's default is 1.74
    else unsupported "This runner is ${os_name:-Debian $os_version}"
    fi ;;
  *) unsupported "This runner is ${os_name:-$os_id}, not Debian or Ubuntu" ;;
esac

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends cmake make g++ "${boost[@]}" libyaml-cpp-dev libssl-dev
build_dir="$(mktemp -d)"
cmake -S "$SOURCE_DIR" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSCOPEGATE_TESTS=OFF -DSCOPEGATE_STATIC_DEPS=ON
cmake --build "$build_dir" -j"$(nproc)"
mkdir -p "$BIN_DIR"
install -m 0755 "$build_dir/scopegate" "$BIN_DIR/scopegate"
"$BIN_DIR/scopegate" --version
