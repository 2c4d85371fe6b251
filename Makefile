# Two commands: `make run` (set up everything and start the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` serves the demo: `make run HOST=0.0.0.0:8080` to reach it from other machines on another port
# (then add the machine's name to DJANGO_ALLOWED_HOSTS).
HOST ?= 127.0.0.1:8000
# pip's errors still show; its warnings do not (on some machines one per package about the machine's own pip
# configuration), nor does its progress.
PIP_INSTALL := -m pip install --quiet --quiet
# pip-audit lives in an environment of its own inside .venv, so it neither joins nor is audited with QIC's packages.
AUDIT_VENV := $(VENV)/tools/pip-audit

.PHONY: run test install audit lint check messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "QIC needs Python 3.11 or newer (set PYTHON=python3.11).")'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null \
		|| { echo "Python's venv module is missing: on Debian or Ubuntu, apt-get install python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python $(PIP_INSTALL) --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python $(PIP_INSTALL) -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# Django's development server, which is what a demo needs; production runs gunicorn (README, "The production
# stack"), so its banner about not using it in production is left out.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_demo
	@echo "QIC is starting at http://$(HOST)/ (Ctrl-C to stop)"
	DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST)

# One pytest process per CPU (pytest-xdist), each with a test database of its own; the default distribution keeps
# pytest-django's order in each (tests that commit and flush come last). PYTEST_ARGS=-n0 runs in one process.
test: install
	$(BIN)/python -m pytest --numprocesses auto $(PYTEST_ARGS)

# Known vulnerabilities in the installed packages (pip-audit asks PyPI, then OSV); fails on one. .ci/run runs it.
audit: install
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/python $(PIP_INSTALL) 'pip-audit>=2.7,<3'; }
	$(PYTHON) .ci/audit_dependencies.py --pip-audit $(AUDIT_VENV)/bin/pip-audit --python $(BIN)/python

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=qic.settings.production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
		DJANGO_ALLOWED_HOSTS=qic.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING
	# The image collects static files at build time; a broken reference in a vendored file fails here first.
	DJANGO_SETTINGS_MODULE=qic.settings.production DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
		DJANGO_ALLOWED_HOSTS=qic.example.org $(BIN)/python manage.py collectstatic --noinput -v0

# Regenerate the Spanish catalogue after changing strings, translate the new entries, then compile.
messages: install
	$(BIN)/python manage.py makemessages --locale es --no-location --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --locale es --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
