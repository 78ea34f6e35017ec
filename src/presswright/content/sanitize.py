"""Body HTML cleaned to exactly what WordPress's ``wp_kses_post()`` lets an author save.

The allowlist below is our own table of WordPress 6.8's rules (``$allowedposttags`` with
``_wp_add_global_attributes()``, ``wp_allowed_protocols()``, ``wp_kses_uri_attributes()``
and ``safecss_filter_attr()`` in ``wp-includes/kses.php``; unchanged from 6.6 to 6.8). A
body that passes ``sanitize_html`` unchanged is one WordPress stores unchanged, so what we
preview is what gets published.

Where the two cannot be identical we are stricter, never looser:

* ``<script>``/``<style>`` lose their text too (WordPress keeps it as visible text).
* A URL attribute with a forbidden protocol is removed; WordPress keeps the value with
  the protocol cut off (``javascript:alert(1)`` becomes ``alert(1)``).
* ``<object>`` is removed: WordPress keeps it only for a PDF in the site's own uploads,
  a host we do not know (and otherwise as a bare ``<object>`` without attributes).
* ``<a download>`` is removed: WordPress keeps it only without a value, and an HTML
  serializer always writes one (``download=""``), which WordPress would then strip.
* ``<template>`` goes with its content (inert HTML that html5ever keeps out of the tree).
* A style declaration with ``"``, ``&``, ``<``, ``>`` or a no-break space is removed:
  they are written as entities, and WordPress would cut the declaration at the entity's
  ``;``. (WordPress keeps ``font-family: "A"`` when the author wrote the quotes raw.)
* HTML comments are removed (body HTML is plain HTML; block comments are added by
  :mod:`presswright.content.render`). WordPress keeps comments.

The input is parsed as HTML5 (html5ever, inside nh3), so malformed markup comes out
well-formed (``<tbody>`` added, stray ``<td>`` dropped), where WordPress keeps it as is.

Sanitizing never drops what a reader would see: markup that would swallow the rest of the
body (an unclosed ``<style>``, ``<textarea>``, ``<!--`` ...) is defused first (see
:mod:`presswright.content.swallowing_markup`), and :func:`lost_text` names any words the
sanitizer would still drop, so the contract can refuse such a body instead of publishing
it shorter.
"""

from __future__ import annotations

import re

import nh3

from presswright.content.body_html import lost_words
from presswright.content.swallowing_markup import defuse_swallowing_markup

__all__ = [
    "WORDPRESS_VERSION",
    "WP_ALLOWED_PROTOCOLS",
    "WP_GLOBAL_ATTRIBUTES",
    "WP_POST_TAGS",
    "WP_SAFE_CSS_PROPERTIES",
    "WP_URI_ATTRIBUTES",
    "is_sanitized",
    "lost_text",
    "sanitize_html",
]

WORDPRESS_VERSION = "6.8"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ALIGN = _names("align")
_CELL_ALIGN = _names("align char charoff valign")
_CELL = _names("abbr align axis bgcolor char charoff colspan headers height nowrap rowspan")
_CELL |= _names("scope valign width")

