# The two commands of the README: `make run` and `make test`. Both install what they need first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Compiled interface translations (not committed): built from the .po catalogs on install.
MO := $(patsubst %.po,%.mo,$(wildcard survey/translations/*/LC_MESSAGES/messages.po))

.PHONY: install run test lint bench bench-scaling soak clean translations

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
	$(VENV)/bin/pybabel extract -F survey/babel.cfg -k _l --no-location --sort-output \
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

# Analysis and export at 1k-1M responses: docs/performance-scaling.csv and .svg (10-20 minutes).
bench-scaling: install
	$(PY) bench/scaling.py

clean:
	rm -rf $(VENV) instance
