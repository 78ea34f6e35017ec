"""The reference document pandoc takes the DOCX's styles from, built with python-docx.

A 6 x 9 in page with a centred page number in the footer; Noto fonts named for each
script (Word substitutes its own when they are missing); a title page (Title, Subtitle,
Author, Date); Heading 1 starts a new page, so every chapter opens on one; the table of
contents starts its own page after the title page; the front matter's styles (Copyright
Page, Dedication, Epigraph) start theirs; a scene break is a centred ornament.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from presswright.content.models import Language

__all__ = ["reference_docx"]

_EAST_ASIAN = {"ja": "Noto Serif CJK JP", "ko": "Noto Serif CJK KR", "zh": "Noto Serif CJK SC"}
_LANG_TAG = {"ja": "ja-JP", "ko": "ko-KR", "zh": "zh-CN", "ar": "ar-SA", "fa": "fa-IR"}


def _fonts(style: Any, language: Language) -> None:
    from docx.oxml.ns import qn

    style.font.name = "Noto Serif"
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), _EAST_ASIAN.get(language, "Noto Serif CJK SC"))
    fonts.set(qn("w:cs"), "Noto Naskh Arabic")


def _paragraph_style(document: Any, name: str, base: str = "Normal") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    if name in [style.name for style in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _page_number_footer(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def _language(document: Any, language: Language) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = (
        document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    tag = _LANG_TAG.get(language, language)
    lang.set(qn("w:val"), tag if language not in ("ar", "fa") else "en-US")
    lang.set(qn("w:eastAsia"), tag if language in _EAST_ASIAN else "zh-CN")
    lang.set(qn("w:bidi"), tag if language in ("ar", "fa") else "ar-SA")


def _build(language: Language) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(6), Inches(9)
    section.left_margin = section.right_margin = Inches(0.8)
    section.top_margin = section.bottom_margin = Inches(0.85)
    _page_number_footer(document)
    _language(document, language)
    black = RGBColor(0x1A, 0x1A, 0x1A)
    centre, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    normal = document.styles["Normal"]
    _fonts(normal, language)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25

    def paragraph(name: str, base: str = "Normal", **settings: Any) -> Any:
        style = _paragraph_style(document, name, base)
        form = style.paragraph_format
        for key in (
            "alignment",
            "space_before",
            "space_after",
            "page_break_before",
            "first_line_indent",
            "left_indent",
            "keep_with_next",
        ):
            if key in settings:
                setattr(form, key, settings[key])
        for key in ("size", "bold", "italic"):
            if key in settings:
                setattr(style.font, key, settings[key])
        style.font.color.rgb = black
        return style

    paragraph("Body Text", alignment=justify, first_line_indent=Inches(0.25), space_after=Pt(0))
    paragraph("First Paragraph", "Body Text", first_line_indent=Inches(0))
    paragraph("Compact", "Body Text", first_line_indent=Inches(0))
    paragraph(
        "Title", alignment=centre, space_before=Pt(150), space_after=Pt(12), size=Pt(28), bold=True
    )
    title = document.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"
    ):
        title.remove(border)
    paragraph("Subtitle", alignment=centre, space_after=Pt(36), size=Pt(16), italic=True)
    paragraph("Author", alignment=centre, space_before=Pt(24), size=Pt(14))
    paragraph("Date", alignment=centre, space_before=Pt(12), size=Pt(11))
    paragraph("TOC Heading", "Heading 1", page_break_before=True, alignment=centre, size=Pt(18))
    paragraph(
        "Heading 1",
        page_break_before=True,
        alignment=centre,
        space_before=Pt(72),
        space_after=Pt(30),
        size=Pt(20),
        bold=True,
        keep_with_next=True,
    )
    paragraph(
        "Heading 2",
        space_before=Pt(18),
        space_after=Pt(8),
        size=Pt(13),
        bold=True,
        keep_with_next=True,
    )
    paragraph("Copyright Page", page_break_before=True, space_after=Pt(4), size=Pt(9))
    paragraph(
        "Dedication", page_break_before=True, alignment=centre, space_before=Pt(144), italic=True
    )
    paragraph(
        "Epigraph", page_break_before=True, alignment=centre, space_before=Pt(144), italic=True
    )
    paragraph("Scene Break", alignment=centre, space_before=Pt(10), space_after=Pt(10))
    paragraph("Definition Term", space_before=Pt(8), bold=True, keep_with_next=True)
    paragraph("Definition", left_indent=Inches(0.3))
    for name in ("Heading 1", "Heading 2", "Title", "Subtitle", "TOC Heading"):
        _fonts(document.styles[name], language)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def reference_docx(language: Language) -> bytes:
    """The reference DOCX (its bytes) for a book in ``language``."""
    return _build(language)