# $allowedposttags: each tag with the attributes it adds to the global ones. <object> is
# left out on purpose (see the module docstring); `download` on <a> likewise.
WP_POST_TAGS: dict[str, frozenset[str]] = {
    "a": _names("href rel rev name target"),
    "abbr": frozenset(),
    "acronym": frozenset(),
    "address": frozenset(),
    "area": _names("alt coords href nohref shape target"),
    "article": _ALIGN,
    "aside": _ALIGN,
    "audio": _names("autoplay controls loop muted preload src"),
    "b": frozenset(),
    "bdo": frozenset(),
    "big": frozenset(),
    "blockquote": _names("cite"),
    "br": frozenset(),
    "button": _names("disabled name type value"),
    "caption": _ALIGN,
    "cite": frozenset(),
    "code": frozenset(),
    "col": _names("align char charoff span valign width"),
    "colgroup": _names("align char charoff span valign width"),
    "dd": frozenset(),
    "del": _names("datetime"),
    "details": _names("align open"),
    "dfn": frozenset(),
    "div": _ALIGN,
    "dl": frozenset(),
    "dt": frozenset(),
    "em": frozenset(),
    "fieldset": frozenset(),
    "figcaption": _ALIGN,
    "figure": _ALIGN,
    "font": _names("color face size"),
    "footer": _ALIGN,
    "h1": _ALIGN,
    "h2": _ALIGN,
    "h3": _ALIGN,
    "h4": _ALIGN,
    "h5": _ALIGN,
    "h6": _ALIGN,
    "header": _ALIGN,
    "hgroup": _ALIGN,
    "hr": _names("align noshade size width"),
    "i": frozenset(),
    "img": _names("alt align border height hspace loading longdesc vspace src usemap width"),
    "ins": _names("datetime cite"),
    "kbd": frozenset(),
    "label": _names("for"),
    "legend": _ALIGN,
    "li": _names("align value"),
    "main": _ALIGN,
    "map": _names("name"),
    "mark": frozenset(),
    "menu": _names("type"),
    "nav": _ALIGN,
    "ol": _names("start type reversed"),
    "p": _ALIGN,
    "pre": _names("width"),
    "q": _names("cite"),
    "rb": frozenset(),
    "rp": frozenset(),
    "rt": frozenset(),
    "rtc": frozenset(),
    "ruby": frozenset(),
    "s": frozenset(),
    "samp": frozenset(),
    "section": _ALIGN,
    "small": frozenset(),
    "span": _ALIGN,
    "strike": frozenset(),
    "strong": frozenset(),
    "sub": frozenset(),
    "summary": _ALIGN,
    "sup": frozenset(),
    "table": _names("align bgcolor border cellpadding cellspacing rules summary width"),
    "tbody": _CELL_ALIGN,
    "td": _CELL,
    "textarea": _names("cols rows disabled name readonly"),
    "tfoot": _CELL_ALIGN,
    "th": _CELL,
    "thead": _CELL_ALIGN,
    "title": frozenset(),
    "tr": _names("align bgcolor char charoff valign"),
    "track": _names("default kind label src srclang"),
    "tt": frozenset(),
    "u": frozenset(),
    "ul": _names("type"),
    "var": frozenset(),
    "video": _names("autoplay controls height loop muted playsinline poster preload src width"),
}

# _wp_add_global_attributes(); its `data-*` wildcard is _DATA_ATTRIBUTE below.
WP_GLOBAL_ATTRIBUTES = _names(
    "aria-controls aria-current aria-describedby aria-details aria-expanded aria-hidden"
    " aria-label aria-labelledby aria-live class dir hidden id lang style title role xml:lang"
)
# wp_kses_attr_check(): `data-` then one or more hyphen-separated [a-z0-9_] words.
_DATA_ATTRIBUTE = re.compile(r"data(?:-[a-z0-9_]+)+")

WP_ALLOWED_PROTOCOLS = _names(
    "http https ftp ftps mailto news irc irc6 ircs gopher nntp feed telnet mms rtsp sms svn"
    " tel fax xmpp webcal urn"
)
# wp_kses_uri_attributes(): values WordPress checks for protocols.
WP_URI_ATTRIBUTES = _names(
    "action archive background cite classid codebase data formaction href icon longdesc"
    " manifest poster profile src usemap xmlns"
)

