#!/usr/bin/env bash
# Builds the Dockerfile as it is and runs the image the way the README tells
# users to, without any registry: debootstrap makes debian:bookworm (minbase,
# from this machine's own APT mirror) and a slimmed debian:bookworm-slim,
# `podman import` tags them under their Docker Hub names, and
# `podman build --pull=never` builds the unchanged Dockerfile on them.
# Needs root, podman, runc, debootstrap and openssl (.ci/install-deps docker).
#   tests/docker/smoke.sh            runs every check; exit 1 when any fails
# Everything it makes stays in build-docker/ (git and the build context ignore
# build*/), podman's images included: the home-made Debian images never
# reach the machine's own image store under the official names.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
work="$repo/build-docker"
image=localhost/scopegate-smoke:test
if [ "$(id -u)" -ne 0 ]; then
  echo "tests/docker/smoke.sh needs root (podman as root, debootstrap)" >&2
  exit 2
fi
mkdir -p "$work"

# podman's own settings for this run only, leaving /etc/containers alone:
# crun cannot set RLIMIT_NOFILE here and refuses the hybrid cgroup layout, so
# runc; podman's default ulimits exceed this machine's hard limits, so ulimits
# below them.
limit() { local hard="$1"; if [ "$hard" = unlimited ] || [ "$hard" -gt 4096 ]; then echo 4096; else echo "$hard"; fi; }
nofile="$(limit "$(ulimit -Hn)")"
nproc="$(limit "$(ulimit -Hu)")"
cat > "$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$work/containers.conf"
cat > "$work/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
export CONTAINERS_STORAGE_CONF="$work/storage.conf"

failures=0
pass() { echo "  ok: $*"; }
fail() { echo "  FAILED: $*" >&2; failures=$((failures + 1)); }
step() { echo "== docker: $* ($SECONDS s)"; }

# --- base images --------------------------------------------------------------

# The first URIs of the machine's deb822 Debian sources: the mirror apt already uses.
debian_mirror() {
  local sources=/etc/apt/sources.list.d/debian.sources
  if [ -r "$sources" ]; then
    awk '/^URIs:/ { print $2; exit }' "$sources"
  else
    echo http://deb.debian.org/debian
  fi
}

# debian:bookworm as a minbase debootstrap with the machine's sources copied in;
# bookworm-slim as the same tree without documentation, manuals and locales,
# and with the dpkg path excludes the real slim image carries.
make_base_images() {
  local root="$work/bookworm" slim="$work/bookworm-slim"
  rm -rf "$root" "$slim"
  debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    bookworm "$root" "$(debian_mirror)" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; return 1; }
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    rm -f "$root/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
  fi
  rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin
  cp -a "$root" "$slim"
  rm -rf "$slim/usr/share/doc/"* "$slim/usr/share/man/"* "$slim/usr/share/info/"*
  find "$slim/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  cat > "$slim/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  tar -C "$root" -c . | podman import -q - docker.io/library/debian:bookworm > /dev/null
  tar -C "$slim" -c . | podman import -q - docker.io/library/debian:bookworm-slim > /dev/null
  rm -rf "$root" "$slim"
}

step "base images"
if podman image exists docker.io/library/debian:bookworm && podman image exists docker.io/library/debian:bookworm-slim; then
  echo "  reusing debian:bookworm and debian:bookworm-slim from an earlier run"
else
  make_base_images
fi

# --- the image ----------------------------------------------------------------

step "podman build"
# podman reuses a cached LABEL layer when only a build-arg changed: start clean.
podman rmi -f "$image" > /dev/null 2>&1 || true
# Each line of the build log with the seconds since the script started.
stamp() { while IFS= read -r line; do printf '%4d %s\n' "$SECONDS" "$line"; done; }
vcs_ref="$(git rev-parse HEAD 2>/dev/null || echo "unknown-$RANDOM")"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
if ! podman build --network=host --pull=never \
    --build-arg VCS_REF="$vcs_ref" --build-arg BUILD_DATE="$build_date" \
    -t "$image" . 2>&1 | stamp > "$work/build.log"; then
  tail -40 "$work/build.log" >&2
  echo "podman build failed (whole log: $work/build.log)" >&2
  exit 1
fi
echo "  built in $SECONDS s so far"

run() { podman run --rm --network=host "$@"; }
inspect() { podman image inspect --format "$1" "$image"; }

# --- what the image is --------------------------------------------------------

