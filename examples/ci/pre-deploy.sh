#!/usr/bin/env bash
# A deploy script's gate: stop before touching anything when the token would
# fail half-way, and say why. The exit codes mean something, so branch on them.
set -euo pipefail

status=0
scopegate check -m scopegate.yaml -f deploy --min-ttl 7d || status=$?
case "$status" in
  0) ;;                                   # every scope is there, and the token lives a week
  4) echo "provider unreachable: retry in a few minutes" >&2; exit 75 ;;   # EX_TEMPFAIL
  5) echo "scopes cannot be verified for this token type; deploying anyway" >&2 ;;
  *) exit "$status" ;;                    # 1 missing, 2 bad manifest, 3 token rejected
esac

./deploy.sh
