# Three commands: `make run` (the service on the embedded SQLite default), `make test` (every test) and `make fuzz`
# (the fuzz suites, long). All use the same build command (`swift build --build-tests`), so switching between them
# recompiles nothing.

SWIFT_BUILD := swift build --build-tests
# Warnings are errors in every build made through make (Package.swift reads this); a plain `swift build` only warns.
export WARDEN_STRICT_BUILD := 1
DATA_DIR    := $(CURDIR)/.warden

.PHONY: run test fuzz build codex readme images deploy-test browser-test

codex:
	@scripts/install-codex >/dev/null

build:
	$(SWIFT_BUILD)

## Run `warden serve` on 127.0.0.1:8080 with its data under ./.warden (a webhook secret is generated there once).
run: codex build
	@mkdir -p $(DATA_DIR) && chmod 700 $(DATA_DIR)
	@test -s $(DATA_DIR)/webhook-secret || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > $(DATA_DIR)/webhook-secret)
	@echo "webhook secret: $(DATA_DIR)/webhook-secret (paste it into GitLab's Secret token field)"
	WARDEN_LISTEN=$${WARDEN_LISTEN:-127.0.0.1:8080} \
	WARDEN_DATA_DIR=$${WARDEN_DATA_DIR:-$(DATA_DIR)} \
	WARDEN_CODEX_BIN=$${WARDEN_CODEX_BIN:-$$(scripts/install-codex)} \
	WARDEN_GITLAB_WEBHOOK_SECRET_FILE=$${WARDEN_GITLAB_WEBHOOK_SECRET_FILE:-$(DATA_DIR)/webhook-secret} \
	.build/debug/warden serve

## Run every test (unit, HTTP, and the real codex binary against the scripted model server).
## Serially: many tests run servers in-process next to real child processes, and on a 2-core machine Swift's
## cooperative pool has two threads, so parallel suites starve each other's servers (about 100 s in all).
## HOME is a scratch folder: the login shells codex and the exec server start must not source the operator's
## dotfiles (a pyenv init killed mid-rehash by a timeout test leaves a lock that hangs every later login shell).
TEST_HOME := $(CURDIR)/.build/test-home

test: codex build
	@mkdir -p $(TEST_HOME)
	WARDEN_CODEX_BIN=$$(scripts/install-codex) PYENV_ROOT=$${PYENV_ROOT:-$$HOME/.pyenv} HOME=$(TEST_HOME) \
	swift test --skip-build --no-parallel

## Run the fuzz suites long: at least 100 000 generated inputs per target instead of `make test`'s 2 000.
FUZZ_ITERATIONS ?= 100000

fuzz: build
	@mkdir -p $(TEST_HOME)
	WARDEN_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) HOME=$(TEST_HOME) swift test --skip-build --no-parallel --filter FuzzTests

## Regenerate the README's settings tables from the settings registries (a test fails when they differ).
readme: build
	scripts/update-readme-settings .build/debug/warden

## Build the container images of deploy/images for users: the release binary (static Swift runtime), the pinned codex,
## from a registry base (IMAGE_BASE). Tags $(IMAGE_PREFIX)<name>:$(IMAGE_TAG); deploy/README.md describes each.
PODMAN       ?= podman
IMAGE_BASE   ?= debian:bookworm-slim
IMAGE_PREFIX ?= localhost/
IMAGE_TAG    ?= $(shell sed -n 's/^appVersion: "\(.*\)"$$/\1/p' deploy/helm/warden/Chart.yaml)
IMAGE_CTX    := $(CURDIR)/.build/images

images: codex
	swift build -c release --static-swift-stdlib --product warden
	deploy/images/warden/stage-context .build/release/warden "$$(dirname "$$(dirname "$$(dirname "$$(scripts/install-codex)")")")" $(IMAGE_CTX)/warden
	deploy/images/warden/stage-context .build/release/warden none $(IMAGE_CTX)/warden-exec
	$(PODMAN) build --build-arg BASE=$(IMAGE_BASE) --target standalone -t $(IMAGE_PREFIX)warden:$(IMAGE_TAG) -f deploy/images/warden/Containerfile $(IMAGE_CTX)/warden
	$(PODMAN) build --build-arg BASE=$(IMAGE_BASE) --target sidecar-bot -t $(IMAGE_PREFIX)warden-sidecar-bot:$(IMAGE_TAG) -f deploy/images/warden/Containerfile $(IMAGE_CTX)/warden
	$(PODMAN) build --build-arg BASE=$(IMAGE_BASE) -t $(IMAGE_PREFIX)warden-exec:$(IMAGE_TAG) -f deploy/images/warden-exec/Containerfile $(IMAGE_CTX)/warden-exec
	$(PODMAN) build --build-arg BASE=$(IMAGE_BASE) -t $(IMAGE_PREFIX)warden-egress-proxy:$(IMAGE_TAG) deploy/images/egress-proxy
	$(PODMAN) build --build-arg BASE=$(IMAGE_BASE) -t $(IMAGE_PREFIX)warden-dns:$(IMAGE_TAG) deploy/images/dns
	$(PODMAN) run --rm --network=none $(IMAGE_PREFIX)warden:$(IMAGE_TAG) --version
	$(PODMAN) run --rm --network=none $(IMAGE_PREFIX)warden-exec:$(IMAGE_TAG) --help >/dev/null

## The deploy tests (deploy/tests, pytest): every image built offline from a debootstrap base and run as an
## arbitrary uid on a read-only root; the compose file under docker-compose + podman. Needs root, the packages
## .ci/run installs, and the debug build of `make test` (or WARDEN_BINARY). The base is cached in .build/deploy.
deploy-test:
	python3 -m pytest -q -p no:cacheprovider deploy/tests

## The dashboard in a real browser (tests/browser, pytest + playwright driving Debian's /usr/bin/chromium): the debug
## build's `warden serve` and the browser run inside a fresh network namespace with only loopback up, so the page
## reaches nothing but the server. Screenshots land in .build/artifacts/dashboard/. Needs root (unshare -n), the
## packages .ci/run installs, the pinned codex (for the version the page shows) and the debug build of `make build`.
## Not part of `make test`.
browser-test: codex build
	@mkdir -p .build/artifacts/dashboard
	WARDEN_CODEX_BIN=$$(scripts/install-codex) unshare -n sh -c 'ip link set lo up && exec python3 -m pytest -q -p no:cacheprovider tests/browser'
