# The two set-up commands: `make demo` and `make test`. Both build .venv from the project's own files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

DEMO_IMAGES ?= 200
DEMO_ANNOTATORS ?= 24
DEMO_VOTES ?= 10

.PHONY: demo test install clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	# The project itself, editable, so `python -m reliability` / `-m training` work from any folder.
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	FACECROWD_DEBUG=$${FACECROWD_DEBUG-1} $(PY) manage.py migrate --noinput
	FACECROWD_DEBUG=$${FACECROWD_DEBUG-1} $(PY) manage.py seed_demo --images $(DEMO_IMAGES) --annotators $(DEMO_ANNOTATORS) --votes-per-image $(DEMO_VOTES) --if-empty
	FACECROWD_DEBUG=$${FACECROWD_DEBUG-1} $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
