"""Generate the files in ``schemas/``: the report JSON Schema, the codebook of CSV columns, the summary
schema, the problem taxonomy of section 五, and the schema of a line of ``corrections.jsonl``.

    python -m xxgk.outputs.schemas            # rewrite schemas/ in a source checkout
    python -m xxgk.outputs.schemas --check    # exit 1 if the committed files are stale

A test keeps the committed files in sync with the models.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from xxgk.core.datafiles import data_dir
from xxgk.core.model import Correction, Report
from xxgk.core.narrative import CATEGORY_DESCRIPTIONS, NarrativeSummary, ProblemCategory
from xxgk.core.spec import codebook_rows


def _model_schema(model: type[BaseModel], name: str, title: str) -> str:
    schema = model.model_json_schema(mode="serialization")
    schema["$id"] = f"https://xxgk.invalid/schemas/{name}"
    schema["title"] = title
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def report_schema() -> str:
    return _model_schema(Report, "report.schema.json", "xxgk Report")


def codebook_csv() -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["key", "label", "template", "type", "unit"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(codebook_rows())
    return buf.getvalue()


def summary_schema() -> str:

    return _model_schema(NarrativeSummary, "summary.schema.json",
                         "xxgk summary of sections 五 and 一 (one line of summaries.jsonl)")


def problem_taxonomy() -> str:
    """The fixed categories of problems and measures in section 五 (the LLM must pick one of these)."""

    doc = {
        "$id": "https://xxgk.invalid/schemas/problem_taxonomy.json",
        "title": "Categories of 存在的主要问题及改进情况",
        "categories": [{"key": c.name, "label": c.value, "description": CATEGORY_DESCRIPTIONS[c]}
                       for c in ProblemCategory],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def generated() -> dict[str, str]:
    return {"report.schema.json": report_schema(), "codebook.csv": codebook_csv(),
            "summary.schema.json": summary_schema(), "problem_taxonomy.json": problem_taxonomy(),
            "correction.schema.json": _model_schema(Correction, "correction.schema.json",
                                                    "xxgk correction (a line of corrections.jsonl)")}


def schemas_dir() -> Path:
    """``schemas/`` of a source checkout, or the copy shipped inside the wheel."""
    return data_dir("schemas")


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
        print("stale: " + ", ".join(stale) + " (run python -m xxgk.outputs.schemas)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
