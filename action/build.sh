#!/usr/bin/env bash
# Builds scopegate on a GitHub-hosted Ubuntu runner (or Debian 12) into
# $BIN_DIR. yaml-cpp and Boost.JSON are linked statically, so the cached
# binary needs only what every runner image has: glibc, libstdc++, OpenSSL.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends cmake make g++ libboost-dev libboost-json-dev libyaml-cpp-dev libssl-dev
build_dir="$(mktemp -d)"
cmake -S "$SOURCE_DIR" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSCOPEGATE_TESTS=OFF -DSCOPEGATE_STATIC_DEPS=ON
cmake --build "$build_dir" -j"$(nproc)"
mkdir -p "$BIN_DIR"
install -m 0755 "$build_dir/scopegate" "$BIN_DIR/scopegate"
"$BIN_DIR/scopegate" --version
