"""Prompt files (``prompts/*.md``): wording lives there, code only fills the ``$placeholders``.

A file starts with a front matter (``name``, ``version``, ``description``) between ``---`` lines, then a
``# system`` and a ``# user`` part. The version (and a hash of the file) is part of every cache key, so a
reworded prompt never answers from an old cache entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from xxgk.core.datafiles import data_dir
from xxgk.core.errors import XxgkError


def prompts_dir() -> Path:
    """``prompts/`` of a source checkout, or the copy shipped inside the wheel."""
    return data_dir("prompts")


@dataclass(frozen=True, slots=True)
class Prompt:
    name: str
    version: str
    sha: str
    system: Template
    user: Template

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    def messages(self, **values: str) -> list[dict[str, str]]:
        """A new list of chat messages (never shared: callers and instructor may extend their copy)."""
        return [
            {"role": "system", "content": self.system.substitute(values).strip()},
            {"role": "user", "content": self.user.substitute(values).strip()},
        ]


def parse_prompt(text: str, origin: str = "<prompt>") -> Prompt:
    if not text.startswith("---\n"):
        raise XxgkError(f"{origin}: a prompt file starts with a '---' front matter")
    head, _, body = text[4:].partition("\n---\n")
    meta = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines()) if k.strip()}
    parts: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        if line.strip() in ("# system", "# user"):
            current = line.strip()[2:]
            parts[current] = []
        elif current is not None:
            parts[current].append(line)
    if "name" not in meta or "version" not in meta or set(parts) != {"system", "user"}:
        raise XxgkError(f"{origin}: needs name and version in the front matter and '# system' / '# user' parts")
    return Prompt(
        name=meta["name"], version=meta["version"], sha=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
        system=Template("\n".join(parts["system"])), user=Template("\n".join(parts["user"])),
    )


@cache
def load_prompt(name: str) -> Prompt:
    path = prompts_dir() / f"{name}.md"
    try:
        return parse_prompt(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise XxgkError(f"prompt {name!r} not found in {path.parent}: {exc.strerror or exc}") from None
