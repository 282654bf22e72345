# scopegate as a container for any CI system:
#   docker build -t scopegate .
#   docker run --rm -v "$PWD:/work" -e SONAR_API_KEY scopegate check -m /work/scopegate.yaml
#
# Stage 1 builds on Debian 12 with yaml-cpp and Boost.JSON linked statically,
# so the runtime stage needs only glibc, libstdc++ and OpenSSL (checked by
# tests/integration/test_dockerfile.cpp against the packages installed below).
FROM debian:bookworm AS build
# No debconf prompts or warnings during the build (an ARG: not in the image).
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake make g++ libboost1.81-dev libboost-json1.81-dev libyaml-cpp-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY src ./src
# A unity build (the library's files merged a few to a compiler run): the same
# binary, from about half the compiler time.
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DSCOPEGATE_TESTS=OFF -DSCOPEGATE_STATIC_DEPS=ON \
      -DCMAKE_UNITY_BUILD=ON \
 && cmake --build /build -j"$(nproc)" \
 && strip /build/scopegate \
 && /build/scopegate --version

# Stage 2: the runtime. libssl3 for TLS, ca-certificates for the trust store
# (/etc/ssl/certs, looked up by hash; it brings the openssl program, which it
# depends on); libc6, libgcc-s1 and libstdc++6 come with the base image.
# The user and its group are both 10001, as USER below names them: a group
# useradd picks itself (999) would leave 10001 a group /etc/group lacks.
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 scopegate \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin scopegate
COPY --from=build /build/scopegate /usr/local/bin/scopegate
# OCI labels. The commit and the build time come from the build, so a
# release build passes them (and the repository's URL, which a fork changes):
#   docker build \
#     --build-arg VCS_REF="$(git rev-parse HEAD)" \
#     --build-arg BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
#     --build-arg SOURCE_URL=https://github.com/OWNER/scopegate \
#     -t scopegate:0.1.0 .
# Without them the two labels are empty. Declared after the COPY, so a new
# commit or date rebuilds only this layer.
# No licenses label: the repository has no license file yet.
ARG VERSION=0.1.0
ARG SOURCE_URL=https://github.com/OWNER/scopegate
ARG VCS_REF
ARG BUILD_DATE
LABEL org.opencontainers.image.title="scopegate" \
      org.opencontainers.image.description="Checks that an API token has every scope a CI pipeline needs, before the pipeline needs it" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.url="${SOURCE_URL}" \
      org.opencontainers.image.documentation="${SOURCE_URL}#readme" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
USER 10001:10001
# Mount the repository at /work: -v "$PWD:/work"
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/scopegate"]
CMD ["--help"]
