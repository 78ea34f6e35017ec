"""Book exports in the ten languages, checked with the tools publishers use.

One small book per language (real sentences, a subheading, scene breaks, front and back
matter, a paragraph of markup and code) goes to EPUB, PDF, DOCX, HTML and Markdown once
per test run. EPUBCheck must find nothing (0 errors, 0 warnings) in any EPUB; pdfinfo and
pdffonts read each PDF (tagged, fonts embedded), pypdf its bookmarks; python-docx opens
each DOCX; pandoc reads the Markdown back. The hostile text must come out as the very
characters it is in every format, and nowhere as markup.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from lxml import etree, html
from pypdf import PdfReader

from presswright.books.export import (
    BOOK_FORMATS,
    BookFontsMissingError,
    contrast_ratio,
    cover_colours,
    export_book,
    export_pdf,
)
from presswright.books.export.epub import CONFORMS_TO
from presswright.books.export.labels import labels_for
from presswright.books.export.pandoc_engine import pandoc_path
from presswright.books.model import Book, CoverPalette, SceneBreak
from presswright.errors import UserInputError
from tests.books.epubcheck import epubcheck_many
from tests.books.sample_books import (
    HOSTILE,
    LANGUAGES,
    UNUSABLE_KEPT,
    hostile_book,
    sample_book,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# Elements that would mean model text became markup somewhere.
MARKUP = ("script", "strong", "b", "em", "i", "math", "a", "img", "iframe", "style")

Exported = dict[str, dict[str, Path]]
BODY_FONT = {language: "NotoSerif-Regular" for language in LANGUAGES} | {
    "ar": "NotoNaskhArabic-Regular",
    "fa": "NotoNaskhArabic-Regular",
    "ja": "NotoSerifCJKjp-Regular",
    "ko": "NotoSerifCJKkr-Regular",
    "zh": "NotoSerifCJKsc-Regular",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def books() -> dict[str, Book]:
    return {language: sample_book(language) for language in LANGUAGES} | {"hostile": hostile_book()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, books: dict[str, Book]) -> Exported:
    """Every book in every format (and its cover), two books at a time."""
    folder = tmp_path_factory.mktemp("books")

    def export(name: str) -> tuple[str, dict[str, Path]]:
        paths = export_book(books[name], [*BOOK_FORMATS, "cover"], folder / name, stem=name)
        return name, {str(key): value for key, value in paths.items()}

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(export, books))


def flat(text: str) -> str:
    return " ".join(text.split())


def run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def epub_documents(path: Path) -> Iterator[tuple[str, etree._Element]]:
    with zipfile.ZipFile(path) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                yield name, etree.fromstring(epub.read(name))


# -- EPUB -----------------------------------------------------------------------------------


def test_epubcheck_finds_nothing_in_any_language(exported: Exported) -> None:
    reports = epubcheck_many([exported[name]["epub"] for name in exported])
    found = {
        report.path.name: report.messages
        for report in reports
        if report.fatal or report.errors or report.warnings
    }
    assert len(reports) == len(LANGUAGES) + 1
    assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_epub_has_the_book_s_metadata_and_structure(
    exported: Exported, books: dict[str, Book], language: str
) -> None:
    book, path = books[language], exported[language]["epub"]
    words = labels_for(book.meta.language)
    with zipfile.ZipFile(path) as epub:
        assert epub.namelist()[0] == "mimetype"
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
        cover_name = opf.xpath("//opf:item[@properties='cover-image']/@href", namespaces=OPF)[0]
        cover = epub.read(f"EPUB/{cover_name}")
    meta = book.meta

    def dc(name: str) -> str:
        return str(opf.xpath(f"string(//dc:{name})", namespaces=OPF))

    assert dc("title") == meta.title
    assert dc("creator") == meta.author
    assert dc("language") == language
    assert dc("identifier") == meta.identifier
    assert dc("subject") == meta.subject
    assert dc("description") == meta.description
    assert dc("date") == meta.published.isoformat()
    assert dc("rights") == meta.copyright_line
    properties = {
        str(element.get("property")): str(element.text)
        for element in opf.xpath("//opf:meta[@property]", namespaces=OPF)
    }
    for name in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityHazard"):
        assert properties[name]
    assert properties["schema:accessibilitySummary"].startswith("This publication meets WCAG")
    assert properties["dcterms:conformsTo"] == CONFORMS_TO
    spine = opf.xpath("//opf:spine", namespaces=OPF)[0]
    assert (spine.get("page-progression-direction") == "rtl") == meta.right_to_left
    # The cover: the typographic cover image, 1600 x 2560.
    assert cover[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(cover[16:20], "big"), int.from_bytes(cover[20:24], "big")) == (
        1600,
        2560,
    )
    # The table of contents: one link per chapter, then the back matter, in the book's words.
    links = [
        "".join(a.itertext()) for a in nav.iter(f"{XHTML}a") if a.getparent().tag == f"{XHTML}li"
    ]
    expected = [words.chapter_heading(ch.number, ch.title) for ch in book.chapters]
    assert links[: len(expected)] == expected
    assert words.glossary in links and words.about_author in links
    documents = dict(epub_documents(path))
    for name, root in documents.items():
        assert root.get("lang") == language, name
        assert (root.get("dir") == "rtl") == meta.right_to_left, name
        assert root.findtext(f"{XHTML}head/{XHTML}title").strip(), name
    types = {
        str(element.get(EPUB_TYPE))
        for root in documents.values()
        for element in root.iter()
        if element.get(EPUB_TYPE)
    }
    assert {"cover", "titlepage", "copyright-page", "dedication", "epigraph", "chapter"} <= types
    assert "glossary" in types
    titles = {root.findtext(f"{XHTML}head/{XHTML}title") for root in documents.values()}
    assert set(expected) <= titles  # each chapter's file is titled with its heading
    cover_page = documents["EPUB/text/cover.xhtml"]
    image = next(cover_page.iter(f"{XHTML}img"))
    assert meta.title in image.get("alt", "") and meta.author in image.get("alt", "")
    # Scene breaks: one <hr> per break, drawn as an ornament by the stylesheet.
    breaks = sum(1 for root in documents.values() for _ in root.iter(f"{XHTML}hr"))
    assert breaks == len(book.chapters)


@pytest.mark.parametrize("name", [*LANGUAGES, "hostile"])
def test_hostile_text_is_text_in_the_epub(exported: Exported, name: str) -> None:
    documents = dict(epub_documents(exported[name]["epub"]))
    text = flat(" ".join(" ".join(root.itertext()) for root in documents.values()))
    for hostile in HOSTILE:
        assert hostile in text
    for document, root in documents.items():
        body = root.find(f"{XHTML}body")
        tags = {etree.QName(element).localname for element in body.iter(tag=etree.Element)}
        allowed = {"nav.xhtml": {"a"}, "cover.xhtml": {"img"}}.get(document.split("/")[-1], set())
        assert not (tags & set(MARKUP)) - allowed, (document, tags)
    if name == "en":
        assert UNUSABLE_KEPT in text


def test_hostile_metadata_is_text_in_the_epub(exported: Exported, books: dict[str, Book]) -> None:
    meta = books["hostile"].meta
    with zipfile.ZipFile(exported["hostile"]["epub"]) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        title_page = etree.fromstring(epub.read("EPUB/text/title_page.xhtml"))
    assert opf.xpath("string(//dc:title)", namespaces=OPF) == meta.title
    assert opf.xpath("string(//dc:creator)", namespaces=OPF) == meta.author
    assert opf.xpath("string(//dc:publisher)", namespaces=OPF) == meta.publisher
    assert flat(" ".join(title_page.itertext())).startswith(flat(meta.title))
    assert not list(title_page.iter(f"{XHTML}b")) and not list(title_page.iter(f"{XHTML}i"))


# -- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*LANGUAGES, "hostile"])
def test_html_is_one_accessible_page_with_chapter_links(
    exported: Exported, books: dict[str, Book], name: str
) -> None:
    book = books[name]
    page = html.fromstring(exported[name]["html"].read_bytes())
    assert page.get("lang") == book.meta.language
    assert (page.get("dir") == "rtl") == book.meta.right_to_left
    assert page.findtext("head/title") == book.meta.title
    assert len(page.xpath("//h1")) == 1 and page.xpath("//main[@id='text']")
    assert page.xpath("//a[@class='skip-link']/@href") == ["#text"]
    links = page.xpath("//nav[@id='toc']//a/@href")
    ids = set(page.xpath("//@id"))
    assert links and all(link.startswith("#") and link[1:] in ids for link in links)
    chapters = [f"#chapter-{chapter.number}" for chapter in book.chapters]
    assert links[: len(chapters)] == chapters
    assert not page.xpath("//script | //link[@rel='stylesheet'] | //img | //iframe")
    body_tags = {element.tag for element in page.xpath("//main//*")}
    assert not body_tags & {"strong", "b", "em", "i", "math", "a", "script"}
    text = flat(page.text_content())
    for hostile in HOSTILE:
        assert hostile in text


# -- Markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["en", "ar", "ja", "hostile"])
def test_markdown_reads_back_as_the_same_text(
    exported: Exported, books: dict[str, Book], name: str
) -> None:
    path = exported[name]["md"]
    source = path.read_text(encoding="utf-8")
    assert source.startswith("---\n")
    rendered = run(pandoc_path(), "--from=gfm+tex_math_dollars", "--to=html", str(path))
    page = html.fromstring(f"<div>{rendered}</div>")
    assert not page.xpath("//script | //strong | //em | //a | //span[@class='math inline']")
    text = flat(page.text_content())
    for hostile in HOSTILE:
        assert hostile in text
    headings = [flat(h.text_content()) for h in page.xpath("//h1")]
    words = labels_for(books[name].meta.language)
    for chapter in books[name].chapters:
        assert words.chapter_heading(chapter.number, chapter.title) in headings
    # The title and author come back from the YAML block as written.
    standalone = run(pandoc_path(), "--from=gfm+tex_math_dollars", "--to=html", "-s", str(path))
    assert html.fromstring(standalone.encode()).findtext("head/title") == books[name].meta.title


# -- DOCX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*LANGUAGES, "hostile"])
def test_docx_chapters_are_heading_1_with_a_title_page(
    exported: Exported, books: dict[str, Book], name: str
) -> None:
    book = books[name]
    words = labels_for(book.meta.language)
    document = docx.Document(str(exported[name]["docx"]))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    expected = [words.chapter_heading(ch.number, ch.title) for ch in book.chapters]
    assert headings[: len(expected)] == expected
    assert headings[len(expected) :] == [words.glossary, words.about_author]
    styles = {p.style.name for p in paragraphs if p.style is not None}
    assert {"Title", "Author", "Copyright Page", "Dedication", "Epigraph"} <= styles
    breaks = [p.text for p in paragraphs if p.style is not None and p.style.name == "Scene Break"]
    assert breaks == ["⁂"] * sum(
        isinstance(block, SceneBreak) for chapter in book.chapters for block in chapter.blocks
    )
    assert paragraphs[0].style is not None and paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == book.meta.title
    heading_1 = document.styles["Heading 1"].paragraph_format
    assert heading_1.page_break_before  # every chapter opens on a new page
    text = flat(" ".join(p.text for p in paragraphs))
    for hostile in HOSTILE:
        assert hostile in text
    # No run of the text was made bold or italic, no link was made.
    runs = [
        run
        for p in paragraphs
        if p.style is not None
        and "Heading" not in p.style.name
        and p.style.name not in ("Title", "Definition Term")
        for run in p.runs
    ]
    assert not [run.text for run in runs if run.bold or run.italic]
    with zipfile.ZipFile(exported[name]["docx"]) as package:
        body = package.read("word/document.xml").decode()
    assert "<w:hyperlink" not in body.split("</w:sdt>")[-1]  # links only in the contents
    if book.meta.right_to_left:
        assert "<w:bidi" in body


# -- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*LANGUAGES, "hostile"])
def test_pdf_is_tagged_bookmarked_and_embeds_its_fonts(
    exported: Exported, books: dict[str, Book], name: str
) -> None:
    book, path = books[name], exported[name]["pdf"]
    words = labels_for(book.meta.language)
    info = run("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert pages >= 8 + 2 * len(book.chapters)
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    families = " ".join(fonts)
    assert BODY_FONT[book.meta.language] in families
    reader = PdfReader(path)
    top = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    expected = [f"{words.chapter_label(ch.number)} {ch.title}" for ch in book.chapters]
    assert top == [*expected, words.glossary, words.about_author]
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in metadata  # declares PDF/UA-1
    assert reader.page_labels[0] == "i"
    assert {"1", "\u0661", "\u06f1"} & set(reader.page_labels)  # 1 in its digits
    text = flat(BIDI_CONTROLS.sub("", run("pdftotext", "-enc", "UTF-8", str(path), "-")))
    # In a right-to-left line pdftotext moves the trailing "))" of the last one to the
    # line's other end (visual order); every other string reads as written.
    # A CJK line may break inside a run of Latin letters: compare without white space there.
    cjk = book.meta.language in ("ja", "ko", "zh")
    for hostile in HOSTILE[:-1] if book.meta.right_to_left else HOSTILE:
        assert hostile.replace(" ", "") in text.replace(" ", "") if cjk else hostile in text
    assert flat(book.meta.title) in text


def test_pdf_without_the_fonts_says_which_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(BookFontsMissingError) as raised:
        export_pdf(sample_book("ja"), tmp_path / "book.pdf", font_dirs=[tmp_path])
    assert "make book-deps" in str(raised.value) and "fonts-noto-cjk" in str(raised.value)
    assert not (tmp_path / "book.pdf").exists()


# -- Cover ----------------------------------------------------------------------------------


def test_cover_text_meets_wcag_aa_or_is_replaced() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    default = cover_colours(CoverPalette())
    assert not default.adjusted and default.contrast >= 4.5 and default.note is None
    weak = cover_colours(CoverPalette(background="#888888", text="#777777", accent="#444444"))
    assert weak.adjusted and weak.text == "#000000" and weak.contrast >= 4.5
    assert weak.note and "#777777" in weak.note and "WCAG AA" in weak.note
    dark = cover_colours(CoverPalette(background="#202020", text="#303030"))
    assert dark.text == "#ffffff" and dark.contrast >= 4.5


@pytest.mark.parametrize("name", ["en", "ar", "zh", "hostile"])
def test_cover_is_a_1600_by_2560_png(exported: Exported, name: str) -> None:
    png = exported[name]["cover"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
    assert size == (1600, 2560)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError) as raised:
        export_book(sample_book("en"), ["epub", "rtf"], tmp_path)  # type: ignore[list-item]
    assert "'rtf'" in str(raised.value) and "epub" in str(raised.value)
    assert not list(tmp_path.glob("book.*"))


def test_public_names_are_pinned() -> None:
    import presswright.books.export as export

    assert sorted(export.__all__) == [
        "BOOK_FORMATS",
        "BookExportError",
        "BookFontsMissingError",
        "BookFormat",
        "COVER_HEIGHT",
        "COVER_WIDTH",
        "CoverColours",
        "EXTENSIONS",
        "MEDIA_TYPES",
        "RenderedCover",
        "contrast_ratio",
        "cover_colours",
        "export_book",
        "export_docx",
        "export_epub",
        "export_html",
        "export_markdown",
        "export_pdf",
        "render_cover",
    ]
    assert all(hasattr(export, name) for name in export.__all__)
