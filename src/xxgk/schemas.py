"""Generate the files in ``schemas/``: the report JSON Schema and the codebook of CSV columns.

    python -m xxgk.schemas            # rewrite schemas/ in a source checkout
    python -m xxgk.schemas --check    # exit 1 if the committed files are stale

A test keeps the committed files in sync with the models.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from .model import Report
from .spec import codebook_rows


def report_schema() -> str:
    schema = Report.model_json_schema(mode="serialization")
    schema["$id"] = "https://xxgk.invalid/schemas/report.schema.json"
    schema["title"] = "xxgk Report"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def codebook_csv() -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["key", "label", "template", "type", "unit"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(codebook_rows())
    return buf.getvalue()


def generated() -> dict[str, str]:
    return {"report.schema.json": report_schema(), "codebook.csv": codebook_csv()}


def schemas_dir() -> Path:
    """``schemas/`` of a source checkout, or the copy shipped inside the wheel."""
    here = Path(__file__).resolve().parent
    for cand in (here.parents[1] / "schemas", here / "_data" / "schemas"):
        if cand.is_dir():
            return cand
    return here.parents[1] / "schemas"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = schemas_dir()
    stale = []
    for name, text in generated().items():
        path = folder / name
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print("stale: " + ", ".join(stale) + " (run python -m xxgk.schemas)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