step "what the image is"
[ "$(inspect '{{.Config.User}}')" = "10001:10001" ] && pass "USER 10001:10001" || fail "USER is '$(inspect '{{.Config.User}}')'"
ids="$(run --entrypoint id "$image" 2>&1)" || true
[ "$ids" = "uid=10001(scopegate) gid=10001(scopegate) groups=10001(scopegate)" ] \
  && pass "runs as $ids" || fail "id says '$ids': the user or its group is not in /etc/passwd or /etc/group"
[ "$(inspect '{{json .Config.Entrypoint}}')" = '["/usr/local/bin/scopegate"]' ] \
  && pass "ENTRYPOINT is the binary" || fail "ENTRYPOINT is $(inspect '{{json .Config.Entrypoint}}')"
version="$(run "$image" --version 2>&1)" || true
expected_version="$(sed -n 's/^ARG VERSION=//p' Dockerfile)"
[ "$version" = "scopegate $expected_version" ] && pass "--version: $version" || fail "--version printed '$version', not scopegate $expected_version"
label() { inspect "{{index .Labels \"org.opencontainers.image.$1\"}}"; }
[ "$(label revision)" = "$vcs_ref" ] && pass "label revision = the commit" || fail "label revision is '$(label revision)'"
[ "$(label created)" = "$build_date" ] && pass "label created = the build time" || fail "label created is '$(label created)'"
[ "$(label version)" = "$expected_version" ] && pass "label version" || fail "label version is '$(label version)'"
[ "$(label title)" = scopegate ] && pass "label title" || fail "label title is '$(label title)'"
libraries="$(run --entrypoint ldd "$image" /usr/local/bin/scopegate 2>&1)" || true
if grep -q 'not found' <<< "$libraries" || ! grep -q 'libssl.so.3' <<< "$libraries"; then
  fail "shared libraries inside the image: $libraries"
elif grep -qE 'libboost|libyaml' <<< "$libraries"; then
  fail "Boost or yaml-cpp linked dynamically: $libraries"
else
  pass "every shared library resolves inside the image ($(grep -c '=>' <<< "$libraries") loaded)"
fi

# --- the quickstart, and a report into a mounted folder -----------------------

step "the quickstart"
status=0
output="$(run -v "$repo/examples/quickstart:/work:ro" "$image" \
  check -m scopegate.yaml --response-file scopes-allowed.json 2>&1)" || status=$?
if [ "$status" -eq 1 ] && grep -q 'documents:signed:export' <<< "$output" && grep -q 'documents:generated:read' <<< "$output"; then
  pass "exit 1 naming its two missing scopes"
else
  fail "quickstart exited $status: $output"
fi

step "a report into a mounted folder"
# The README's two ways: run as the folder's owner (--user "$(id -u):$(id -g)";
# a user other than root here, since root writes anywhere), or give uid 10001
# a folder it may write. A folder it may not write is exit 2 saying why.
quickstart_check=(check -m /in/scopegate.yaml --response-file /in/scopes-allowed.json --format json -o /work/report.json)
report_into() {  # FOLDER_OWNER [podman run options...]: the exit status; the output in $output
  local owner="$1"
  shift
  reports="$work/reports-$owner"
  rm -rf "$reports" && mkdir -p "$reports" && chown "$owner:$owner" "$reports" && chmod 0755 "$reports"
  local status=0
  output="$(run -v "$repo/examples/quickstart:/in:ro" -v "$reports:/work" "$@" "$image" "${quickstart_check[@]}" 2>&1)" \
    || status=$?
  return "$status"
}
report_holds() {  # OWNER: the report is there, is the quickstart's, and belongs to OWNER
  [ -s "$reports/report.json" ] && grep -q '"exit_code": *1' "$reports/report.json" \
    && [ "$(stat -c %u "$reports/report.json")" = "$1" ]
}
status=0; report_into 4242 --user 4242:4242 || status=$?
[ "$status" -eq 1 ] && report_holds 4242 && pass "--user as the folder's owner (4242) writes a report that owner owns" \
  || fail "report with --user 4242:4242: exit $status, $(ls -ln "$reports" 2>&1): $output"
status=0; report_into 10001 || status=$?
[ "$status" -eq 1 ] && report_holds 10001 && pass "a folder uid 10001 owns takes the report without --user" \
  || fail "report into a folder of uid 10001: exit $status, $(ls -ln "$reports" 2>&1): $output"
