#!/usr/bin/env bash
# Runs scopegate check with the action's inputs, which arrive only as
# environment variables (never expanded into this script's text).
set -uo pipefail
args=(check -m "$INPUT_MANIFEST" --format github)
if [ -n "${INPUT_FEATURES:-}" ]; then args+=(-f "$INPUT_FEATURES"); fi
if [ "${INPUT_FAIL_ON_EXCESS:-false}" = "true" ]; then args+=(--fail-on-excess); fi
if [ -n "${INPUT_MIN_TTL:-}" ]; then args+=(--min-ttl "$INPUT_MIN_TTL"); fi
report_file=""
if [ -n "${INPUT_FORMAT:-}" ] && [ "$INPUT_FORMAT" != "github" ]; then
  case "$INPUT_FORMAT" in
    json) extension=json ;; junit) extension=xml ;; markdown) extension=md ;; sarif) extension=sarif ;;
    *) echo "::error title=scopegate::format must be json, junit, markdown or sarif" >&2; exit 2 ;;
  esac
  # A directory of this step's own (mktemp: a new name, mode 0700): two
  # scopegate steps in one job never share a report, and an earlier run's
  # report cannot pass for this one's.
  report_dir="$(mktemp -d "${RUNNER_TEMP:-/tmp}/scopegate.XXXXXX")"
  report_file="$report_dir/scopegate-report.$extension"
  args+=(--report "$INPUT_FORMAT=$report_file")
fi
if [ -n "${INPUT_ARGS:-}" ]; then
  # Split on white space, newlines included (args: | keeps one per line);
  # nothing is evaluated. read -d '' reads to the end and then says 1.
  read -r -d '' -a extra <<< "$INPUT_ARGS" || true
  args+=("${extra[@]}")
fi
status=0
"$SCOPEGATE" "${args[@]}" || status=$?
# Only a report this run wrote: none after a usage error (exit 2), for example.
if [ -n "$report_file" ] && [ -f "$report_file" ]; then
  delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf 'report-file<<%s\n%s\n%s\n' "$delimiter" "$report_file" "$delimiter" >> "$GITHUB_OUTPUT"
fi
exit "$status"
