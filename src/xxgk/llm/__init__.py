"""The LLM step: only for what the rules cannot parse, grounded in the document, checked, cached.

Nothing here runs unless enabled (``--llm`` or ``llm.enabled`` in the config) *and* configured (spec B,
"LLM use"). Importing this package does not import the OpenAI client: ``settings``, ``schema``,
``grounding``, ``prompts`` and ``routing`` are pure; ``client`` (openai, instructor, tenacity, diskcache)
is imported only when a call is about to be made.
"""

from xxgk.llm.settings import LLMSettings, load_settings

__all__ = ["LLMSettings", "load_settings"]
