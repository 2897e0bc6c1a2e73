"""A stand-in for the OCR engine (``readers.ocr.engine.Engine``): scripted answers, no model, no onnxruntime."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.readers.ocr.engine import Reading, TextBox


@dataclass
class ScriptedEngine:
    """``lines``: what ``read_lines`` answers for each crop, in turn; ``found``: what ``find_text`` answers."""

    lines: list[Reading] = field(default_factory=list)
    found: list[TextBox] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def read_lines(self, crops):
        self.calls.append(f"read_lines({len(crops)})")
        out, self.lines = self.lines[: len(crops)], self.lines[len(crops):]
        return out

    def find_text(self, gray, *, page=True):
        self.calls.append("find_text")
        return list(self.found)
