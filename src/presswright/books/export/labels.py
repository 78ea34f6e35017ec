"""The words a book's own pages print around the text, in each of the ten languages.

Chapter labels follow each language's custom ("Chapter 3", "第3章", "제3장", "الفصل ٣"),
with Arabic-Indic digits in Arabic and Persian. Every exporter takes its words from here,
so the EPUB, the PDF and the DOCX of one book say the same thing.
"""

# ruff: noqa: RUF001 (the labels are written in their own scripts and punctuation)

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from presswright.content.models import Language

__all__ = ["BookLabels", "labels_for"]

_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@dataclass(frozen=True)
class BookLabels:
    """The printed words of one language; ``{n}``, ``{title}``, ``{author}`` are filled in."""

    chapter: str
    contents: str
    copyright: str
    dedication: str
    epigraph: str
    glossary: str
    about_author: str
    all_rights_reserved: str
    published: str
    publisher: str
    identifier: str
    cover: str
    cover_alt: str
    title_page: str
    skip_to_text: str
    chapter_separator: str = ": "
    digits: str = "0123456789"
    typst_page_numbering: str = "1"
    typst_region: str | None = None

    def number(self, value: int) -> str:
        """``value`` written with this language's digits."""
        return "".join(self.digits[int(digit)] for digit in str(value))

    def chapter_label(self, number: int) -> str:
        """ "Chapter 3" in this language."""
        return self.chapter.format(n=self.number(number))

    def chapter_heading(self, number: int, title: str) -> str:
        """The label and the title on one line, as a table of contents lists them."""
        return f"{self.chapter_label(number)}{self.chapter_separator}{title}"

    def cover_text(self, title: str, author: str) -> str:
        """The cover's text alternative: what it shows, said in words."""
        return self.cover_alt.format(title=title, author=author)

    def date(self, value: date) -> str:
        """An ISO date (2025-03-01) with this language's digits."""
        return "".join(self.digits[int(c)] if c.isdigit() else c for c in value.isoformat())


