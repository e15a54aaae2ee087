"""Write src/nianbao/schema/figures.schema.json from the catalog (nianbao.schema_build).

    python scripts/build_schema.py          # write the schema
    python scripts/build_schema.py --check  # exit 1 when the committed schema is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from nianbao.schema_build import SCHEMA_PATH, schema_text  # noqa: E402

TARGET = Path(__file__).resolve().parents[1] / "src" / "nianbao" / SCHEMA_PATH


def main(argv: list[str]) -> int:
    text = schema_text()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/build_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
