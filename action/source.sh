#!/usr/bin/env bash
# Decides which scopegate source to build and where its binary lives, and
# prints a cache key that changes whenever the source does.
set -euo pipefail
source_dir="$(cd "$ACTION_PATH/.." && pwd)"
if [ -n "${SCOPEGATE_REF:-}" ]; then
  # Only tag and commit names: no option, no path, no URL can sneak in.
  if ! [[ "$SCOPEGATE_REF" =~ ^[A-Za-z0-9._/-]+$ ]] || [[ "$SCOPEGATE_REF" == -* ]]; then
    echo "::error title=scopegate::version must be a tag or commit of this repository" >&2
    exit 2
  fi
  source_dir="$RUNNER_TEMP/scopegate-src"
  rm -rf "$source_dir"
  git init -q "$source_dir"
  git -C "$source_dir" fetch -q --depth 1 "https://github.com/$ACTION_REPOSITORY" "$SCOPEGATE_REF"
  git -C "$source_dir" checkout -q FETCH_HEAD
fi
key="$(cd "$source_dir" && find CMakeLists.txt src action -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
{
  echo "dir=$source_dir"
  echo "bin-dir=$HOME/.cache/scopegate/$key"
  echo "key=$key"
} >> "$GITHUB_OUTPUT"
