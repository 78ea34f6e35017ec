"""The few words the theme's templates say themselves, in each supported language.

Templates are static block markup, so the 404 page, the empty search and the search label
are written in the site's language when the theme is built (WordPress translates the labels
of its own dynamic blocks, such as pagination, from the site's locale).
"""

# Each language keeps its own punctuation: the ambiguous-looking characters are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TemplateStrings", "template_strings"]


@dataclass(frozen=True)
class TemplateStrings:
    """The template texts of one language."""

    not_found_title: str
    not_found_text: str
    no_results: str
    search: str


_STRINGS: dict[str, TemplateStrings] = {
    "en": TemplateStrings(
        "Page not found",
        "Sorry, this page does not exist. Try searching for what you need.",
        "Nothing was found. Try a different search.",
        "Search",
    ),
    "de": TemplateStrings(
        "Seite nicht gefunden",
        "Diese Seite gibt es leider nicht. Suchen Sie nach dem, was Sie brauchen.",
        "Nichts gefunden. Versuchen Sie eine andere Suche.",
        "Suchen",
    ),
    "es": TemplateStrings(
        "Página no encontrada",
        "Lo sentimos, esta página no existe. Busque lo que necesita.",
        "No se encontró nada. Pruebe con otra búsqueda.",
        "Buscar",
    ),
    "fr": TemplateStrings(
        "Page introuvable",
        "Désolé, cette page n’existe pas. Cherchez ce dont vous avez besoin.",
        "Aucun résultat. Essayez une autre recherche.",
        "Rechercher",
    ),
    "it": TemplateStrings(
        "Pagina non trovata",
        "Spiacenti, questa pagina non esiste. Cerca ciò che ti serve.",
        "Nessun risultato. Prova un’altra ricerca.",
        "Cerca",
    ),
    "fa": TemplateStrings(
        "صفحه پیدا نشد",
        "متأسفیم، این صفحه وجود ندارد. آنچه را نیاز دارید جستجو کنید.",
        "چیزی پیدا نشد. جستجوی دیگری را امتحان کنید.",
        "جستجو",
    ),
    "ar": TemplateStrings(
        "الصفحة غير موجودة",
        "عذرًا، هذه الصفحة غير موجودة. ابحث عمّا تحتاج إليه.",
        "لم يُعثر على شيء. جرّب بحثًا آخر.",
        "بحث",
    ),
    "zh": TemplateStrings(
        "页面未找到",
        "抱歉，此页面不存在。请搜索您需要的内容。",
        "没有找到内容。请尝试其他搜索。",
        "搜索",
    ),
    "ja": TemplateStrings(
        "ページが見つかりません",
        "申し訳ありませんが、このページは存在しません。必要な情報を検索してください。",
        "何も見つかりませんでした。別の言葉で検索してください。",
        "検索",
    ),
    "ko": TemplateStrings(
        "페이지를 찾을 수 없습니다",
        "죄송합니다. 이 페이지는 존재하지 않습니다. 필요한 내용을 검색해 보세요.",
        "아무것도 찾지 못했습니다. 다른 검색어를 시도해 보세요.",
        "검색",
    ),
}


def template_strings(language: str) -> TemplateStrings:
    """The template texts for ``language`` (a supported site language)."""
    return _STRINGS[language]
