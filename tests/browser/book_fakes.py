"""The book flow's answers for the served studio: the scripted author of tests/books.

:class:`BrowserBooks` answers the book flow's prompts (plan, outline, chapter parts,
summaries, continuity checks) with :class:`tests.books.flow_fakes.FakeAuthor`, which writes a
lighthouse story in readable English whose sentences never repeat inside a chapter (the prose
gate refuses repeats). Every other prompt is left to the studio's other fakes.
"""

from __future__ import annotations

from presswright.llm.types import ProviderRequest
from tests.books.flow_fakes import FakeAuthor

__all__ = ["BrowserBooks"]


class BrowserBooks:
    """The fake model's answers to the book flow, one author for the whole server."""

    def __init__(self) -> None:
        self.author = FakeAuthor()

    def answers(self, prompt: str) -> bool:
        """Whether ``prompt`` is one of the book flow's ("Plan an article" is not)."""
        try:
            step = FakeAuthor.step(prompt)
        except AssertionError:
            return False
        return step != "architect" or prompt.startswith("Plan a ")

    def __call__(self, request: ProviderRequest) -> str:
        answer = self.author(request)
        self.author.prompts.clear()  # a served studio writes many books: keep no prompts
        return answer
