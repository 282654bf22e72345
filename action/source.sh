#!/usr/bin/env bash
# Decides which scopegate source to build and where its binary lives, and
# prints a cache key that changes whenever the source or the runner image does.
set -euo pipefail
source_dir="$(cd "$ACTION_PATH/.." && pwd)"

# The repository that version: fetches from. github.action_repository is empty
# inside composite actions (actions/runner#2525), so it is read first from the
# action's own path: the runner checks `uses: OWNER/REPO/action@REF` out into
# .../_actions/OWNER/REPO/REF/action (GITHUB_ACTION_PATH, github.action_path).
action_repository() {
  local name='[A-Za-z0-9_.-]+'
  if [[ "$ACTION_PATH" =~ /_actions/($name)/($name)/ ]] &&
     [[ "${BASH_REMATCH[1]}" != .* ]] && [[ "${BASH_REMATCH[2]}" != . && "${BASH_REMATCH[2]}" != .. ]]; then
    echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  elif [[ "${ACTION_REPOSITORY:-}" =~ ^$name/$name$ ]]; then
    echo "$ACTION_REPOSITORY"
  fi
}

if [ -n "${SCOPEGATE_REF:-}" ]; then
  # Only tag and commit names: no option, no path, no URL can sneak in.
  if ! [[ "$SCOPEGATE_REF" =~ ^[A-Za-z0-9._/-]+$ ]] || [[ "$SCOPEGATE_REF" == -* ]]; then
    echo "::error title=scopegate::version must be a tag or commit of this repository" >&2
    exit 2
  fi
  repository="$(action_repository)"
  if [ -z "$repository" ]; then
    echo "::error title=scopegate::version: cannot tell which repository to fetch $SCOPEGATE_REF from: the action's path ($ACTION_PATH) is not .../_actions/OWNER/REPO/REF/action and github.action_repository is empty. Use the action as OWNER/REPO/action@REF, or leave version empty to build the source this action reference contains." >&2
    exit 2
  fi
  source_dir="$RUNNER_TEMP/scopegate-src"
  rm -rf "$source_dir"
  git init -q "$source_dir"
  git -C "$source_dir" fetch -q --depth 1 "${GITHUB_SERVER_URL:-https://github.com}/$repository" "$SCOPEGATE_REF"
  git -C "$source_dir" checkout -q FETCH_HEAD
fi
key="$(cd "$source_dir" && find CMakeLists.txt src action -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"

# The runner image: a binary built on ubuntu-22.04 must not be restored on
# ubuntu-24.04 (or the other way round), where glibc, libstdc++ and OpenSSL
# differ. The OS and its release, and the C library's version for rolling ones.
os_release="${SCOPEGATE_OS_RELEASE:-/etc/os-release}"
os_field() { sed -n "s/^$1=//p" "$os_release" 2>/dev/null | tr -d "\"'" | head -n 1; }
os_id="$(os_field ID)"
os_version="$(os_field VERSION_ID)"
libc="$(getconf GNU_LIBC_VERSION 2>/dev/null | tr -d ' ' || true)"
image="$(printf '%s-%s-%s' "${os_id:-unknown}" "${os_version:-rolling}" "${libc:-libc}" | tr -c 'A-Za-z0-9._-' '-')"
{
  echo "dir=$source_dir"
  echo "bin-dir=$HOME/.cache/scopegate/$image-$key"
  echo "image=$image"
  echo "key=$key"
} >> "$GITHUB_OUTPUT"
