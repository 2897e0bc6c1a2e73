"""The LLM options shared by ``extract``, ``summarize`` and ``eval``, and the settings they make."""

from __future__ import annotations

from pathlib import Path

import typer

from xxgk.core.errors import UsageError
from xxgk.llm import LLMSettings, load_settings
from xxgk.llm.client import missing_extra

LLM = typer.Option(None, "--llm/--no-llm", help="Use the LLM for what rules cannot parse (default: the config's "
                   "llm.enabled, else off). Needs a model and a key or base URL (see README).")
LLM_CONFIG = typer.Option(None, "--llm-config", help="TOML file with an \\[llm] table (default: $XXGK_CONFIG, "
                          "./xxgk.toml, ~/.config/xxgk/config.toml).")
NO_CACHE = typer.Option(False, "--no-cache", help="Do not read or write the LLM answer cache.")
CACHE_DIR = typer.Option(None, "--cache-dir", help="Where LLM answers are cached (default ~/.cache/xxgk/llm).")
FROZEN = typer.Option(False, "--frozen", help="Answer only from the LLM cache: a miss fails, never a request "
                      "(reproducible eval runs).")
CONCURRENCY = typer.Option(None, "--llm-concurrency", min=1, help="LLM requests in flight at once (default 4).")


def llm_settings(llm: bool | None, config: Path | None, no_cache: bool, cache_dir: Path | None, frozen: bool,
                 concurrency: int | None) -> LLMSettings:
    """The LLM settings of a command. Asked for (``--llm`` or ``enabled = true``) but not runnable (no model,
    no key or base URL): a usage error, never a quiet rules-only run."""
    settings = load_settings(config, enabled=llm, cache=False if no_cache else None, cache_dir=cache_dir,
                             frozen=True if frozen else None, concurrency=concurrency)
    if settings.enabled and settings.problem():
        raise UsageError(f"{settings.problem()}; or run without --llm (rules only)")
    if settings.enabled:

        if missing_extra():
            raise UsageError(f"{missing_extra()}; or run without --llm (rules only)")
    return settings
