"""A page WordPress served, made inert for the studio's live preview frame.

The live preview shows a deployed page as WordPress renders it, from a URL of the API, in a
frame whose policy runs no script (``sandbox`` and no ``script-src``; see
:mod:`presswright.api.routes.site_preview`). That policy is the wall; this filter takes out
what the policy would refuse anyway, so the frame loads nothing it is refused (no console
full of refusals) and nothing can act before the policy does:

* elements that run or embed something: ``script``, ``noscript`` (rendered when scripts
  are off, and often a tracking pixel), ``iframe``, ``frame``, ``object``, ``embed``...;
* ``<base>``, ``<meta http-equiv>`` (a refresh, a policy), ``<link>`` other than a
  stylesheet of the WordPress origin (preloads, prefetches, a manifest, another origin);
* ``on*`` event handlers, ``srcdoc``, ``ping``, ``target``, and any ``javascript:`` or
  ``data:`` URL in a link or form attribute.

A ``<base href>`` of the page's own address goes first in ``<head>``, so a relative URL
(``/wp-content/...``) still means WordPress, not the API; its ``target="_blank"`` makes a
link clicked in the frame open the live site in a tab of its own, not in the frame.

It reads HTML with the standard library's tokenizer and writes back every token it keeps
as it came (a start tag is rewritten only when it loses an attribute).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final
from urllib.parse import urljoin, urlsplit

__all__ = ["InertPage", "inert_page", "origin_of"]

_DROPPED: Final = frozenset(
    {"script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
     "portal", "fencedframe", "base"}
)  # fmt: skip
_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
_URL_ATTRIBUTES: Final = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster"})
# A target would override the <base target="_blank">: a link would load in the frame.
_DROPPED_ATTRIBUTES: Final = frozenset({"srcdoc", "ping", "target", "formtarget"})
# What a browser ignores before a URL's scheme: control characters and spaces.
_URL_LEAD = re.compile(r"[\x00-\x20]+")
_ACTIVE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
_TITLE_LIMIT: Final = 300


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` as a browser (and a CSP source) compares it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


class InertPage:
    """The filtered page, its ``<title>`` as text, and what was taken out (by kind)."""

    def __init__(self, page: str, title: str, removed: dict[str, int]) -> None:
        self.page = page
        self.title = title
        self.removed = removed


class _Filter(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=False)
        self.base_url = base_url
        self.origin = origin_of(base_url)
        self.out: list[str] = []
        self.skipping: list[str] = []  # the dropped elements open around this point
        self.removed: dict[str, int] = {}
        self.base_written = False
        self.in_title = False
        self.title: list[str] = []

    def _removed(self, what: str) -> None:
        self.removed[what] = self.removed.get(what, 0) + 1

    def _base(self) -> str:
        self.base_written = True
        return f'<base href="{html.escape(self.base_url, quote=True)}" target="_blank">'

    def _kept_link(self, attrs: list[tuple[str, str | None]]) -> bool:
        values = {name: value or "" for name, value in attrs}
        if "stylesheet" not in values.get("rel", "").lower().split():
            return False
        href = values.get("href", "")
        return bool(href) and origin_of(urljoin(self.base_url, href)) == self.origin

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and not closed and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _DROPPED:
            self._removed(tag)
            if not closed and tag not in _VOID:
                self.skipping.append(tag)
            return
        if (tag == "meta" and any(name == "http-equiv" for name, _ in attrs)) or (
            tag == "link" and not self._kept_link(attrs)
        ):
            self._removed(tag)
            return
        kept = [(name, value) for name, value in attrs if self._kept_attribute(name, value)]
        raw = self.get_starttag_text() or ""
        if len(kept) == len(attrs):
            self.out.append(raw)
        else:
            self.out.append(_start_tag(tag, kept, closed))
        if tag == "head" and not closed and not self.base_written:
            self.out.append(self._base())
        if tag == "title":
            self.in_title = not closed

    def _kept_attribute(self, name: str, value: str | None) -> bool:
        if name.startswith("on") or name in _DROPPED_ATTRIBUTES:
            self._removed(f"{name} attribute" if not name.startswith("on") else "event handler")
            return False
        if name in _URL_ATTRIBUTES and value and _ACTIVE_SCHEME.match(_URL_LEAD.sub("", value)):
            self._removed("active URL")
            return False
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _DROPPED:
            return
        if tag == "title":
            self.in_title = False
        self.out.append(f"</{tag}>")

    def _text(self, text: str) -> None:
        if self.skipping:
            return
        self.out.append(text)
        if self.in_title:
            self.title.append(text)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.skipping:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if not self.skipping:
            self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        if not self.skipping:
            self.out.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        return  # a processing instruction means nothing in HTML: a bogus comment


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + (" />" if closed else ">")


def inert_page(source: str, *, base_url: str) -> InertPage:
    """``source`` (a whole HTML page served at ``base_url``) without anything active in it."""
    parser = _Filter(base_url)
    parser.feed(source)
    parser.close()
    page = "".join(parser.out)
    if not parser.base_written:
        # No <head> tag (a page need not have one): a <base> first is put in the head.
        doctype = re.match(r"\s*<!doctype[^>]*>", page, re.IGNORECASE)
        cut = doctype.end() if doctype else 0
        page = page[:cut] + parser._base() + page[cut:]
    title = html.unescape(re.sub(r"\s+", " ", "".join(parser.title))).strip()
    return InertPage(page, title[:_TITLE_LIMIT], parser.removed)