status=0; report_into 4242 || status=$?
[ "$status" -eq 2 ] && grep -q 'Permission denied' <<< "$output" && [ ! -e "$reports/report.json" ] \
  && pass "a folder uid 10001 may not write is exit 2 with Permission denied" \
  || fail "a folder uid 10001 may not write: exit $status: $output"

# --- TLS against a local HTTPS server signed by a throwaway CA ----------------

step "TLS with a private CA"
tls="$work/tls"
rm -rf "$tls" && mkdir -p "$tls/certs" "$tls/www/acme/api/sdk/v1"
cp examples/quickstart/scopes-allowed.json "$tls/www/acme/api/sdk/v1/scopes-allowed"
# openssl's own messages go to a log that is shown when a step fails.
make_certificates() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=scopegate-smoke-ca \
    -keyout "$tls/ca.key" -out "$tls/certs/ca.pem" &&
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$tls/server.key" -out "$tls/server.csr" &&
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/certs/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 1 \
    -extfile <(echo subjectAltName=IP:127.0.0.1) -out "$tls/server.pem" &&
  openssl rehash "$tls/certs"
}
make_certificates > "$tls/openssl.log" 2>&1 || { cat "$tls/openssl.log" >&2; exit 1; }
rm -f "$tls/ca.key"  # nothing else is ever signed with it
hashed="$(cd "$tls/certs" && ls ./*.0 | head -1)"
hashed="${hashed#./}"
chmod -R a+rX "$tls/certs" "$tls/www"
# Port 0: the kernel picks a free one, and s_server says which ("ACCEPT host:port").
(cd "$tls/www" && exec openssl s_server -accept 127.0.0.1:0 \
  -cert "$tls/server.pem" -key "$tls/server.key" -WWW) > "$tls/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
port=""
for _ in $(seq 50); do
  port="$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tls/server.log")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tls/server.log" >&2; echo "openssl s_server did not start" >&2; exit 1; }
cat > "$tls/scopegate.yaml" <<EOF
version: 1
providers:
  sonar:
    preset: sonar
    base_url: https://127.0.0.1:$port/acme
    token_env: SONAR_API_KEY
features:
  read-signed:
    requires: [documents:signed:read]
EOF
# The token travels as the README says, by name (-e NAME), its value in the
# environment podman inherits, never on a command line.
export SONAR_API_KEY=sk_live_smoke_0123456789
tls_run() {
  local output
  output="$(run -v "$tls/scopegate.yaml:/work/scopegate.yaml:ro" -v "$tls/certs:/certs:ro" -e SONAR_API_KEY "$@" 2>&1)" \
    || { local status=$?; echo "$output"; return "$status"; }
  echo "$output"
}
status=0
output="$(tls_run "$image" check -m scopegate.yaml)" || status=$?
[ "$status" -eq 4 ] && grep -q 'certificate verify failed' <<< "$output" \
  && pass "a private CA is refused by default (exit 4, certificate verify failed)" \
  || fail "without the CA: exit $status: $output"
status=0
output="$(tls_run "$image" check -m scopegate.yaml --ca-file /certs/ca.pem)" || status=$?
[ "$status" -eq 0 ] && pass "--ca-file trusts it" || fail "--ca-file: exit $status: $output"
status=0
output="$(tls_run -e SSL_CERT_DIR=/certs "$image" check -m scopegate.yaml)" || status=$?
[ "$status" -eq 0 ] && pass "SSL_CERT_DIR trusts it" || fail "SSL_CERT_DIR: exit $status: $output"
status=0
output="$(tls_run -v "$tls/certs/$hashed:/etc/ssl/certs/$hashed:ro" "$image" check -m scopegate.yaml)" || status=$?
[ "$status" -eq 0 ] && pass "the image's trust store (/etc/ssl/certs, by hash) trusts a CA added to it" \
  || fail "a CA in /etc/ssl/certs: exit $status: $output"
if grep -rq "$SONAR_API_KEY" "$work/reports-"* "$tls/server.log" 2> /dev/null || grep -q "$SONAR_API_KEY" <<< "$output"; then
  fail "the token appears in a report, the server's log or the output"
else
  pass "the token appears in no report and no output"
fi

step "done"
if [ "$failures" -ne 0 ]; then
  echo "$failures image check(s) failed" >&2
  exit 1
fi
echo "the image builds and every check holds ($SECONDS s)"
