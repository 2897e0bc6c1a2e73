"""The one LLM client: an OpenAI-compatible endpoint through instructor, with a cache, two retry budgets
and token accounting.

- Validation retries (instructor ``max_retries``): an answer that fails its schema validators (identities,
  grounding, unknown keys, broken JSON, blank content) is re-asked with the precise error.
- Transport retries (tenacity): 429, 5xx, timeouts and connection errors, exponential backoff with jitter.
  The openai client's own retries are off (``max_retries=0``) so the two never multiply.
- Cache (diskcache): key = model, base URL, mode, prompt name/version/hash, schema hash, the messages' hash
  and the generation settings. A hit makes no request. ``frozen`` answers only from the cache.
- Accounting: every HTTP request, token and retry is added to the ``LLMUsage`` of the call in flight (a
  context variable, so concurrent calls in one event loop never mix their counts).
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from xxgk.core.errors import FrozenCacheMiss, LLMError
from xxgk.core.llm_record import LLMUsage
from xxgk.llm.prompts import Prompt
from xxgk.llm.settings import LLMSettings

T = TypeVar("T", bound=BaseModel)
_USAGE: ContextVar[LLMUsage | None] = ContextVar("xxgk_llm_usage", default=None)
_TRANSPORT_STATUS = {408, 409, 429, 500, 502, 503, 504}


@dataclass(slots=True)
class Outcome(Generic[T]):
    """The result of one structured request. ``answer`` passed every validator; ``last`` is the final
    answer when the validation budget ran out (re-parsed without the identity check, still grounded or
    None); ``error`` says what went wrong."""

    answer: T | None
    last: T | None
    error: str
    usage: LLMUsage
    cached: bool = False


def _hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def schema_hash(model: type[BaseModel]) -> str:
    return _hash(model.model_json_schema())[:16]


def _raw_json(completion: Any) -> str | None:
    """The JSON text of a completion: the tool call's arguments or the message content."""
    try:
        msg = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    if getattr(msg, "tool_calls", None):
        return msg.tool_calls[0].function.arguments
    content = (msg.content or "").strip()
    if content.startswith("```"):
        content = content.strip("`").removeprefix("json").strip()
    return content or None


