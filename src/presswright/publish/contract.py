"""The content contract a publisher holds content to before anything reaches a remote site.

Content that was made here met its contract when it was made: a completed run's output
was checked against its brief, and a library version was checked when it was generated
or edited. Content handed over as is (an API request's inline document, a file) has met
nothing yet, so the publishers check it here with the very rules a generated article or
product copy must meet (:mod:`presswright.content.rules`) and refuse it with every
violation before the first request to WordPress or WooCommerce.

The rules run in a worker thread: they are CPU-bound (their language models load on the
first check of a process) and must not hold up the event loop.
"""

from __future__ import annotations

import asyncio

from presswright.content.models import ContentData, ProductCopy
from presswright.content.rules import check_article, check_product
from presswright.content.violations import Violation
from presswright.errors import ContentContractError, PresswrightError

__all__ = ["UnpublishableContentError", "require_article", "require_product"]


class UnpublishableContentError(ContentContractError):
    """Content given to publish breaks its contract; nothing was sent to the site.

    ``violations`` holds one ``field: message`` line per broken rule, as for any
    ContentContractError; ``problems`` holds the same as :class:`Violation` objects.
    """

    def __init__(self, what: str, problems: list[Violation], *, check: str) -> None:
        listed = "; ".join(str(problem) for problem in problems)
        # Not ContentContractError's wording: that one speaks of repairs, and content given
        # as is had none. Every violation is listed, so a client can fix all in one go.
        PresswrightError.__init__(
            self,
            f"the {what} breaks {len(problems)} rule(s) of its contract and was not sent: {listed}",
            hint=f"fix each listed field and send it again (`presswright check {check}"
            " FILE.json` lists the same violations for a file)",
        )
        self.violations = [str(problem) for problem in problems]
        self.problems = problems


async def require_article(document: ContentData) -> None:
    """Return once ``document`` meets the article contract; UnpublishableContentError if not."""
    problems = await asyncio.to_thread(check_article, document)
    if problems:
        raise UnpublishableContentError("article", problems, check="article")


async def require_product(copy: ProductCopy) -> None:
    """Return once ``copy`` meets the product copy contract; UnpublishableContentError if not."""
    problems = await asyncio.to_thread(check_product, copy)
    if problems:
        raise UnpublishableContentError("product copy", problems, check="product")
