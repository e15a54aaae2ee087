# nianbao — make demo / make test from a clean clone (needs only python3, pip, make)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_STAMP := $(VENV)/.demo-stamp
# test processes (pytest-xdist; each test file runs whole in one of them)
JOBS   ?= 2

.PHONY: install demo test test-full bench wheelhouse clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	# CPU build of torch for the polishing tests (the local-model extra); a plain
	# "torch" requirement could pull a multi-GB CUDA build.
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -e ".[test,polish,ocr]"
	touch $(STAMP)

install: $(STAMP)

# the demo needs nianbao alone: no test tools, no torch (polishing is not part of it)
$(DEMO_STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $(DEMO_STAMP)

# the same walk-through as `python -m nianbao demo` (for desktops without make)
demo: $(DEMO_STAMP)
	$(BIN)/python -m nianbao demo --out examples/out --force

# a wheelhouse for air-gapped machines (needs the network once); install there with
#   pip install --no-index --find-links wheels nianbao
wheelhouse:
	$(PYTHON) -m pip wheel --wheel-dir wheels . hatchling setuptools wheel

# the quick suite: Hypothesis's quick profile, the tests marked slow left out (see tests/conftest.py)
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -m "not slow" -n $(JOBS) --dist loadfile

# everything, with the thorough Hypothesis profile (five times the examples)
test-full: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -n $(JOBS) --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_read_check.py

clean:
	rm -rf $(VENV) examples/out .pytest_cache wheels