# safecss_filter_attr()'s default 'safe_style_css' list; `--*` custom properties are
# allowed by _CUSTOM_PROPERTY.
WP_SAFE_CSS_PROPERTIES = _names(
    """
    background background-color background-image background-position background-repeat
    background-size background-attachment background-blend-mode
    border border-radius border-width border-color border-style
    border-right border-right-color border-right-style border-right-width
    border-bottom border-bottom-color border-bottom-left-radius border-bottom-right-radius
    border-bottom-style border-bottom-width
    border-left border-left-color border-left-style border-left-width
    border-top border-top-color border-top-left-radius border-top-right-radius
    border-top-style border-top-width
    border-spacing border-collapse caption-side
    columns column-count column-fill column-gap column-rule column-span column-width
    color filter font font-family font-size font-style font-variant font-weight
    letter-spacing line-height text-align text-decoration text-indent text-transform
    height min-height max-height width min-width max-width
    margin margin-right margin-bottom margin-left margin-top
    margin-block-start margin-block-end margin-inline-start margin-inline-end
    padding padding-right padding-bottom padding-left padding-top
    padding-block-start padding-block-end padding-inline-start padding-inline-end
    flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap
    gap row-gap
    grid-template-columns grid-auto-columns grid-column-start grid-column-end grid-column
    grid-column-gap grid-template-rows grid-auto-rows grid-row-start grid-row-end grid-row
    grid-row-gap grid-gap
    justify-content justify-items justify-self align-content align-items align-self
    clear cursor direction float list-style-type object-fit object-position opacity
    overflow vertical-align writing-mode
    position top right bottom left z-index box-shadow aspect-ratio container-type
    """
)
_CUSTOM_PROPERTY = re.compile(r"--[a-zA-Z0-9_-]+")
_CSS_URL_PROPERTIES = _names(
    "background background-image cursor filter list-style list-style-image"
)
_CSS_GRADIENT_PROPERTIES = _names("background background-image")
_CSS_URL = re.compile(r"url\([^)]+\)")
_CSS_URL_PARTS = re.compile(r"""url\(\s*(['"]?)(.*)\1\s*\)""", re.DOTALL)
_CSS_GRADIENT = re.compile(
    r"(repeating-)?(linear|radial|conic)-gradient\(([^()]|rgba?\([^()]*\))*\)"
)
_CSS_FUNCTION = re.compile(r"\b(?:var|calc|min|max|minmax|clamp|repeat)\(", re.ASCII)
_CSS_FORBIDDEN = re.compile(r"[\\(&=}]|/\*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|\\+0+")
_PROTOCOL_SPLIT = re.compile(r":|&#0*58;|&#x0*3a;|&colon;", re.IGNORECASE)
_ENTITY = re.compile(r"&#([0-9]+);|&#[xX]([0-9a-fA-F]+);")


def _decode_numeric_entities(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match[1]) if match[1] else int(match[2], 16)
        return chr(code % 256)  # PHP's chr() wraps the same way

    return _ENTITY.sub(one, text)


def _strip_bad_protocol(value: str, depth: int = 1) -> tuple[str, bool]:
    """wp_kses_bad_protocol_once(): the value without a bad scheme, and whether one was cut."""
    value = re.sub(r"(&#0*58(?![;0-9])|&#x0*3a(?![;a-f0-9]))", r"\1;", value, flags=re.I)
    parts = _PROTOCOL_SPLIT.split(value, maxsplit=1)
    if len(parts) < 2 or "/?" in parts[0]:
        return value, False
    rest = parts[1].strip()
    scheme = re.sub(r"\s", "", _decode_numeric_entities(parts[0]))
    scheme = _CONTROL.sub("", scheme).lower()
    if scheme not in WP_ALLOWED_PROTOCOLS:
        return rest, True
    if scheme == "feed":
        # feed: wraps another URL, whose protocol is checked too (at most twice).
        if depth > 2:
            return "", True
        rest, cut = _strip_bad_protocol(rest, depth + 1)
        if cut or not rest:
            return rest, True
    return f"{scheme}:{rest}", False


def _clean_url(value: str) -> str | None:
    """The URL as wp_kses_bad_protocol() leaves it, or None if it had a forbidden protocol."""
    value = _CONTROL.sub("", value)
    for _ in range(6):
        cleaned, cut = _strip_bad_protocol(value)
        if cut:
            return None
        if cleaned == value:
            return value
        value = cleaned
    return value


