"""LLM settings: from a config file, then the environment, then command-line options (last wins).

Config file (TOML, section ``[llm]``): the path given with ``--llm-config``, else ``$XXGK_CONFIG``, else
``./xxgk.toml``, else ``~/.config/xxgk/config.toml``. Environment: ``XXGK_LLM_BASE_URL``, ``XXGK_LLM_MODEL``,
``XXGK_LLM_API_KEY`` (or ``OPENAI_API_KEY``), ``XXGK_LLM_PROVIDER``, ``XXGK_LLM_MODE``, ``XXGK_LLM_ENABLED``,
``XXGK_LLM_CONCURRENCY``, ``XXGK_CACHE_DIR``.

The LLM runs only when ``enabled`` (``--llm`` or ``enabled = true`` in the config) and configured (a model,
and a key or a base URL): an API key in the environment alone never switches it on (spec B).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from xxgk.core.errors import UsageError
from xxgk.llm.providers import Provider, provider_for

_ENV = {
    "XXGK_LLM_BASE_URL": "base_url",
    "XXGK_LLM_MODEL": "model",
    "XXGK_LLM_PROVIDER": "provider",
    "XXGK_LLM_MODE": "mode",
    "XXGK_LLM_ENABLED": "enabled",
    "XXGK_LLM_CONCURRENCY": "concurrency",
    "XXGK_CACHE_DIR": "cache_dir",
}


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "xxgk" / "llm"


class LLMSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = False
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    provider: str | None = Field(None, description="openai, deepseek, qwen, glm, vllm, ollama, llamacpp, generic")
    mode: str | None = Field(None, description="instructor mode: TOOLS, JSON_SCHEMA, JSON, MD_JSON")
    temperature: float = 0.0
    max_tokens: int = 4096
    timeout: float = Field(60.0, description="seconds per HTTP request")
    validation_retries: int = Field(2, description="re-asks after an answer fails validation (identities, grounding)")
    transport_retries: int = Field(4, description="retries after 429 / 5xx / timeouts / connection errors")
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    concurrency: int = Field(4, description="requests in flight at once in a batch")
    cache: bool = True
    cache_dir: Path = Field(default_factory=default_cache_dir)
    frozen: bool = Field(False, description="answer only from the cache; a miss is an error, never a request")
    price_prompt_per_mtok: float | None = Field(None, description="price per million prompt tokens")
    price_completion_per_mtok: float | None = None

    @property
    def provider_info(self) -> Provider:
        return provider_for(self.provider, self.base_url)

    @property
    def resolved_mode(self) -> str:
        return (self.mode or self.provider_info.mode).upper()

    def problem(self) -> str | None:
        """Why the LLM cannot run, or None when it can."""
        if not self.enabled:
            return "LLM off (enable it with --llm or enabled = true in the config)"
        if not self.model:
            return "LLM enabled but no model configured (XXGK_LLM_MODEL or model in the config)"
        if self.api_key is None and not self.base_url:
            return "LLM enabled but no API key (XXGK_LLM_API_KEY / OPENAI_API_KEY) and no base URL"
        return None

    @property
    def active(self) -> bool:
        return self.problem() is None

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        if self.price_prompt_per_mtok is None and self.price_completion_per_mtok is None:
            return None
        return round((prompt_tokens * (self.price_prompt_per_mtok or 0.0)
                      + completion_tokens * (self.price_completion_per_mtok or 0.0)) / 1e6, 6)


def describe(settings: LLMSettings | None) -> str:
    """One line for a run summary: the model in use, or why the LLM is off."""
    if settings is None:
        return "LLM off (rules only)"
    return f"LLM {settings.model}" if settings.active else settings.problem() or "LLM off"


def _config_file(explicit: Path | None, env: Mapping[str, str]) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"--llm-config {explicit}: no such file")
        return explicit
    for cand in (env.get("XXGK_CONFIG"), "xxgk.toml", Path.home() / ".config" / "xxgk" / "config.toml"):
        if cand and Path(cand).is_file():
            return Path(cand)
    return None


def load_settings(config: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> LLMSettings:
    """Settings from the config file, the environment and ``overrides`` (None values are ignored)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = _config_file(config, env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{path}: not a valid TOML config: {exc}") from None
        section = data.get("llm", {})
        if not isinstance(section, dict):
            raise UsageError(f"{path}: [llm] must be a table")
        values.update(section)
    for var, name in _ENV.items():
        if env.get(var):
            values[name] = env[var]
    key = env.get("XXGK_LLM_API_KEY") or env.get("OPENAI_API_KEY")
    if key:
        values["api_key"] = key
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        settings = LLMSettings(**values)
        settings.provider_info  # noqa: B018 - validates the provider name
    except ValueError as exc:
        raise UsageError(f"invalid LLM settings: {exc}".splitlines()[0]) from None
    return settings
