# Two entry points for a fresh machine (Python >= 3.10, pip, make):
#   make demo   set up .venv and run the main job
#   make test   set up .venv and run lint, type checks and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/symact prove relu

lint: $(STAMP)
	$(BIN)/ruff check symact tests benchmarks
	$(BIN)/ruff format --check symact tests benchmarks
	$(BIN)/mypy symact

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