class LLMClient:
    def __init__(self, settings: LLMSettings) -> None:
        problem = settings.problem() or missing_extra()
        if problem:
            raise LLMError(problem)
        self.settings = settings
        self._client: Any = None
        self._cache: Any = None
        self.limit = asyncio.Semaphore(max(1, settings.concurrency))

    # -- plumbing (imports deferred: the rules-only path never loads openai/instructor) -----------------

    def _instructor(self) -> Any:
        if self._client is None:
            import instructor
            import openai

            s = self.settings
            raw = openai.AsyncOpenAI(
                base_url=s.base_url, api_key=s.api_key.get_secret_value() if s.api_key else "not-needed",
                max_retries=0, timeout=s.timeout,
            )
            client = instructor.from_openai(raw, mode=getattr(instructor.Mode, s.resolved_mode))
            client.on("completion:kwargs", _on_request)
            client.on("completion:response", _on_response)
            client.on("parse:error", _on_parse_error)
            self._client = client
        return self._client

    def cache(self) -> Any:
        if self._cache is None and self.settings.cache:
            import diskcache

            self.settings.cache_dir.mkdir(parents=True, exist_ok=True)
            self._cache = diskcache.Cache(str(self.settings.cache_dir), size_limit=2**32)
        return self._cache

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def cache_key(self, prompt: Prompt, messages: list[dict[str, str]], model: type[BaseModel]) -> str:
        s = self.settings
        return _hash({
            "model": s.model, "base_url": s.base_url or "", "mode": s.resolved_mode,
            "prompt": prompt.tag, "prompt_sha": prompt.sha, "schema": schema_hash(model),
            "input": _hash(messages), "gen": {"temperature": s.temperature, "max_tokens": s.max_tokens},
        })

    # -- the call ----------------------------------------------------------------------------------------

    async def ask(self, prompt: Prompt, messages: list[dict[str, str]], model: type[T],
                  context: dict[str, Any]) -> Outcome[T]:
        """One structured answer for ``messages`` (built from ``prompt``; never mutated here)."""
        key = self.cache_key(prompt, messages, model)
        cache = self.cache()
        usage = LLMUsage(calls=1)
        if cache is not None:
            hit = cache.get(key)
            if hit is not None:
                usage.cached = 1
                return self._from_record(hit, model, context, usage, cached=True)
        if self.settings.frozen:
            raise FrozenCacheMiss(f"--frozen: no cached answer for prompt {prompt.tag} (cache {self.settings.cache_dir})")
        t0 = time.perf_counter()
        token = _USAGE.set(usage)
        try:
            async with self.limit:
                record = await self._request(messages, model, context, usage)
        except LLMError as exc:
            exc.usage = usage
            raise
        finally:
            _USAGE.reset(token)
            usage.seconds = round(time.perf_counter() - t0, 3)
            usage.cost = self.settings.cost(usage.prompt_tokens, usage.completion_tokens)
        if cache is not None:
            cache.set(key, record)
        return self._from_record(record, model, context, usage, cached=False)

    async def _request(self, messages: list[dict[str, str]], model: type[BaseModel], context: dict[str, Any],
                       usage: LLMUsage) -> dict[str, Any]:
        from instructor.core import InstructorRetryException
        from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_random_exponential

        s = self.settings
        client = self._instructor()
        retrying = AsyncRetrying(
            stop=stop_after_attempt(s.transport_retries + 1),
            wait=wait_random_exponential(multiplier=s.backoff_initial, max=s.backoff_max),
            retry=retry_if_exception(_transient),
            before_sleep=lambda _state: _count_transport_retry(usage),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    try:
                        answer = await client.chat.completions.create(
                            model=s.model, messages=copy.deepcopy(messages), response_model=model,
                            max_retries=s.validation_retries, context=dict(context),
                            temperature=s.temperature, max_tokens=s.max_tokens,
                        )
                        return {"answer": answer.model_dump_json(), "error": "", "usage": usage.model_dump()}
                    except InstructorRetryException as exc:
                        cause = exc.__cause__
                        if cause is not None and _transient(cause):
                            raise cause from None
                        if cause is not None and not _is_validation(cause):
                            raise LLMError(_describe(cause)) from None
                        last = _raw_json(exc.last_completion) if exc.last_completion is not None else None
                        return {"answer": None, "last": last, "error": _first_line(str(cause or exc)),
                                "usage": usage.model_dump()}
        except LLMError:
            raise
        except Exception as exc:
            err = LLMError(_describe(exc))
            err.transient = _transient(exc)
            raise err from None
        raise LLMError("no answer")  # pragma: no cover - AsyncRetrying either returns or raises

    def _from_record(self, record: dict[str, Any], model: type[T], context: dict[str, Any], usage: LLMUsage,
                     *, cached: bool) -> Outcome[T]:
        if record.get("answer"):
            return Outcome(model.model_validate_json(record["answer"], context=dict(context)), None, "", usage, cached)
        last = None
        if record.get("last"):
            try:  # the final answer, kept when it is at least well-formed and grounded
                last = model.model_validate_json(record["last"], context={**context, "identities": False})
            except ValidationError:
                last = None
        return Outcome(None, last, record.get("error") or "no valid answer", usage, cached)


def missing_extra() -> str | None:
    """Why the LLM step cannot run on this installation (its packages are an extra), or None."""
    import importlib.util

    missing = [m for m in ("openai", "instructor", "tenacity", "diskcache") if importlib.util.find_spec(m) is None]
    if missing:
        return f"the LLM step needs {', '.join(missing)}: pip install 'xxgk[llm]'"
    return None


def _first_line(text: str) -> str:
    return " ".join(text.split())[:400]


def _is_validation(exc: BaseException) -> bool:
    from instructor.core import ResponseParsingError
    from instructor.core import ValidationError as InstructorValidationError

    return isinstance(exc, ValidationError | json.JSONDecodeError | ResponseParsingError | InstructorValidationError)


def _transient(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _TRANSPORT_STATUS


def _describe(exc: BaseException) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "the LLM endpoint timed out (after transport retries)"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot reach the LLM endpoint: {exc}"
    if isinstance(exc, openai.APIStatusError):
        return f"the LLM endpoint answered HTTP {exc.status_code}: {_first_line(str(exc.message))[:200]}"
    return f"{type(exc).__name__}: {_first_line(str(exc))}"


def _count_transport_retry(usage: LLMUsage) -> None:
    usage.transport_retries += 1


def _on_request(*_args: Any, **_kwargs: Any) -> None:
    u = _USAGE.get()
    if u is not None:
        u.requests += 1


def _on_response(response: Any) -> None:
    u = _USAGE.get()
    usage = getattr(response, "usage", None)
    if u is not None and usage is not None:
        u.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        u.completion_tokens += getattr(usage, "completion_tokens", 0) or 0


def _on_parse_error(_error: Exception, **meta: Any) -> None:
    u = _USAGE.get()
    if u is not None and not meta.get("is_last_attempt"):
        u.validation_retries += 1
