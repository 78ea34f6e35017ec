"""A page's search fields made from its own text, when the model's never pass the contract.

WordPress titles a page "Page title | Site name" when nothing else is set, and SEO plugins
describe a page by the first sentences of its content. When every draw and re-ask of a
page's search fields still breaks the content contract (a small model rarely writes a
meta description of 140 to 160 characters that ends a sentence), the page takes them the
same way from text that already passed the contract:

* the SEO title: the page's H1, then " | " and the business's name when that fits;
* the meta description: whole sentences of the page's paragraphs and answers (never a
  testimonial's quote), in page order, the hero's introduction first: the first run of
  consecutive sentences, else the first few in order, that is 140 to 160 characters long,
  holding the page's key phrase where possible.

What is made is checked by the same rules (:func:`~presswright.sites.page_seo.seo_problems`)
before it is used, and the page's output says which field came from where
(``seo_source``). Nothing is made when no sentences fit: the page fails as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from presswright.content.field_rules import contains_keyword
from presswright.content.models import META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX
from presswright.content.quality import text_problems
from presswright.llm.prose import join_sentences, split_sentences

__all__ = ["DESCRIBING_KINDS", "description_from_text", "title_from_text"]

# Slot kinds whose sentences may describe the page (a quote is a customer's, not ours).
DESCRIBING_KINDS = ("paragraph", "answer")
_SEPARATOR = " | "
_MAX_SENTENCES = 12  # of the page's first texts: the description says what the page opens with
_MAX_PICKED = 3
_SEO_TITLE_MIN = 10  # the search fields' schema's minimum


def title_from_text(h1: str, business: str, language: str) -> str | None:
    """The SEO title WordPress would give the page: its H1 and the business's name."""
    h1 = " ".join(h1.split())
    for title in (f"{h1}{_SEPARATOR}{business}", h1):
        if _SEO_TITLE_MIN <= len(title) <= SEO_TITLE_MAX and not text_problems(
            "meta.seo_title", title, language, kind="short"
        ):
            return title
    return None


def _candidates(sentences: list[str]) -> Iterator[list[str]]:
    """Runs of consecutive sentences first (from the first one on), then picks in order."""
    for start in range(len(sentences)):
        for stop in range(start + 1, min(start + _MAX_PICKED, len(sentences)) + 1):
            yield sentences[start:stop]
    for size in range(2, _MAX_PICKED + 1):
        for picked in combinations(range(len(sentences)), size):
            if picked[-1] - picked[0] >= size:  # consecutive runs were tried above
                yield [sentences[index] for index in picked]


def description_from_text(
    texts: list[str], *, keyword: str, language: str, brief: str
) -> str | None:
    """A meta description of whole sentences of ``texts`` (in page order), 140-160 long.

    One holding ``keyword`` is preferred; without it, the first that fits. None when no
    choice of up to three sentences fits, or none passes the quality gate as prose.
    """
    sentences: list[str] = []
    for text in texts:
        for sentence in split_sentences(" ".join(text.split())):
            if sentence not in sentences:  # the same sentence twice is no description
                sentences.append(sentence)
    sentences = sentences[:_MAX_SENTENCES]
    fallback: str | None = None
    for picked in _candidates(sentences):
        text = join_sentences(picked)
        if not META_DESC_MIN <= len(text) <= META_DESC_MAX:
            continue
        if text_problems("meta.meta_desc", text, language, kind="prose", brief=brief):
            continue
        if contains_keyword(text, keyword):
            return text
        if fallback is None:
            fallback = text
    return fallback
