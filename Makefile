# The README's two commands: `make test` and `make demo`. Each installs what it needs itself.
SHELL := /bin/bash
.DEFAULT_GOAL := test
NPM ?= npm

.PHONY: test install install-node deps-system build typecheck lint check-generated unit demo bench acceptance sweep generate update-model clean

# Everything CI runs: install, build, type checks, lint, stale-generated-code check, every test.
test: install build typecheck lint check-generated
	$(NPM) test

install: deps-system install-node

install-node:
	$(NPM) ci --no-audit --no-fund
	$(NPM) run link-self

# boto3 from Debian, for the boto3 conformance test (tests/conformance), run with /usr/bin/python3.
deps-system:
	@if ! /usr/bin/python3 -c 'import boto3' >/dev/null 2>&1; then \
	  echo "installing Debian python3-boto3 for the conformance test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-boto3 >/dev/null; \
	fi

build:
	$(NPM) run build

typecheck:
	$(NPM) run typecheck

lint:
	$(NPM) run lint

generate:
	$(NPM) run generate

# Refreshes models/ (the official model) from a botocore data folder, then regenerates the client:
#   make update-model MODEL_DIR=/path/to/botocore/data [BOTOCORE_VERSION=X.Y.Z]
update-model:
	@test -n "$(MODEL_DIR)" || { echo "usage: make update-model MODEL_DIR=<botocore data folder> [BOTOCORE_VERSION=X.Y.Z]" >&2; exit 2; }
	$(NPM) run update-model -- "$(MODEL_DIR)" $(if $(BOTOCORE_VERSION),--botocore-version "$(BOTOCORE_VERSION)")
	$(NPM) run generate

# Fails when the committed generated client differs from what the model produces, or schema.json from what the
# TypeScript types produce.
check-generated:
	$(NPM) run generate -- --check
	$(NPM) run schema -- --check

# examples/basic on the local emulator: preview, up, no-op up, update, replace, refresh, destroy.
# Uses a real `pulumi` CLI when one is on PATH, else the project's engine in a box.
demo: install-node build
	npx ts-node --transpile-only scripts/demo.ts

bench: install-node build
	$(NPM) run bench

# The acceptance scenarios against a real AWS account with the real pulumi CLI (docs/acceptance.md). Refuses, naming
# what is missing, unless pulumi is on PATH, AWS credentials resolve and their account is NFM_ACCEPTANCE_ACCOUNT.
acceptance: install-node build
	$(NPM) run acceptance

# Deletes the monitors and scopes tagged `acceptance` that a failed acceptance run left (lists them first).
sweep: install-node
	$(NPM) run sweep

clean:
	rm -rf dist
