"""Provider table: which instructor mode each OpenAI-compatible endpoint supports, and its quirks.

The provider is taken from the settings, else guessed from the base URL's host/port. The mode can always be
overridden (``XXGK_LLM_MODE``). README "LLM providers" shows a working configuration for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    mode: str  # instructor mode name used by default
    modes: tuple[str, ...]  # modes known to work
    hosts: tuple[str, ...] = ()
    ports: tuple[int, ...] = ()
    quirks: str = ""


PROVIDERS: dict[str, Provider] = {
    p.name: p
    for p in (
        Provider("openai", "TOOLS", ("TOOLS", "JSON_SCHEMA", "JSON"), hosts=("api.openai.com",),
                 quirks="TOOLS (function calling) or JSON_SCHEMA (structured outputs) both work"),
        Provider("deepseek", "JSON", ("JSON", "TOOLS"), hosts=("api.deepseek.com",),
                 quirks="JSON mode only accepts response_format json_object (no json_schema); may return blank "
                        "content, which counts as a failed validation attempt and is re-asked"),
        Provider("qwen", "JSON", ("JSON", "TOOLS"), hosts=("dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com"),
                 quirks="DashScope compatible mode (…/compatible-mode/v1); json_object needs the word JSON in "
                        "the prompt (our prompts have it)"),
        Provider("glm", "TOOLS", ("TOOLS", "JSON"), hosts=("open.bigmodel.cn",),
                 quirks="thinking models add reasoning_content next to content; only content is parsed"),
        Provider("vllm", "JSON_SCHEMA", ("JSON_SCHEMA", "JSON", "TOOLS"), ports=(8000,),
                 quirks="guided decoding follows the JSON schema"),
        Provider("ollama", "JSON_SCHEMA", ("JSON_SCHEMA", "JSON"), ports=(11434,),
                 quirks="OpenAI-compatible API under /v1; api key can be any string"),
        Provider("llamacpp", "JSON_SCHEMA", ("JSON_SCHEMA", "JSON"), ports=(8080,),
                 quirks="llama-server; schema turned into a grammar"),
        Provider("generic", "JSON", ("JSON", "JSON_SCHEMA", "TOOLS", "MD_JSON"),
                 quirks="any other OpenAI-compatible server: json_object is the most widely supported"),
    )
}


def provider_for(name: str | None, base_url: str | None) -> Provider:
    """The named provider, else the one whose host/port matches the base URL, else openai (no base URL)
    or generic."""
    if name:
        try:
            return PROVIDERS[name.lower()]
        except KeyError:
            raise ValueError(f"unknown LLM provider {name!r}: one of {', '.join(PROVIDERS)}") from None
    if not base_url:
        return PROVIDERS["openai"]
    u = urlparse(base_url)
    for p in PROVIDERS.values():
        if u.hostname and u.hostname in p.hosts:
            return p
    for p in PROVIDERS.values():
        if u.port and u.port in p.ports:
            return p
    return PROVIDERS["generic"]
