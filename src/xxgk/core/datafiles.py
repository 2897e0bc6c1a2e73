"""Where the project's data folders are: ``prompts/`` and ``schemas/`` of a source checkout, or the copies
shipped inside the wheel (``xxgk/_data/``, see ``[tool.hatch.build.targets.wheel.force-include]``)."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """``name`` ("prompts" or "schemas") of the checkout, else of the installed package."""
    package = Path(__file__).resolve().parents[1]  # src/xxgk (or site-packages/xxgk)
    for cand in (package.parents[1] / name, package / "_data" / name):
        if cand.is_dir():
            return cand
    return package.parents[1] / name
