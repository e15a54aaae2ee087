# nianbao — make demo / make test from a clean clone (needs only python3, pip, make)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	# CPU build of torch for the polishing tests (the local-model extra); a plain
	# "torch" requirement could pull a multi-GB CUDA build.
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -e ".[test,polish]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p examples/out
	$(BIN)/nianbao extract examples/madian-2024/report.txt -o examples/out/madian-2024.json --force
	-$(BIN)/nianbao check examples/madian-2024/report.txt

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_read_check.py

clean:
	rm -rf $(VENV) examples/out .pytest_cache