def _without_css_functions(text: str) -> str:
    # Drops var()/calc()/... calls with balanced parentheses, nested ones included; an
    # unbalanced call stays, and its "(" then fails the check.
    while True:
        for match in _CSS_FUNCTION.finditer(text):
            depth, end = 0, match.end() - 1
            for end in range(match.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            if depth == 0:
                text = text[: match.start()] + text[end + 1 :]
                break
        else:
            return text


def _css_declaration_ok(item: str) -> bool:
    test = item
    if ":" not in item:
        return not _CSS_FORBIDDEN.search(_without_css_functions(test))
    name, value = (part.strip() for part in item.split(":", 1))
    custom = bool(_CUSTOM_PROPERTY.fullmatch(name))
    if not custom and name not in WP_SAFE_CSS_PROPERTIES:
        return False
    has_url = value.startswith("url(") if custom else name in _CSS_URL_PROPERTIES
    has_gradient = "-gradient(" in value if custom else name in _CSS_GRADIENT_PROPERTIES
    if has_url:
        for url_call in _CSS_URL.findall(item.split(":", 1)[1]):
            parts = _CSS_URL_PARTS.fullmatch(url_call)
            url = parts[2].strip() if parts else ""
            if not url or _clean_url(url) != url:
                return False
            test = test.replace(url_call, "")
    if has_gradient and _CSS_GRADIENT.fullmatch(value):
        test = test.replace(value, "")
    return not _CSS_FORBIDDEN.search(_without_css_functions(test))


# nh3 writes these as entities in attribute values, and WordPress splits style
# declarations at every ";", an entity's included, so none of them can survive the trip.
_ESCAPED_IN_ATTRIBUTES = re.compile('[&"<>\xa0]')


def _filter_style(css: str) -> str | None:
    """safecss_filter_attr(): only the declarations WordPress accepts, or None if none are left."""
    # Not nh3's filter_style_properties: it checks names only, so it can express neither
    # WordPress's `--*` custom properties nor its rules for values (url(), "(", "&", ...).
    css = _CONTROL.sub("", css).replace("\n", "").replace("\r", "").replace("\t", "")
    kept: list[str] = []
    for item in css.strip().split(";"):
        item = item.strip()
        # Empty declarations are dropped so the result is a fixed point (WordPress would
        # keep one as a stray ";" and drop it on the next save).
        if item and not _ESCAPED_IN_ATTRIBUTES.search(item) and _css_declaration_ok(item):
            kept.append(item)
    return ";".join(kept) or None


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 decides which attribute names stay; this applies WordPress's rules for values.
    if name.startswith("data-"):
        return value if _DATA_ATTRIBUTE.fullmatch(name) else None
    if name == "style":
        return _filter_style(value)
    if name in WP_URI_ATTRIBUTES:
        return _clean_url(value)
    return value


_CLEANER = nh3.Cleaner(
    tags=frozenset(WP_POST_TAGS),
    attributes={"*": WP_GLOBAL_ATTRIBUTES, **WP_POST_TAGS},
    attribute_filter=_filter_attribute,
    generic_attribute_prefixes={"data-"},
    url_schemes=WP_ALLOWED_PROTOCOLS,
    # WordPress adds no rel to links; it keeps the author's own rel.
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """``html`` with only what WordPress's ``wp_kses_post()`` allows (see the module docstring)."""
    return _CLEANER.clean(defuse_swallowing_markup(html))


def lost_text(html: str) -> list[str]:
    """The words a reader sees in ``html`` that ``sanitize_html`` drops; empty when none are.

    Code, CSS and comments are not text a reader sees, closed or not; everything else the
    sanitizer removes is (an unclosed attribute quote, SVG or MathML text, ...).
    """
    defused = defuse_swallowing_markup(html)
    return lost_words(defused, _CLEANER.clean(defused))


def is_sanitized(html: str) -> bool:
    """Whether ``sanitize_html`` would leave ``html`` unchanged."""
    return sanitize_html(html) == html
