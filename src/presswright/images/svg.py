"""SVG from anywhere made safe to store and serve, or refused: never kept as given.

An SVG is a document that browsers run: it can hold scripts, event handlers, links to
``javascript:``, HTML inside ``foreignObject``, animations that rewrite links, CSS that
loads from elsewhere, and references to external files. The document is parsed by
``defusedxml`` (no DTD, no entities, no external references: no billion laughs, no XXE),
then rebuilt from an allowlist: only known SVG drawing elements survive; attributes that
are event handlers, or that point anywhere but inside the document (``#id``) or at an
embedded raster picture (``data:image/png;base64,...``), are dropped; CSS (``style``
attributes and ``<style>`` sheets) that could load anything (``url()`` outside the
document, ``@import``, ``image-set``, escapes) is dropped; ``<script>``, metadata, comments
and processing instructions are removed. A document that does not parse, is not an SVG,
or has nothing left to draw is refused with :class:`~presswright.errors.InvalidImageError`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # serialising only; parsing is defusedxml's
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from presswright.errors import InvalidImageError

__all__ = ["MAX_SVG_BYTES", "SanitizedSvg", "sanitize_svg"]

MAX_SVG_BYTES = 2 * 1024 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Drawing, structure, text, paint servers, clipping and filters (<style> and <image> are
# checked on their own); no script, a, foreignObject, animation (animate and set can
# rewrite an href to javascript:).
_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "image",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    }
)
_CONTAINERS_TO_UNWRAP = frozenset({"a", "switch"})  # keep the drawing, drop the link
_REFERENCE_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data"})
_RASTER_DATA = re.compile(r"data:image/(png|jpeg|jpg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*\Z")
_URL_FUNCTION = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)\1\s*\)", re.IGNORECASE)
# CSS that loads or runs something; a backslash is refused because CSS escapes can spell
# "url(" or "@import" without those letters.
_LOADS_SOMETHING = re.compile(
    r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|image-set|\\", re.IGNORECASE
)


@dataclass(frozen=True)
class SanitizedSvg:
    """A cleaned SVG document and what was taken out of it."""

    data: bytes = field(repr=False)
    removed: tuple[str, ...]

    @property
    def media_type(self) -> str:
        """The MIME type to store and serve it with."""
        return "image/svg+xml"


def _refuse(message: str, reason: str) -> InvalidImageError:
    return InvalidImageError(
        message, reason=reason, hint="send a well-formed SVG drawing, or a PNG, JPEG or WebP"
    )


def sanitize_svg(data: bytes, *, max_bytes: int = MAX_SVG_BYTES) -> SanitizedSvg:
    """The SVG with everything active or external removed; InvalidImageError if it cannot be."""
    if len(data) > max_bytes:
        raise _refuse(f"the SVG is {len(data)} bytes, over the limit of {max_bytes}", "too_large")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise _refuse(
            f"the SVG declares a DTD or entities ({type(error).__name__})", "svg_dtd"
        ) from None
    except ET.ParseError as error:
        raise _refuse(f"the SVG is not well-formed XML: {error}", "undecodable") from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise _refuse(
            f"the document's root is <{_local(root.tag)}>, not an SVG <svg> element", "not_svg"
        )
    removed: list[str] = []
    clean = _rebuild(root, removed)
    drawn = (e for e in clean.iter() if e is not clean)
    if not any(_local(element.tag) not in ("title", "desc", "defs") for element in drawn):
        raise _refuse("the SVG has nothing to draw once unsafe parts are removed", "svg_empty")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    text = ET.tostring(clean, encoding="unicode", xml_declaration=False)
    return SanitizedSvg(data=text.encode("utf-8"), removed=tuple(removed))


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _namespace(tag: object) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


def _rebuild(element: ET.Element, removed: list[str]) -> ET.Element:
    """A copy of ``element`` (an allowed SVG element) with safe attributes and children."""
    name = _local(element.tag)
    copy = ET.Element(f"{{{SVG_NS}}}{name}")
    for key, value in element.attrib.items():
        kept = _safe_attribute(name, key, value)
        if kept is None:
            removed.append(f"<{name}> attribute {_local(key)}")
        else:
            copy.set(*kept)
    copy.text = element.text
    for child in element:
        _append_child(copy, child, removed)
    return copy


def _append_child(parent: ET.Element, child: ET.Element, removed: list[str]) -> None:
    if not isinstance(child.tag, str):  # a comment or processing instruction
        return
    name = _local(child.tag)
    foreign = _namespace(child.tag) not in ("", SVG_NS)
    if not foreign and name in _CONTAINERS_TO_UNWRAP:
        removed.append(f"<{name}> (its content kept)")
        for grandchild in child:
            _append_child(parent, grandchild, removed)
        return
    if not foreign and name == "style":
        _append_style(parent, child, removed)
        return
    if foreign or name not in _ELEMENTS:
        removed.append(f"<{name}>")
        _keep_tail(parent, child)
        return
    if name == "image" and not _embedded_raster(child):
        removed.append("<image> with an external or non-raster source")
        _keep_tail(parent, child)
        return
    rebuilt = _rebuild(child, removed)
    if name == "use" and not any(_local(key) == "href" for key in rebuilt.attrib):
        _keep_tail(parent, child)  # its reference pointed outside and was dropped
        return
    rebuilt.tail = child.tail
    parent.append(rebuilt)


def _append_style(parent: ET.Element, style: ET.Element, removed: list[str]) -> None:
    """A <style> sheet kept as plain text if it loads nothing; removed otherwise."""
    css = "".join(style.itertext())
    if len(style) or not _css_is_inert(css):
        removed.append("<style> that loads or runs something")
        _keep_tail(parent, style)
        return
    kept = ET.Element(f"{{{SVG_NS}}}style")
    kept.text = css
    kept.tail = style.tail
    parent.append(kept)


def _css_is_inert(css: str) -> bool:
    if _LOADS_SOMETHING.search(css) or "<" in css:
        return False
    return all(m.group(2).strip().startswith("#") for m in _URL_FUNCTION.finditer(css))


def _keep_tail(parent: ET.Element, child: ET.Element) -> None:
    """Text after a removed element (inside <text>) stays where it was."""
    if not child.tail:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + child.tail
    else:
        parent.text = (parent.text or "") + child.tail


def _embedded_raster(image: ET.Element) -> bool:
    sources = [v for k, v in image.attrib.items() if _local(k) == "href"]
    return len(sources) == 1 and _RASTER_DATA.match(sources[0].strip()) is not None


def _safe_attribute(element: str, key: str, value: str) -> tuple[str, str] | None:
    """The attribute (name, value) to keep, or None when it is active or points outside."""
    name = _local(key)
    namespace = _namespace(key)
    if namespace not in ("", XLINK_NS) and not key.startswith("{http://www.w3.org/XML/1998"):
        return None  # attributes of other vocabularies (ev:, inkscape:, sodipodi:)
    lowered = name.lower()
    if lowered.startswith("on") or (lowered == "style" and not _css_is_inert(value)):
        return None
    compact = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    if "javascript:" in compact or "vbscript:" in compact or "\\" in value:
        return None  # presentation attributes are CSS values, where escapes can spell url(
    if lowered in _REFERENCE_ATTRIBUTES:
        target = value.strip()
        internal = target.startswith("#")
        raster = element == "image" and _RASTER_DATA.match(target) is not None
        if not (internal or raster):
            return None
        # SVG 2 reads plain href; keep xlink:href as is for older viewers.
        return (f"{{{XLINK_NS}}}href" if namespace == XLINK_NS else "href", target)
    for match in _URL_FUNCTION.finditer(value):
        if not match.group(2).strip().startswith("#"):
            return None  # fill="url(https://...)", style="background:url(...)"
    return (key, value)
