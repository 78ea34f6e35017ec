"""The HTML edition under a strict Content-Security-Policy, and the DOCX's written-out contents.

The HTML edition carries its styles in one ``<style>`` element allowed by its SHA-256 in the
file's own policy (no ``'unsafe-inline'``, no ``style=""`` attribute), and Presswright serves
it with the same policy. The DOCX's table of contents is a Word field whose result already
lists every Heading 1, each a link to the heading's bookmark, so a reader that never updates
fields (LibreOffice, phones) shows the contents too.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree, html

from presswright.books.export import export_docx, export_html
from presswright.books.export.html import html_edition_policy
from presswright.books.export.labels import labels_for
from presswright.books.model import Book
from tests.books.sample_books import HOSTILE, hostile_book, sample_book

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NAMES = ("en", "ar", "hostile")


@pytest.fixture(scope="module")
def books() -> dict[str, Book]:
    return {"en": sample_book("en"), "ar": sample_book("ar"), "hostile": hostile_book()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("editions")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("name", NAMES)
def test_the_html_edition_allows_only_its_own_style_by_hash(
    books: dict[str, Book], folder: Path, name: str
) -> None:
    path = export_html(books[name], folder / f"{name}.html")
    page = html.fromstring(path.read_bytes())
    assert not page.xpath("//@style"), "no style attribute: a strict policy refuses them"
    assert not page.xpath("//script | //link | //img | //iframe | //object | //base")
    [style] = page.xpath("//head/style")
    [meta] = page.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
    # The policy comes before the element it governs, right after the charset.
    head = [element.tag for element in page.find("head")]
    assert head.index("meta") == 0 and head[1] == "meta" and head.index("style") > 1
    policy = dict((part.split()[0], part.split()[1:]) for part in meta.get("content").split("; "))
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == [_sha256(style.text)]  # by hash, never 'unsafe-inline'
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    assert "unsafe" not in meta.get("content")
    # The policy Presswright serves the file with is the file's own.
    assert meta.get("content") == html_edition_policy()
    if name == "hostile":
        text = " ".join(page.text_content().split())
        assert all(hostile in text for hostile in HOSTILE)
        assert len(page.xpath("//style")) == 1  # model text made no second <style>
    # Still well-formed enough to be read as XML once the HTML void elements are closed.
    assert etree.tostring(page, method="xml")


def _toc(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    [toc] = root.xpath("//w:sdt[.//w:docPartGallery/@w:val='Table of Contents']", namespaces=NS)
    return toc


@pytest.mark.parametrize("name", NAMES)
def test_the_docx_contents_list_every_chapter_without_updating_fields(
    books: dict[str, Book], folder: Path, name: str
) -> None:
    book = books[name]
    path = export_docx(book, folder / f"{name}.docx")
    words = labels_for(book.meta.language)
    toc = _toc(path)
    entries = toc.xpath(".//w:p[w:pPr/w:pStyle/@w:val='TOC1']", namespaces=NS)
    texts = ["".join(entry.xpath(".//w:t/text()", namespaces=NS)) for entry in entries]
    expected = [words.chapter_heading(ch.number, ch.title) for ch in book.chapters]
    assert texts == [*expected, words.glossary, words.about_author]
    anchors = [entry.xpath("string(w:hyperlink/@w:anchor)", namespaces=NS) for entry in entries]
    assert anchors[: len(book.chapters)] == [f"chapter-{ch.number}" for ch in book.chapters]
    # Every link leads to a bookmark on a Heading 1 paragraph.
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    # (pandoc opens a heading's bookmark just before its paragraph: it spans the section)
    marks = root.xpath(
        "//w:body/w:bookmarkStart[following-sibling::*[1][self::w:p]"
        "[w:pPr/w:pStyle/@w:val='Heading1']]/@w:name",
        namespaces=NS,
    )
    assert anchors == list(marks)
    # Still one Word field around them, marked for Word to rebuild with page numbers:
    # begin, instruction and separate before the entries, end after them.
    chars = toc.xpath(".//w:fldChar/@w:fldCharType", namespaces=NS)
    assert chars == ["begin", "separate", "end"]
    order = [node for node in toc.iter() if node.tag in (f"{{{W}}}fldChar", f"{{{W}}}hyperlink")]
    kinds = [node.get(f"{{{W}}}fldCharType", "link") for node in order]
    assert kinds == ["begin", "separate", *["link"] * len(entries), "end"]
    assert re.match(r"TOC \\o \"1-1\"", toc.xpath("string(.//w:instrText)", namespaces=NS).strip())
    assert bool(toc.xpath(".//w:bidi", namespaces=NS)) == book.meta.right_to_left
    # python-docx still opens it, with every chapter title in a real Heading 1.
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings[: len(expected)] == expected
