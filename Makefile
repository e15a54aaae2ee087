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
	$(BIN)/pip install -q -e ".[test,polish,ocr]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p examples/out
	$(BIN)/nianbao extract examples/madian-2024/report.txt -o examples/out/madian-2024.json --force
	-$(BIN)/nianbao check examples/madian-2024/report.txt
	# drafting: a figures file prefilled from last year's report, then the 2025 draft in every format
	$(BIN)/nianbao init --prior examples/madian-2024/report.txt -o examples/out/madian-2025-init.yaml --force
	for fmt in md txt docx html; do \
	  $(BIN)/nianbao draft examples/madian-2025/figures.yaml --prior examples/madian-2024/report.txt \
	    -o examples/out/madian-2025-draft.$$fmt --force || exit 1; \
	done
	$(BIN)/nianbao check examples/out/madian-2025-draft.md examples/out/madian-2025-draft.txt \
	  examples/out/madian-2025-draft.docx examples/out/madian-2025-draft.html --prior examples/madian-2024/report.txt
	$(BIN)/nianbao summarize examples/out/madian-2025-draft.docx --prior examples/madian-2024/report.txt

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_read_check.py

clean:
	rm -rf $(VENV) examples/out .pytest_cache
