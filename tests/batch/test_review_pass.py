"""The batch applies people's corrections (OUT/corrections.jsonl) last: a report the rules had to reject
enters the dataset with the reviewed values; the corrections are applied again only when they or the
report change; a correction made on another version of the document is ignored with a warning."""

from __future__ import annotations

import csv
import json
import shutil

from tests.conftest import FIXTURES, GOLD, REPORTS
from xxgk.batch import BatchOptions, run_extract
from xxgk.batch.manifest import load
from xxgk.core.model import CellState, Correction, Report
from xxgk.evaluation.gold import flatten, load_gold
from xxgk.outputs.corrections_file import append_correction

GLUED = "000_5c96ff8a9c100224.oneline-sparse.txt"


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["source"]: r for r in csv.DictReader(fh)}


def _report(out, source) -> Report:
    e = load(out)[source]
    return Report.model_validate_json((out / e.path).read_text(encoding="utf-8"))


def _review(out, source) -> int:
    """What a person does in ``xxgk review``: every doubtful cell set to what the document prints."""
    report = _report(out, source)
    gold = flatten(load_gold(GOLD / "000_5c96ff8a9c100224.json"))
    n = 0
    for t in (report.t2, report.t3, report.t4):
        for key, cell in t.iter_cells():
            if cell.state in (CellState.ambiguous, CellState.missing):
                append_correction(out, Correction(source=source, sha256=report.sha256, key=key, value=gold[key],
                                                  note="read in the document", by="test"))
                n += 1
    return n


def test_a_rejected_report_enters_the_dataset_once_reviewed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "damaged" / GLUED, src / GLUED)
    shutil.copy(REPORTS / "001_7b4b25fcf59f7d61.txt", src)
    out = tmp_path / "out"
    opts = BatchOptions(jobs=1)
    first = run_extract([src], out, opts)
    source = (src / GLUED).as_posix()
    assert first.by_status["rejected"] == 1 and source in _csv(out / "quarantine.csv")
    assert _review(out, source) == 42
    append_correction(out, Correction(source="elsewhere/gone.txt", sha256="0" * 64, key="t4.review.total", value=1))

    second = run_extract([src], out, opts)
    assert second.done == 0 and second.reviewed == 1
    assert second.warnings == ["1 correction(s) ignored: elsewhere/gone.txt is not a report in this folder"]
    row = _csv(out / "reports.csv")[source]
    assert row["status"] == "accepted" and source not in _csv(out / "quarantine.csv")
    assert (row["t2.licensing.decisions"], row["t3.granted.natural_person"], row["t3.granted.commercial"]) \
        == ("106", "1", "")
    line = next(json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(x)["source"] == source)
    assert line["t2"]["cells"]["licensing"]["decisions"]["producer"] == "human"
    assert len(line["reviewed"]) == 42 and load(out)[source].human is not None

    third = run_extract([src], out, opts)  # nothing changed: nothing redone, nothing rebuilt
    assert (third.done, third.reviewed, third.rebuilt) == (0, 0, False)

    forced = run_extract([src], out, BatchOptions(jobs=1, force=True))  # read again: corrections applied again
    assert forced.reviewed == 1 and _csv(out / "reports.csv")[source]["status"] == "accepted"

    with (src / GLUED).open("a", encoding="utf-8") as fh:  # the document changes: its corrections no longer hold
        fh.write("\n")
    changed = run_extract([src], out, opts)
    assert changed.done == 1 and _csv(out / "quarantine.csv")[source]["status"] == "rejected"
    ignored = [w for w in changed.warnings if w.startswith(f"{source}: correction of ")]
    assert len(ignored) == 42 and "made on another version of the document" in ignored[0]
    assert _report(out, source).reviewed == []
