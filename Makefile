# The two commands of the README: `make run` and `make test`. Both install what they need first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Compiled interface translations (not committed): built from the .po catalogs on install.
MO := $(patsubst %.po,%.mo,$(wildcard survey/translations/*/LC_MESSAGES/messages.po))

.PHONY: install run test lint bench bench-scaling bench-downloads soak clean translations

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP) $(MO)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

# After changing interface texts: extract them and merge into the catalogs, then translate the new entries.
translations: install
	$(VENV)/bin/pybabel extract -F survey/babel.cfg -k _l -k Message --no-location --sort-output \
		-o survey/translations/messages.pot .
	$(VENV)/bin/pybabel update -i survey/translations/messages.pot -d survey/translations \
		--no-fuzzy-matching --ignore-obsolete --width 115

run: install
	$(VENV)/bin/flask --app wsgi up

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	$(VENV)/bin/pytest -q

# Submit runs on PostgreSQL too when ARVIO_BENCH_POSTGRES_URL is set (else as bench/submit.py decides: SQLite,
# plus PostgreSQL when ARVIO_TEST_POSTGRES_URL is set).
bench: install
	$(PY) bench/analysis.py
	$(PY) bench/export.py
	$(PY) bench/submit.py $(if $(ARVIO_BENCH_POSTGRES_URL),--postgres "$(ARVIO_BENCH_POSTGRES_URL)")
	$(PY) bench/brief.py

# Analysis and export at 1k-1M responses: docs/performance-scaling.csv and .svg (10-20 minutes).
bench-scaling: install
	$(PY) bench/scaling.py

# Downloads of 200,000 stored responses through the app, streamed against the whole table loaded: peak memory
# and the first CSV byte (docs/performance.md). SQLite, and PostgreSQL when ARVIO_BENCH_POSTGRES_URL or
# ARVIO_TEST_POSTGRES_URL is set (a fresh schema, dropped afterwards). 10-20 minutes.
bench-downloads: install
	$(PY) bench/downloads.py

# The long soak (on demand, not in CI): 50 respondents at once for 10 minutes through gunicorn on PostgreSQL,
# every acknowledged response stored exactly once. Starts the first local cluster if none answers; figures go
# to docs/performance.md. SOAK_ARGS="--minutes 1 --clients 20" for a shorter one.
SOAK_POSTGRES ?= $(or $(ARVIO_TEST_POSTGRES_URL),postgresql+psycopg://arvio:arvio@127.0.0.1:5432/arvio_test)
soak: install
	pg_isready -q -h 127.0.0.1 || pg_lsclusters --no-header | head -n 1 \
		| { read -r version cluster _; pg_ctlcluster "$$version" "$$cluster" start && sleep 3; }
	$(PY) bench/soak.py --postgres "$(SOAK_POSTGRES)" $(SOAK_ARGS)

clean:
	rm -rf $(VENV) instance
