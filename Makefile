# metascrum — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: messages gettext oidc-test-provider run test test-moments bench soak fanout wrk lint migrations-check compose-check system-packages install vendor clean api-schema

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

## The compiled catalogues (.mo, not committed) come with the install.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
install: $(VENV)/.installed $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed gettext
	$(PY) manage.py compilemessages --locale $* --ignore=.venv --ignore=node_modules

## Update the German and Spanish catalogues (locale/) from the marked strings, then compile
## them: write the new entries' msgstr, and no entry may stay fuzzy (see README, Languages).
messages: $(VENV)/.installed gettext
	$(PY) manage.py makemessages -l de -l es --no-obsolete --ignore=.venv \
	  --ignore=node_modules --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

## Debian's gettext (msgfmt and xgettext, for the catalogues), if missing.
gettext:
	@command -v msgfmt >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

## Run the app with the demo programme on SQLite, a Celery worker and beat, no other service.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	bin/run-dev $(PORT)

## Run the whole suite: ruff, migrations check, unit, API and browser tests; then, unless
## TEST_NOW names the moment to run at, again at two moments of tests/moments.py picked at
## random, without browser tests, so the suite is kept passing whatever the date.
## PARALLEL: one test process per core, at most four (each has its own database and Redis
## database), work-stealing so that both finish together (a worker that runs out takes half of
## what the other has left); PARALLEL= runs in one process.
PARALLEL ?= --numprocesses=auto --maxprocesses=4 --dist worksteal
test: install system-packages oidc-test-provider
	$(MAKE) --no-print-directory lint migrations-check compose-check
	set -e; vars="$$(bin/test-env)"; env $$vars $(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS)
	@if [ -z "$$TEST_NOW" ] && [ "$(TEST_MOMENTS)" != 0 ]; then \
	  $(MAKE) --no-print-directory test-moments; fi

## The suite at MOMENTS (default: two picked at random), one run each, without the browser
## tests and without tests/security, tests/faults and the schemathesis run: access rules,
## crash recovery and the API's document depend on no date (all pass under TEST_NOW too) and
## are the slowest third of the suite.
MOMENTS ?= $(shell $(PYTHON) -m tests.moments --pick 2)
test-moments: install
	set -e; vars="$$(bin/test-env)"; for moment in $(MOMENTS); do \
	  echo "=== The suite as if it were $$moment (TEST_NOW; browser, security and fault tests left out) ==="; \
	  env $$vars TEST_NOW=$$moment $(PY) -m pytest $(PARALLEL) -m "not browser" -q \
	    --ignore=tests/security --ignore=tests/faults \
	    --ignore=tests/api/test_openapi_contract.py $(PYTEST_ARGS); done

## Benchmarks (needs PostgreSQL): gunicorn + wrk at 10/50/150 teams -> docs/BENCHMARKS.md.
bench: install wrk
	$(PY) bench/run.py $(BENCH_ARGS)

## Soak (needs PostgreSQL): 500 attendees poll one meeting room every 2 s for 10 minutes,
## worker memory sampled every 30 s -> docs/BENCHMARKS.md (SOAK_ARGS="--minutes 1" for a try).
soak: install wrk
	$(PY) bench/soak.py $(SOAK_ARGS)

## Fan-out (needs PostgreSQL and Redis): one meeting room, 500 push watchers (server-sent
## events) and 100 polling ones, the facilitator pressing Next every 5 s for 2 minutes; lag
## from click to watcher, CPU and renders per change -> docs/BENCHMARKS.md. Not part of `test`.
## FANOUT_ARGS="--push 50 --poll 10 --seconds 20 --no-doc" for a try.
fanout: install
	$(PY) bench/fanout.py $(FANOUT_ARGS)

## Debian's wrk (the benchmarks' load generator), if missing.
wrk:
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

## Write the API's OpenAPI document, as served at /api/v1/openapi.json, to docs/openapi.json:
## commit it with the change that made it differ (tests/api/test_committed_schema.py checks).
api-schema: install
	$(PY) manage.py export_openapi_schema --api metascrum.api.api --indent 2 \
	  --output docs/openapi.json
	echo >> docs/openapi.json

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

## The real OpenID Provider the SSO tests start on a loopback port: panva's oidc-provider from
## the npm registry, pinned by tests/security/oidc/package-lock.json.
OIDC_PROVIDER_MODULES := tests/security/oidc/node_modules/.package-lock.json
oidc-test-provider: system-packages $(OIDC_PROVIDER_MODULES)
$(OIDC_PROVIDER_MODULES): tests/security/oidc/package-lock.json
	npm ci --prefix tests/security/oidc --no-audit --no-fund --silent
	touch $@

## Debian's chromium (browser tests), docker-compose (checks docker-compose.yml), Node.js
## with npm (the SSO tests' OpenID Provider) and gettext (the catalogues), if missing.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 \
	  || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Re-vendor htmx and Swagger UI (the API reference) from the npm registry (no CDN at run time).
vendor:
	cd /tmp && npm pack htmx.org@2.0.11 --silent && tar xzf htmx.org-2.0.11.tgz
	cp /tmp/package/dist/htmx.min.js static/vendor/htmx/htmx.min.js
	cp /tmp/package/LICENSE static/vendor/htmx/LICENSE
	rm -rf /tmp/package && cd /tmp && npm pack swagger-ui-dist@5.35.0 --silent && tar xzf swagger-ui-dist-5.35.0.tgz
	cp /tmp/package/swagger-ui-bundle.js /tmp/package/LICENSE /tmp/package/NOTICE static/vendor/swagger-ui/
	sed '/sourceMappingURL/d' /tmp/package/swagger-ui.css > static/vendor/swagger-ui/swagger-ui.css

## docker-compose.yml must stay valid even though these machines run no Docker engine.
compose-check:
	@if docker compose version >/dev/null 2>&1; then c="docker compose"; else c="docker-compose"; fi; \
	env METASCRUM_ENV_FILE=.env.example $$c --env-file .env.example config -q && echo "docker-compose.yml is valid"

clean:
	rm -rf $(VENV) var
