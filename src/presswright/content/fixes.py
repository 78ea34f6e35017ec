"""Deterministic repairs applied after the model's repair re-asks, before the final check.

Every fix changes form, never claims: it shortens at word boundaries, reuses sentences the
model already wrote, renumbers headings, unwraps links to pages the site does not have and
rebuilds derived fields (headings list, internal links, JSON-LD) from the body. What only
new writing can fix (a keyword missing from the first paragraph, the wrong language) is
left for the re-ask, so the final check still reports it. Fixes are idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from presswright.content.body_html import (
    count_words,
    drop_empty_headings,
    normalize_space,
    read_body,
    renumber_headings,
    unwrap_links,
)
from presswright.content.field_rules import contains_keyword, fold_text
from presswright.content.models import (
    META_DESC_MAX,
    META_DESC_MIN,
    SEO_TITLE_MAX,
    SHORT_DESCRIPTION_MAX_WORDS,
    ContentData,
    ContentRequest,
    Heading,
    InternalLink,
    ProductCopy,
    ProductFacts,
    SeoMeta,
)
from presswright.content.quality_fields import names_the_product
from presswright.content.quality_unfinished import dangling_words, is_bare_label
from presswright.content.rules import EXCERPT_MAX, IMAGE_ALT_MAX, IMAGE_ALT_MIN, TAGS_MAX
from presswright.content.sanitize import lost_text, sanitize_html
from presswright.content.schema_ld import build_article_ld, extract_faq
from presswright.content.slugs import slug_problem, slugify

__all__ = ["fix_article", "fix_meta", "fix_product", "shorten"]

# Languages written without spaces between words: they are cut at any character.
_UNSPACED = frozenset({"ja", "zh"})
_ELLIPSIS = "…"
# Punctuation a cut text must not end with (dashes, middle dot, CJK commas and brackets).
_TRAILING = (
    " \t\n,;:.-\u2013\u2014\u00b7(["
    "\u3001\uff0c\u3002\uff1a\uff1b!?\uff01\uff1f\uff08\u300c\u300e\"'"
)
# Sentence ends: Latin and Arabic ones before a space, CJK full stops with or without.
_SENTENCE = re.compile(r"(?<=[.!?\u3002\uff01\uff1f\u061f])\s+|(?<=[\u3002\uff01\uff1f])")
_WORD = re.compile(r"\S+")


# Punctuation a field never starts with (small models open answers with a stray comma).
# A full stop counts before a space (". Our socks..."; ".5 litres" keeps its point).
_LEADING_PUNCTUATION = re.compile(
    r"^(?:[\s,;:\u3001\u3002\uff0c\uff1b\uff1a\u060c\u061b]|\.(?=\s))+"
)


def shorten(text: str, limit: int, language: str, *, ellipsis: bool = False) -> str:
    """The text cut to ``limit`` characters at a word boundary (any character in ja/zh).

    Leading punctuation is dropped first, so a field never opens with a stray comma.
    """
    text = _LEADING_PUNCTUATION.sub("", normalize_space(text))
    if len(text) <= limit:
        return text
    room = limit - len(_ELLIPSIS) if ellipsis else limit
    cut = text[:room]
    spaced = language not in _UNSPACED and " " in cut
    if spaced and not text[room].isspace():
        cut = cut.rsplit(" ", 1)[0]  # drop the partial word
    cut = cut.rstrip(_TRAILING)
    # A cut may end on "and" or "the"; drop such words so the phrase reads as finished.
    dangling = dangling_words(language)
    while spaced and " " in cut and cut.rsplit(" ", 1)[1].casefold() in dangling:
        cut = cut.rsplit(" ", 1)[0].rstrip(_TRAILING)
    return cut + _ELLIPSIS if ellipsis and cut else cut


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(normalize_space(text)) if part.strip()]


def _join(first: str, second: str, language: str) -> str:
    return f"{first}{second}" if language in _UNSPACED else f"{first} {second}"


def _fit_description(text: str, sources: Iterable[str], language: str) -> str:
    """Lengthen with sentences already written, then cut to the meta description range."""
    text = normalize_space(text)
    for source in sources:
        for sentence in _sentences(source):
            if len(text) >= META_DESC_MIN:
                break
            if fold_text(sentence) not in fold_text(text):
                text = _join(text, sentence, language) if text else sentence
    return shorten(text, META_DESC_MAX, language, ellipsis=True)


def fix_meta(
    meta: SeoMeta,
    *,
    title: str,
    language: str,
    keywords: Iterable[str],
    sources: Iterable[str],
) -> SeoMeta:
    """SEO title, meta description and slug brought within the contract where form allows."""
    seo_title = shorten(meta.seo_title or title, SEO_TITLE_MAX, language)
    if not seo_title:
        seo_title = shorten(title, SEO_TITLE_MAX, language)
    sources = list(sources)
    description = _fit_description(meta.meta_desc, sources, language)
    for keyword in keywords:
        places = (title, seo_title, description)
        if any(contains_keyword(place, keyword) for place in places):
            continue
        label = keyword[:1].upper() + keyword[1:]
        candidate = _fit_description(f"{label}: {description}", sources, language)
        # Only when the keyword survives the cut and the length lands inside the range.
        if contains_keyword(candidate, keyword) and len(candidate) >= META_DESC_MIN:
            description = candidate
    slug = meta.slug
    if slug_problem(slug, language) is not None:
        slug = slugify(seo_title or title, language)
    return SeoMeta(seo_title=seo_title or meta.seo_title, meta_desc=description, slug=slug)


def _is_internal(url: str, site_urls: set[str]) -> bool:
    # Only links that claim to be pages of this site are judged against its index: a
    # relative url, or one on a host the index uses. Links to other sites are left alone.
    host = urlsplit(url).netloc.casefold()
    return not host or host in {urlsplit(site).netloc.casefold() for site in site_urls}


def _fix_links(
    data: ContentData, body_html: str, request: ContentRequest
) -> tuple[str, list[InternalLink]]:
    site_urls = {link.url for link in request.site_index}
    if site_urls:
        claimed = {link.url for link in data.internal_links}

        def keep(url: str) -> bool:
            if url in site_urls:
                return True
            return not (url in claimed or _is_internal(url, site_urls))

        body_html = unwrap_links(body_html, keep)
    anchors = read_body(body_html).links
    wanted = site_urls or {link.url for link in data.internal_links}
    links: list[InternalLink] = []
    for url, text in anchors:
        if url in wanted and text and url not in {link.url for link in links}:
            links.append(InternalLink(anchor=text, url=url))
    return body_html, links


def fix_article(data: ContentData, request: ContentRequest) -> ContentData:
    """The article with every form-only violation repaired; content the model wrote is kept."""
    # A body that sanitizing would publish shorter stays as written: the contract check
    # names the words it would lose, and the article fails instead.
    keep = bool(lost_text(data.body_html))
    body_html = data.body_html
    if not keep:
        # An empty heading titles nothing; dropping it loses no word the model wrote.
        body_html = sanitize_html(renumber_headings(drop_empty_headings(sanitize_html(body_html))))
    body_html, links = _fix_links(data, body_html, request)
    if not keep:
        body_html = sanitize_html(body_html)
    body = read_body(body_html)
    keywords = request.keywords or data.keywords
    language = data.language
    meta = fix_meta(
        data.meta,
        title=data.title,
        language=language,
        keywords=keywords,
        # The excerpt and opening first; later paragraphs only when those are too short.
        sources=[data.excerpt, *body.paragraphs],
    )
    outline = [normalize_space(entry) for entry in data.outline if entry.strip()]
    fixed = data.model_copy(
        update={
            "excerpt": shorten(data.excerpt, EXCERPT_MAX, language, ellipsis=True) or data.excerpt,
            "outline": outline or data.outline,
            "body_html": body_html,
            "meta": meta,
            "headings": [Heading(level=level, text=text) for level, text in body.headings],
            "internal_links": links,
            "keywords": list(keywords),
        }
    )
    ld = build_article_ld(fixed, faq=extract_faq(body_html))
    return fixed.model_copy(update={"schema_ld_json": ld})


def _fix_short_description(text: str, language: str) -> str:
    text = _LEADING_PUNCTUATION.sub("", normalize_space(text))
    if count_words(text) <= SHORT_DESCRIPTION_MAX_WORDS:
        return text
    kept = ""
    for sentence in _sentences(text):
        longer = _join(kept, sentence, language) if kept else sentence
        if count_words(longer) > SHORT_DESCRIPTION_MAX_WORDS:
            break
        kept = longer
    if kept:
        return kept
    # The first sentence alone is too long: cut it after the last word that fits.
    words = _WORD.findall(text)
    while words and count_words(" ".join(words) + _ELLIPSIS) > SHORT_DESCRIPTION_MAX_WORDS:
        words.pop()
    return " ".join(words).rstrip(_TRAILING) + _ELLIPSIS if words else text


def _fix_tags(tags: list[str]) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        tag = normalize_space(tag)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept[:TAGS_MAX] or tags


def _lead_with_keywords(text: str, keywords: Iterable[str], language: str) -> str:
    """The short description naming the keywords it lacks up front ("Linen apron: ...").

    Kept only when every keyword added survives the cut to the word limit, so the fix never
    trades one broken rule for another.
    """
    missing = [keyword for keyword in keywords if not contains_keyword(text, keyword)]
    if not missing:
        return text
    label = ", ".join(missing)
    label = label[:1].upper() + label[1:]
    candidate = _fix_short_description(f"{label}: {text}" if text else label, language)
    if all(contains_keyword(candidate, keyword) for keyword in missing):
        return candidate
    return text


# A paragraph of the long description holding only its text, and nothing inside it.
_PLAIN_PARAGRAPH = re.compile(r"<p>([^<>]*)</p>(\s*)")


def _drop_bare_labels(html: str) -> str:
    """The long description without paragraphs that are only a label with nothing after
    it ("tags:", "description:"): small models echo the schema's field names as text. Such
    a paragraph says nothing, so nothing a reader would see is lost. A paragraph that opens
    with stray punctuation (", Our socks...") loses it, as a short field does."""

    def fixed(found: re.Match[str]) -> str:
        if is_bare_label(found.group(1)):
            return ""
        return f"<p>{_LEADING_PUNCTUATION.sub('', found.group(1))}</p>{found.group(2)}"

    return _PLAIN_PARAGRAPH.sub(fixed, html)


def fix_product(data: ProductCopy, facts: ProductFacts) -> ProductCopy:
    """The product copy with every form-only violation repaired; claims are left as written."""
    language = data.language
    long_html = data.long_description_html
    if not lost_text(long_html):  # else kept as written, for the contract to refuse
        long_html = sanitize_html(long_html)
    long_html = _drop_bare_labels(long_html)
    short = _fix_short_description(data.short_description, language) or data.short_description
    keywords = facts.keywords or data.keywords
    short = _lead_with_keywords(short, keywords, language)
    meta = fix_meta(
        data.meta,
        title=data.title,
        language=language,
        keywords=keywords,
        sources=[short, *read_body(long_html).paragraphs, *data.feature_bullets],
    )
    if not names_the_product(meta.seo_title, facts, data.title):
        # As shops' SEO plugins do by default: the product's title is its search title.
        named = shorten(data.title, SEO_TITLE_MAX, language) or shorten(
            facts.name, SEO_TITLE_MAX, language
        )
        meta = meta.model_copy(update={"seo_title": named or meta.seo_title})
    alt_text = normalize_space(data.image_alt_text)
    if len(alt_text) < IMAGE_ALT_MIN:
        # The product's own title is a true description of what the picture shows.
        alt_text = data.title
    bullets = [normalize_space(bullet) for bullet in data.feature_bullets if bullet.strip()]
    return data.model_copy(
        update={
            "short_description": short,
            "long_description_html": long_html,
            "feature_bullets": bullets or data.feature_bullets,
            "meta": meta,
            "tags": _fix_tags(data.tags),
            "image_alt_text": shorten(alt_text, IMAGE_ALT_MAX, language) or data.image_alt_text,
            "keywords": list(keywords),
        }
    )
