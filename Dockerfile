# syntax=docker/dockerfile:1
#
# The civgraph gateway as a container image: a static Go binary (CGO off)
# with the GraphiQL playground's assets built in, on distroless's static
# base (no shell, no libc, no package manager), running as a non-root user.
#
#   docker build -t civgraph .
#   docker run --rm -p 8080:8080 civgraph            # sample upstreams inside
#
# Configuration comes from CIVGRAPH_* environment variables (see
# config/REFERENCE.md); deploy/kubernetes shows them set from a ConfigMap
# and credentials from Secrets.

ARG GO_VERSION=1.26
ARG NODE_VERSION=20

# 1. The playground's pinned npm packages (package-lock.json), without the
#    browser test's dev dependencies.
FROM node:${NODE_VERSION}-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 2. The static binary, with those assets embedded.
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/web/node_modules ./web/node_modules
RUN deploy/build-static /out/civgraph

# 3. The runtime: the binary alone.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/civgraph /civgraph
# distroless's "nonroot" user; numeric, so that Kubernetes' runAsNonRoot
# can verify it.
USER 65532:65532
ENV CIVGRAPH_LISTEN=0.0.0.0:8080 \
    CIVGRAPH_LOG_FORMAT=json
EXPOSE 8080
# Exec form: there is no shell. healthcheck probes /healthz on the port of
# CIVGRAPH_LISTEN.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/civgraph", "healthcheck", "--timeout", "4s"]
ENTRYPOINT ["/civgraph"]
CMD ["serve"]
