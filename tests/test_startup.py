"""Start-up stays light: the commands reviewers run most import no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXAMPLE

HEAVY = ("jieba", "docx", "transformers", "torch", "pdfplumber", "pdfminer", "lxml", "jinja2", "tokenizers", "numpy", "openpyxl")

def loaded_modules(args: list[str]) -> set[str]:
    code = (
        "import json, sys\n"
        f"sys.argv = ['nianbao', *{args!r}]\n"
        "from nianbao.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nLOADED=' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = r.stderr.rsplit("LOADED=", 1)[1]
    return set(json.loads(line))


@pytest.mark.parametrize("args", [["--help"], ["check", str(EXAMPLE)], ["extract", str(EXAMPLE)], ["check", "--help"]])
def test_no_heavy_imports(args):
    heavy = loaded_modules(args) & set(HEAVY)
    assert not heavy, f"`nianbao {' '.join(args)}` imported {sorted(heavy)}"
