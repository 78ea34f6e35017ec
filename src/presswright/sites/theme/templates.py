"""The theme's templates (index, front-page, page, single, archive, 404, search) and parts.

Only core blocks, no ``core/html`` anywhere. Every template is a header part, a ``<main>``
group (WordPress's skip link targets it) and a footer part. Pages and the front page show
their content alone: a generated page carries its own single H1 (its hero), so the template
adds no second one; posts, archives and search results get their title as the H1.
"""

from __future__ import annotations

from presswright.sites.theme.markup import dynamic, group, heading, join, paragraph, wrapper
from presswright.sites.theme.strings import TemplateStrings, template_strings

__all__ = ["PARTS", "TEMPLATES", "parts", "templates"]

TEMPLATES = ("index", "front-page", "page", "single", "archive", "404", "search")
PARTS = ("header", "footer")
_CONSTRAINED = {"type": "constrained"}
_QUERY = {
    "perPage": 10, "pages": 0, "offset": 0, "postType": "post", "order": "desc",
    "orderBy": "date", "author": "", "search": "", "exclude": [], "sticky": "",
    "inherit": True,
}  # fmt: skip


def _page(*main: str) -> str:
    return join(
        dynamic("template-part", {"slug": "header", "tagName": "header"}),
        group(*main, tag="main", class_name="site-main", layout=_CONSTRAINED),
        dynamic("template-part", {"slug": "footer", "tagName": "footer"}),
    )


def _search_form(strings: TemplateStrings) -> str:
    return dynamic("search", {"label": strings.search, "buttonText": strings.search})


def _post_list(strings: TemplateStrings) -> str:
    entry = join(
        dynamic("post-title", {"isLink": True, "level": 2}),
        dynamic("post-date", {"className": "post-meta"}),
        dynamic("post-excerpt"),
    )
    pagination = wrapper(
        "query-pagination",
        {"layout": {"type": "flex", "justifyContent": "space-between"}},
        dynamic("query-pagination-previous"),
        dynamic("query-pagination-numbers"),
        dynamic("query-pagination-next"),
    )
    empty = wrapper("query-no-results", None, paragraph(strings.no_results), _search_form(strings))
    loop = join(wrapper("post-template", None, entry), pagination, empty)
    query_html = f'<div class="wp-block-query">\n{loop}\n</div>'
    opener = dynamic("query", {"queryId": 1, "query": _QUERY}).removesuffix(" /-->") + " -->"
    return f"{opener}\n{query_html}\n<!-- /wp:query -->"


def templates(language: str) -> dict[str, str]:
    """Template slug -> block markup, texts in ``language``."""
    strings = template_strings(language)
    content = dynamic("post-content", {"layout": _CONSTRAINED})
    return {
        "index": _page(dynamic("query-title", {"type": "archive"}), _post_list(strings)),
        "front-page": _page(content),
        "page": _page(content),
        "single": _page(
            dynamic("post-title", {"level": 1}),
            dynamic("post-date", {"className": "post-meta"}),
            dynamic("post-featured-image"),
            content,
            dynamic("post-terms", {"term": "category", "className": "post-meta"}),
            dynamic("post-navigation-link", {"type": "previous"}),
            dynamic("post-navigation-link"),
        ),
        "archive": _page(
            dynamic("query-title", {"type": "archive"}),
            dynamic("term-description"),
            _post_list(strings),
        ),
        "search": _page(
            dynamic("query-title", {"type": "search"}),
            _search_form(strings),
            _post_list(strings),
        ),
        "404": _page(
            heading(strings.not_found_title, level=1),
            paragraph(strings.not_found_text),
            _search_form(strings),
        ),
    }


def parts() -> dict[str, str]:
    """Part slug -> block markup: the header (logo, title, navigation) and the footer."""
    flex_row = {"type": "flex", "flexWrap": "nowrap"}
    header = group(
        group(
            group(
                dynamic("site-logo", {"width": 48}),
                dynamic("site-title", {"level": 0}),
                layout=flex_row,
            ),
            dynamic("navigation", {"overlayMenu": "mobile"}),
            align="wide",
            layout={"type": "flex", "justifyContent": "space-between", "flexWrap": "wrap"},
        ),
        class_name="site-header",
        layout=_CONSTRAINED,
    )
    footer = group(
        group(
            dynamic("site-title", {"level": 0}),
            dynamic("site-tagline"),
            align="wide",
            layout={"type": "flex", "justifyContent": "space-between", "flexWrap": "wrap"},
        ),
        class_name="site-footer",
        background="surface",
        layout=_CONSTRAINED,
    )
    return {"header": header, "footer": footer}
