"""An output folder as the review sees it: its reports by file name (only names the manifest lists), the
document behind each, the corrections made so far, and what a report would become with them.

Nothing here trusts the browser: a report is found by its per-report file name as the manifest has it,
the document by the manifest's path, and a correction's ``source`` and ``sha256`` come from the report,
not from the request.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xxgk.batch.files import file_sha256
from xxgk.batch.manifest import Entry, load
from xxgk.batch.outdir import is_output, safe_file_name
from xxgk.core.errors import UsageError
from xxgk.core.model import Correction, Report
from xxgk.evaluation.gold import gold_draft
from xxgk.outputs.corrections_file import append_correction, read_corrections
from xxgk.pipeline.apply_corrections import Applied, apply_corrections


@dataclass(slots=True)
class Loaded:
    entry: Entry
    report: Report
    document: Path | None  # the document on disk, when it is still there
    same_document: bool  # its content hash is the report's (corrections made now will apply)


class ReviewFolder:
    def __init__(self, out: Path, gold_dir: Path | None = None) -> None:
        if not out.is_dir() or not is_output(out):
            raise UsageError(f"{out}: not an xxgk output folder (run xxgk extract --out {out} first)")
        self.out = out
        self.gold_dir = gold_dir
        self._cache: dict[str, tuple[float, Report]] = {}

    def entries(self) -> dict[str, Entry]:
        """The manifest's current entries, by per-report file name."""
        return {e.file: e for e in load(self.out).values()}

    def report(self, entry: Entry) -> Report | None:
        """A report file, parsed once per change of the file."""
        path = self.out / entry.path
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        hit = self._cache.get(entry.file)
        if hit is not None and hit[0] == mtime:
            return hit[1]
        try:
            report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self._cache[entry.file] = (mtime, report)
        return report

    def entry(self, file: str) -> Entry | None:
        """The manifest's entry of a report, by its per-report file name (a name xxgk writes only)."""
        if not safe_file_name(file):
            return None
        entry = self.entries().get(file)
        return entry if entry is not None and entry.outcome == "report" else None

    def load(self, file: str) -> Loaded | None:
        """A report with its document, checked to be the one extracted (the document is hashed: for its
        pictures alone, ``entry`` and ``document_path`` are enough)."""
        entry = self.entry(file)
        if entry is None:
            return None
        report = self.report(entry)
        if report is None:
            return None
        doc = document_path(entry)
        same = doc is not None and report.sha256 is not None and file_sha256(doc) == report.sha256
        return Loaded(entry, report, doc, same)

    def corrections_of(self, source: str) -> list[Correction]:
        return read_corrections(self.out).by_source.get(source, [])

    def preview(self, loaded: Loaded) -> Applied:
        """The report as the next ``xxgk extract`` will make it, with every correction made so far."""
        return apply_corrections(loaded.report, self.corrections_of(loaded.report.source))

    def correct(self, loaded: Loaded, key: str, value: Any, state: str | None, note: str,
                by: str | None = None) -> Correction:
        """Validate and append one correction (``ValueError`` with the reason when it is not valid)."""
        report = loaded.report
        if report.sha256 is None:
            raise ValueError("this report has no content hash: corrections cannot be tied to its document")
        if not loaded.same_document:
            raise ValueError("the document changed (or is gone) since it was extracted: run xxgk extract again, "
                             "then review")
        c = Correction(source=report.source, sha256=report.sha256, key=key, value=value, state=state,
                       note=note.strip()[:2000], by=by, at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        if report.cell(key) is None:
            raise ValueError(f"{key} is not a cell of this report's template")
        append_correction(self.out, c)
        return c

    def save_gold(self, loaded: Loaded, overwrite: bool = False) -> Path:
        """The reviewed report (corrections applied) as a verified gold file in the gold folder."""
        if self.gold_dir is None:
            raise ValueError("no gold folder (start xxgk review with --gold DIR)")
        applied = self.preview(loaded)
        draft, _ = gold_draft(applied.report)
        draft["verified"] = True
        draft["notes"] = (f"reviewed in xxgk review on {datetime.now(UTC):%Y-%m-%d} from {loaded.entry.file}; "
                          f"{len(applied.report.reviewed)} cell(s) set or confirmed by a person")
        name = Path(loaded.report.source).name.split(".")[0] or "report"
        target = self.gold_dir / f"{name}.json"
        if target.exists() and not overwrite:
            raise FileExistsError(f"{target} exists")
        self.gold_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(draft, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, target)
        return target


def document_path(entry: Entry) -> Path | None:
    """The document a report was read from: the path the manifest recorded, if it is still there."""
    for cand in (entry.real, entry.source):
        if cand and Path(cand).exists():
            return Path(cand)
    return None
