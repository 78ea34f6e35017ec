"""The DOCX table of contents written out, not only a field for Word to fill.

Pandoc's ``--toc`` writes a ``TOC`` field with an empty result: Word fills it when the file
is opened and its fields updated, but LibreOffice, Google Docs, phones' viewers and every
reader that does not update fields show an empty contents page. Here the field's result is
filled from the document itself: one paragraph per Heading 1 (the chapters, the glossary,
the author's page), in the TOC 1 style, its text a hyperlink to the heading's bookmark
(pandoc bookmarks each heading with its identifier, ``chapter-3``). The field stays a field,
marked dirty, so Word still rebuilds it with page numbers when it opens the file.

The DOCX is edited as the zip of XML it is (``word/document.xml`` only, the rest of it byte
for byte as pandoc wrote it); the heading texts are copied as escaped text, so model text
stays text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as defused

from presswright.books.export.errors import BookExportError

__all__ = ["fill_table_of_contents", "toc_entries"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_DOCUMENT = "word/document.xml"
# Pandoc writes the TOC field in one run: begin, the instruction, separate, end. The entries
# go between "separate" and "end", so "end" moves to a paragraph of its own after them.
_EMPTY_RESULT = (
    b'<w:fldChar w:fldCharType="separate" /><w:fldChar w:fldCharType="end" /></w:r></w:p>'
)
_END = b'<w:p><w:r><w:fldChar w:fldCharType="end" /></w:r></w:p>'


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def toc_entries(body: ElementTree.Element) -> list[tuple[str, str]]:
    """Each Heading 1 paragraph's bookmark name and text, in document order.

    Pandoc opens a heading's bookmark just before its paragraph (the bookmark spans the
    section), so a Heading 1 takes the bookmarks opened since the paragraph before it.
    """
    entries: list[tuple[str, str]] = []
    opened: list[str] = []
    for child in body:
        if child.tag == _w("bookmarkStart"):
            opened.append(str(child.get(_w("name"))))
            continue
        if child.tag != _w("p"):
            continue
        style = child.find("w:pPr/w:pStyle", _NS)
        inside = child.find("w:bookmarkStart", _NS)
        names = opened + ([str(inside.get(_w("name")))] if inside is not None else [])
        opened = []
        if style is None or style.get(_w("val")) != "Heading1" or not names:
            continue
        text = "".join(node.text or "" for node in child.iter(_w("t"))).strip()
        if text:
            entries.append((names[-1], text))
    return entries


def _entry(anchor: str, text: str, rtl: bool) -> bytes:
    """A TOC 1 paragraph whose text links to the bookmark ``anchor`` (both escaped)."""
    bidi, run_rtl = ("<w:bidi />", "<w:rPr><w:rtl /></w:rPr>") if rtl else ("", "")
    return (
        f'<w:p><w:pPr><w:pStyle w:val="TOC1" />{bidi}</w:pPr>'
        f'<w:hyperlink w:anchor={quoteattr(anchor)} w:history="1"><w:r>{run_rtl}'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:hyperlink></w:p>'
    ).encode()


def _fill(document: bytes, rtl: bool) -> bytes:
    body = defused.fromstring(document).find("w:body", _NS)
    if body is None or document.count(_EMPTY_RESULT) != 1:
        raise BookExportError(
            "the DOCX has no empty table of contents field as pandoc writes it",
            hint="this is a bug in Presswright's DOCX export; report it",
        )
    entries = b"".join(_entry(anchor, text, rtl) for anchor, text in toc_entries(body))
    if not entries:
        return document
    filled = _EMPTY_RESULT.replace(b'<w:fldChar w:fldCharType="end" />', b"") + entries + _END
    return document.replace(_EMPTY_RESULT, filled, 1)


def fill_table_of_contents(path: Path, *, rtl: bool = False) -> Path:
    """Fill the DOCX at ``path``'s table of contents with its Heading 1 entries, in place."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    written = path.with_suffix(".toc.docx")
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, _fill(data, rtl) if info.filename == _DOCUMENT else data)
    written.replace(path)
    return path
