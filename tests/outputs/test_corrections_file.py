"""OUT/corrections.jsonl: appended a complete line at a time, never rewritten; torn and invalid lines skipped
with a warning naming the line; the last correction of a key wins (by file order)."""

from __future__ import annotations

import json
import os
from multiprocessing import get_context

import pytest

from xxgk.core.model import Correction
from xxgk.outputs.corrections_file import CORRECTIONS_FILE, append_correction, read_corrections

SHA = "ab" * 32


def _c(key: str, value, source: str = "a.txt", **kw) -> Correction:
    return Correction(source=source, sha256=SHA, key=key, value=value, **kw)


def test_lines_are_appended_in_the_documented_format(tmp_path):
    append_correction(tmp_path, _c("t3.granted.total", 5, note="在原文第3页", at="2026-12-06T03:00:00Z"))
    append_correction(tmp_path, _c("t4.review.total", None, state="not_applicable"))
    lines = (tmp_path / CORRECTIONS_FILE).read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [
        {"source": "a.txt", "sha256": SHA, "key": "t3.granted.total", "value": 5, "state": "number",
         "note": "在原文第3页", "at": "2026-12-06T03:00:00Z"},
        {"source": "a.txt", "sha256": SHA, "key": "t4.review.total", "value": None, "state": "not_applicable",
         "note": ""},
    ]
    got = read_corrections(tmp_path)
    assert len(got) == 2 and got.skipped == [] and got.by_source["a.txt"][0].value == 5


def test_a_torn_or_invalid_line_is_skipped_with_its_number_and_the_next_append_starts_a_new_line(tmp_path):
    append_correction(tmp_path, _c("t3.granted.total", 5))
    with (tmp_path / CORRECTIONS_FILE).open("a", encoding="utf-8") as fh:
        fh.write('{"source": "a.txt", "key": "t3.granted.to')  # a crash in the middle of a write
    append_correction(tmp_path, _c("t3.granted.total", 6))
    with (tmp_path / CORRECTIONS_FILE).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"source": "a.txt", "sha256": SHA, "key": "t3.granted.totl", "value": 1}) + "\n")
    got = read_corrections(tmp_path)
    assert [c.value for c in got.by_source["a.txt"]] == [5, 6]
    assert got.skipped[0] == "corrections.jsonl line 2 skipped: not a JSON object (a torn or hand-edited line)"
    assert got.skipped[1].startswith("corrections.jsonl line 4 skipped: 't3.granted.totl' is not a canonical key")


def test_the_fingerprint_changes_with_each_correction_of_a_source_only(tmp_path):
    append_correction(tmp_path, _c("t3.granted.total", 5))
    append_correction(tmp_path, _c("t3.granted.total", 5, source="b.txt"))
    first = read_corrections(tmp_path)
    append_correction(tmp_path, _c("t3.granted.total", 5, source="b.txt", note="confirmed"))
    second = read_corrections(tmp_path)
    assert first.fingerprint("a.txt") == second.fingerprint("a.txt") is not None
    assert first.fingerprint("b.txt") != second.fingerprint("b.txt")
    assert second.fingerprint("c.txt") is None


def _append_many(args: tuple[str, int]) -> None:
    folder, worker = args
    for i in range(50):
        append_correction(__import__("pathlib").Path(folder), _c("t3.granted.total", worker * 1000 + i,
                                                                 note="x" * 3000))


def test_appends_from_several_processes_never_interleave(tmp_path):
    with get_context("spawn").Pool(3) as pool:
        pool.map(_append_many, [(str(tmp_path), w) for w in range(3)])
    got = read_corrections(tmp_path)
    assert got.skipped == [] and sorted(c.value for c in got.by_source["a.txt"]) == sorted(
        w * 1000 + i for w in range(3) for i in range(50))


def test_never_written_through_a_symbolic_link(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(target, out / CORRECTIONS_FILE)
    with pytest.raises(OSError):
        append_correction(out, _c("t3.granted.total", 5))
    assert target.read_text() == "keep\n"
