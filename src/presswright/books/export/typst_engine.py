"""Running typst (the ``typst`` package's bindings) on a shipped template, with Noto fonts.

The template reads the book from ``sys.inputs`` as JSON; the fonts are Debian's Noto
packages (``make book-deps``), found in their folders and never downloaded. Only those
folders are searched (not the system's fonts), so a PDF looks the same on every machine
that has the packages, and a missing font is an error that names the package, not a
silent fallback to a font without Arabic or CJK glyphs.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from presswright.books.export.errors import BookExportError, BookFontsMissingError
from presswright.books.export.templates import template_path
from presswright.content.models import Language

__all__ = [
    "FONT_DIRS",
    "FONT_PACKAGES",
    "PdfStandard",
    "compile_typst",
    "font_stack",
    "typst_fonts",
]

if TYPE_CHECKING:
    from typst import PDFStandard as PdfStandard
else:
    PdfStandard = str

_log = logging.getLogger("presswright.books")

# Where Debian's fonts-noto-core and fonts-noto-cjk put their files.
FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
)
FONT_PACKAGES = "fonts-noto-core fonts-noto-cjk"
_LATIN = "Noto Serif"
_ARABIC = "Noto Naskh Arabic"
_CJK = {"ja": "Noto Serif CJK JP", "ko": "Noto Serif CJK KR", "zh": "Noto Serif CJK SC"}
_PACKAGE_OF = {_LATIN: "fonts-noto-core", _ARABIC: "fonts-noto-core"} | dict.fromkeys(
    _CJK.values(), "fonts-noto-cjk"
)


@cache
def _fonts(folders: tuple[str, ...]) -> Any:
    import typst

    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=list(folders)
    )


def typst_fonts(font_dirs: Sequence[Path] | None = None) -> Any:
    """The fonts typst may use: those under ``font_dirs`` (Debian's Noto folders by default)."""
    folders = tuple(str(folder) for folder in (font_dirs or FONT_DIRS) if folder.is_dir())
    return _fonts(folders)


@cache
def _families(fonts: Any) -> frozenset[str]:
    return frozenset(fonts.families())


def font_stack(language: Language, font_dirs: Sequence[Path] | None = None) -> list[str]:
    """The font families for text in ``language``: its own script's first, the others after.

    Raises BookFontsMissingError naming the Debian package when the book's own script, or
    the Latin font its digits and punctuation need, is not installed.
    """
    if language in _CJK:
        primary = [_CJK[language], _LATIN]
    elif language in ("ar", "fa"):
        primary = [_ARABIC, _LATIN]
    else:
        primary = [_LATIN]
    available = _families(typst_fonts(font_dirs))
    missing = [family for family in primary if family not in available]
    if missing:
        packages = sorted({_PACKAGE_OF[family] for family in missing})
        folders = ", ".join(str(folder) for folder in (font_dirs or FONT_DIRS))
        raise BookFontsMissingError(
            f"the fonts {', '.join(missing)} are not installed (looked in {folders})",
            hint=f"run `make book-deps` or: apt-get install {' '.join(packages)}",
        )
    fallbacks = [_LATIN, _ARABIC, *_CJK.values()]
    extra = [family for family in fallbacks if family in available and family not in primary]
    return primary + extra


def compile_typst(
    main: str,
    inputs: dict[str, str],
    *,
    output_format: Literal["pdf", "png"] = "pdf",
    ppi: float | None = None,
    pdf_standards: list[PdfStandard] | None = None,
    font_dirs: Sequence[Path] | None = None,
    files: dict[str, Path] | None = None,
) -> bytes:
    """Compile the shipped template ``main`` with ``inputs`` as ``sys.inputs``; the file's bytes.

    ``files`` (name -> path) are put beside the templates, where the layout may read them
    (``image("/name")``): typst reads nothing outside its root.
    """
    options = (output_format, ppi, pdf_standards, font_dirs)
    if not files:
        return _compile(template_path(""), main, inputs, *options)
    with tempfile.TemporaryDirectory(prefix="presswright-typst-") as folder:
        root = Path(folder)
        for template in template_path("").iterdir():
            if template.suffix == ".typ":
                shutil.copyfile(template, root / template.name)
        for name, path in files.items():
            shutil.copyfile(path, root / name)
        return _compile(root, main, inputs, *options)


def _compile(
    root: Path,
    main: str,
    inputs: dict[str, str],
    output_format: Literal["pdf", "png"],
    ppi: float | None,
    pdf_standards: list[PdfStandard] | None,
    font_dirs: Sequence[Path] | None,
) -> bytes:
    import typst

    compiler = typst.Compiler(
        input=root / main,
        root=root,
        font_paths=typst_fonts(font_dirs),
        ignore_system_fonts=True,
        sys_inputs=inputs,
    )
    try:
        result, warnings = compiler.compile_with_warnings(
            format=output_format,
            ppi=ppi,
            pdf_standards=pdf_standards or [],
        )
    except typst.TypstError as error:
        raise BookExportError(
            f"typst could not lay out {main}: {error.message}",
            hint="this is a bug in Presswright's book layout; report it with the message",
        ) from None
    for warning in warnings:
        _log.warning("typst: %s", getattr(warning, "message", warning))
    if not isinstance(result, bytes):
        raise BookExportError(
            f"typst gave {type(result).__name__} for {main}, not one file",
            hint="this is a bug in Presswright's book layout; report it",
        )
    return result
