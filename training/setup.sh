#!/usr/bin/env bash
# Creates the training venv (.venv-train) for `make model`. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
VENV=.venv-train
STAMP="$VENV/.installed"
if [[ -f "$STAMP" && "$STAMP" -nt training/requirements.txt ]]; then exit 0; fi
test -x "$VENV/bin/python" || "$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q -r training/requirements.txt
# packages whose declared dependencies we do not need (data files only); pinned, no deps
"$VENV/bin/pip" install -q --no-deps drug-named-entity-recognition==2.0.9
touch "$STAMP"