_LABELS: dict[str, BookLabels] = {
    "en": BookLabels(
        chapter="Chapter {n}",
        contents="Contents",
        copyright="Copyright",
        dedication="Dedication",
        epigraph="Epigraph",
        glossary="Glossary",
        about_author="About the Author",
        all_rights_reserved="All rights reserved.",
        published="Published",
        publisher="Publisher",
        identifier="Identifier",
        cover="Cover",
        cover_alt="Cover: {title}, by {author}",
        title_page="Title page",
        skip_to_text="Skip to the text",
    ),
    "de": BookLabels(
        chapter="Kapitel {n}",
        contents="Inhalt",
        copyright="Impressum",
        dedication="Widmung",
        epigraph="Motto",
        glossary="Glossar",
        about_author="Über den Autor",
        all_rights_reserved="Alle Rechte vorbehalten.",
        published="Erschienen",
        publisher="Verlag",
        identifier="Kennung",
        cover="Umschlag",
        cover_alt="Umschlag: {title}, von {author}",
        title_page="Titelseite",
        skip_to_text="Zum Text springen",
    ),
    "fr": BookLabels(
        chapter="Chapitre {n}",
        contents="Table des matières",
        copyright="Droits d’auteur",
        dedication="Dédicace",
        epigraph="Épigraphe",
        glossary="Glossaire",
        about_author="À propos de l’auteur",
        all_rights_reserved="Tous droits réservés.",
        published="Publié le",
        publisher="Éditeur",
        identifier="Identifiant",
        cover="Couverture",
        cover_alt="Couverture : {title}, par {author}",
        title_page="Page de titre",
        skip_to_text="Aller au texte",
        chapter_separator=" : ",
    ),
    "es": BookLabels(
        chapter="Capítulo {n}",
        contents="Índice",
        copyright="Derechos de autor",
        dedication="Dedicatoria",
        epigraph="Epígrafe",
        glossary="Glosario",
        about_author="Sobre el autor",
        all_rights_reserved="Todos los derechos reservados.",
        published="Publicado",
        publisher="Editorial",
        identifier="Identificador",
        cover="Cubierta",
        cover_alt="Cubierta: {title}, de {author}",
        title_page="Portada",
        skip_to_text="Saltar al texto",
    ),
    "it": BookLabels(
        chapter="Capitolo {n}",
        contents="Indice",
        copyright="Diritti d’autore",
        dedication="Dedica",
        epigraph="Epigrafe",
        glossary="Glossario",
        about_author="Sull’autore",
        all_rights_reserved="Tutti i diritti riservati.",
        published="Pubblicato",
        publisher="Editore",
        identifier="Identificativo",
        cover="Copertina",
        cover_alt="Copertina: {title}, di {author}",
        title_page="Frontespizio",
        skip_to_text="Vai al testo",
    ),
    "ar": BookLabels(
        chapter="الفصل {n}",
        contents="المحتويات",
        copyright="حقوق النشر",
        dedication="إهداء",
        epigraph="تصدير",
        glossary="مسرد المصطلحات",
        about_author="عن المؤلف",
        all_rights_reserved="جميع الحقوق محفوظة.",
        published="تاريخ النشر",
        publisher="الناشر",
        identifier="المعرّف",
        cover="الغلاف",
        cover_alt="الغلاف: {title}، تأليف {author}",
        title_page="صفحة العنوان",
        skip_to_text="انتقل إلى النص",
        digits=_ARABIC_DIGITS,
        typst_page_numbering="١",
    ),
    "fa": BookLabels(
        chapter="فصل {n}",
        contents="فهرست مطالب",
        copyright="حق نشر",
        dedication="تقدیم",
        epigraph="سرآغاز",
        glossary="واژه‌نامه",
        about_author="دربارهٔ نویسنده",
        all_rights_reserved="همهٔ حقوق محفوظ است.",
        published="تاریخ انتشار",
        publisher="ناشر",
        identifier="شناسه",
        cover="جلد",
        cover_alt="جلد: {title}، نوشتهٔ {author}",
        title_page="صفحهٔ عنوان",
        skip_to_text="رفتن به متن",
        digits=_PERSIAN_DIGITS,
        typst_page_numbering="۱",
    ),
    "ja": BookLabels(
        chapter="第{n}章",
        contents="目次",
        copyright="著作権",
        dedication="献辞",
        epigraph="エピグラフ",
        glossary="用語集",
        about_author="著者について",
        all_rights_reserved="無断転載を禁じます。",
        published="発行日",
        publisher="発行所",
        identifier="識別子",
        cover="表紙",
        cover_alt="表紙：{title}（{author}）",
        title_page="扉",
        skip_to_text="本文へ移動",
        chapter_separator=" ",
    ),
    "zh": BookLabels(
        chapter="第{n}章",
        contents="目录",
        copyright="版权",
        dedication="献词",
        epigraph="题词",
        glossary="术语表",
        about_author="关于作者",
        all_rights_reserved="版权所有，侵权必究。",
        published="出版日期",
        publisher="出版者",
        identifier="标识符",
        cover="封面",
        cover_alt="封面：{title}，{author} 著",
        title_page="书名页",
        skip_to_text="跳到正文",
        chapter_separator=" ",
        typst_region="cn",
    ),
    "ko": BookLabels(
        chapter="제{n}장",
        contents="차례",
        copyright="저작권",
        dedication="헌사",
        epigraph="제사",
        glossary="용어집",
        about_author="저자 소개",
        all_rights_reserved="모든 권리를 보유합니다.",
        published="발행일",
        publisher="출판사",
        identifier="식별자",
        cover="표지",
        cover_alt="표지: {title}, {author} 지음",
        title_page="속표지",
        skip_to_text="본문으로 건너뛰기",
        chapter_separator=" ",
    ),
}


def labels_for(language: Language) -> BookLabels:
    """The printed words of ``language`` (one of the ten the content contract knows)."""
    return _LABELS[language]
