# Milia Guide. `make run` and `make test` work on a fresh machine: they create .venv and install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help run test e2e lint format validate serve safety-report bench load package cfn-lint \
        skill-package models clean simulator

help: ## list the targets and what they do
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z0-9-]*:.*## / { printf "  %-15s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)

# Installs go through uv (from PyPI), much faster than pip. uv comes from PATH if it is there,
# else from PyPI into the venv (with the system pip, else the venv's own pip).
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --python $(BIN)/python
RUN_STAMP := $(VENV)/.installed-run

$(UV):
	@echo "==> creating $(VENV) and getting uv"
	$(PYTHON) -m venv --without-pip $(VENV)
	@if command -v uv >/dev/null 2>&1; then ln -sf "$$(command -v uv)" $(UV); \
	elif ! $(PYTHON) -m pip --python $(BIN)/python install --quiet uv 2>/dev/null; then \
		$(BIN)/python -m ensurepip --upgrade >/dev/null && $(BIN)/python -m pip install --quiet uv; \
	fi
	@$(UV) --version

# `make run`: the skill and the simulator's NLU (the sim extra), not the dev toolchain.
$(RUN_STAMP): pyproject.toml | $(UV)
	@echo "==> installing milia-guide[sim] into $(VENV) (what the chat needs)"
	$(UV_INSTALL) -e '.[sim]'
	@touch $@

# `make test` and the tools: everything (the dev extra includes web, aws and sim), and pip,
# which serverless-python-requirements runs.
$(STAMP): pyproject.toml | $(UV)
	@echo "==> installing milia-guide[dev] into $(VENV) (test and build tools)"
	$(UV_INSTALL) --compile-bytecode -e '.[dev]' pip
	@touch $@ $(RUN_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(RUN_STAMP) ## talk to the skill in the terminal; make run ARGS="--screen --locale en-GB"
	@$(BIN)/milia-skill chat $(ARGS)

# validate runs in the suite (tests/cli/test_cli.py), with the models the other tests build.
test: $(STAMP) $(NODE_STAMP) ## lint, type-check, validate, and run every test (Python and Node)
	$(BIN)/ruff check skill lambda tests benchmarks
	$(BIN)/ruff format --check skill lambda tests benchmarks
	$(BIN)/mypy
	@# Bytecode caching on even where the shell turns it off (PYTHONDONTWRITEBYTECODE): the test
	@# workers and the CLI processes the tests start then share compiled modules (__pycache__/,
	@# git-ignored), which saves a few seconds a run.
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint and format check), then mypy (strict on skill/, see pyproject.toml)
	$(BIN)/ruff check skill lambda tests benchmarks
	$(BIN)/ruff format --check skill lambda tests benchmarks
	$(BIN)/mypy

format: $(STAMP) ## fix what ruff can fix and format the code
	$(BIN)/ruff check --fix skill lambda tests benchmarks
	$(BIN)/ruff format skill lambda tests benchmarks

# -n0: in this process (not an xdist worker), so the Node tests print by name.
e2e: $(STAMP) $(NODE_STAMP) ## virtual-alexa (Node) against the live web service
	$(BIN)/python -m pytest tests/e2e/test_node_e2e.py -n0

validate: $(STAMP) ## check the interaction models (valid, up to date) and the content
	$(BIN)/milia-skill validate

models: $(STAMP) ## regenerate interaction_models/ from skill/lexicon.py and skill/tools/modelgen.py
	$(BIN)/python -m skill.tools.modelgen

simulator: $(STAMP) ## the browser simulator (the console's Test tab, offline) on 127.0.0.1:5055
	$(BIN)/milia-skill simulator

serve: $(STAMP) ## the web service on 127.0.0.1:5000, verifying Alexa signatures
	$(BIN)/milia-skill serve

safety-report: $(STAMP) ## confusion matrix and topic accuracy of the safety suites
	$(BIN)/python -m tests.safety.report

bench: $(STAMP) $(NODE_STAMP) ## cold start, warm latency, memory and zip size vs hello-world
	$(BIN)/python benchmarks/run.py

load: $(STAMP) ## 30 s of load on loopback (locust)
	$(BIN)/python benchmarks/load.py

# python3.12 builds bytecode the Lambda runtime (python3.12) can load; empty when there is none.
PY312 ?= $(shell for p in python3.12 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3.12; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)
SLS_ENV := SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off NPM_CONFIG_UPDATE_NOTIFIER=false

package: $(STAMP) $(NODE_STAMP) ## the Lambda artifact and CloudFormation template (osls, offline)
	$(if $(PY312),$(PY312) -m compileall -q -f --invalidation-mode checked-hash skill lambda)
	PATH="$(CURDIR)/$(BIN):$$PATH" SOURCE_DATE_EPOCH=315532800 PYTHON_BIN="$(or $(PY312),python3)" \
		$(SLS_ENV) npx --no-install osls package
	@ls -l .serverless/milia-guide.zip
	@$(BIN)/python -c "import re, sys, zipfile; names = zipfile.ZipFile('.serverless/milia-guide.zip').namelist(); \
		extra = [n for n in names if re.match(r'skill/(simulator|tools|web)/|skill/(cli|__main__)\.py', n)]; \
		sys.exit(f'the zip holds more than the request path: {extra[:5]}' if extra else 0)"
	@echo "the zip holds only the request path (no simulator, tools, web service or CLI)"

cfn-lint: package ## package, then lint the CloudFormation template
	@echo "==> cfn-lint .serverless/cloudformation-template-update-stack.json"
	$(BIN)/cfn-lint .serverless/cloudformation-template-update-stack.json
	@echo "cfn-lint: no problems in the CloudFormation template"

skill-package: $(STAMP) ## build/skill-package for the ASK CLI
	$(BIN)/milia-skill package

clean: ## remove .venv, node_modules and every build output and cache
	rm -rf $(VENV) node_modules .serverless build .pytest_cache .ruff_cache .mypy_cache
