"""Which column probably holds a field, for the error of a file whose columns say nothing.

A file without a ``name`` (or ``topic``) column is refused before any row is checked, with
the columns it has and the ``--map`` flags that would most likely fit: the columns whose
names are closest to the field or to what such a column is often called ("Product Title",
"Produktname", "Type").
"""

from __future__ import annotations

from difflib import SequenceMatcher

from presswright.bulk.errors import BulkInputError, InputProblem

__all__ = ["column_guesses", "missing_columns_error"]

# What a column holding the field is often called, in a few shop languages.
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("title", "product", "product name", "product title", "item", "produktname", "nom"),
    "category": ("type", "product type", "categories", "collection", "kategorie", "categorie"),
    "topic": ("title", "subject", "headline", "theme", "thema", "sujet"),
    "keywords": ("tags", "keyword", "search terms", "schlagworte"),
    "features": ("bullets", "highlights", "merkmale"),
    "price": ("regular price", "cost", "preis", "prix"),
}
_LEAST = 0.6  # a weaker likeness is no guess


def _simple(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def _likeness(field: str, column: str) -> float:
    name = _simple(column)
    best = 0.0
    for alias in (field, *_ALIASES.get(field, ())):
        if alias in name.split() or name.startswith(alias):
            best = max(best, 0.9 if name != alias else 1.0)
        best = max(best, SequenceMatcher(None, name, alias).ratio())
    return best


def column_guesses(field: str, columns: list[str], *, limit: int = 3) -> list[str]:
    """The columns most likely to hold ``field``, best first (none below a fair likeness)."""
    scored = sorted(
        ((_likeness(field, column), index, column) for index, column in enumerate(columns)),
        key=lambda item: (-item[0], item[1]),
    )
    return [column for score, _, column in scored if score >= _LEAST][:limit]


def missing_columns_error(
    kind: str, missing: list[str], columns: list[str], unused: list[str]
) -> BulkInputError:
    """The error for a file with no column for the ``missing`` fields, with ``--map`` guesses.

    ``columns`` are all the file's columns, ``unused`` those no field took yet.
    """
    found = ", ".join(repr(column) for column in columns[:30]) or "none"
    problems = []
    flags = []
    for field in missing:
        guesses = column_guesses(field, unused)
        unused = [column for column in unused if column not in guesses[:1]]
        likeliest = f"; likeliest: {', '.join(map(repr, guesses))}" if guesses else ""
        problems.append(InputProblem(("mapping", field), f"no column is called {field}{likeliest}"))
        flags.append(f'--map {field}="{guesses[0] if guesses else "Column"}"')
    hint = f"say which column holds it: {' '.join(flags)}"
    if len(columns) == 1 and any(mark in columns[0] for mark in ",;\t|"):
        found += ", one column: the header line was not split"
        hint = "separate the columns with commas, semicolons or tabs, and quote cells holding one"
    return BulkInputError(
        f"the file has no {' or '.join(missing)} column for its {kind}s (columns found: {found})",
        problems,
        hint=hint,
    )
