"""Which column probably holds a field: the one table of what such columns are called.

Two uses share it. A file without a ``name`` (or ``topic``) column is refused before any
row is checked, with the columns it has and the ``--map`` flags that would most likely fit
(:func:`missing_columns_error`). A screen that matches a file's columns to fields asks
:func:`detect_columns` for its first guess (``GET /api/v1/bulk/fields``), and lists the
aliases themselves, per language (:data:`ALIASES`).

Names are compared folded: case, accents and punctuation aside ("  Price (€) ",
"Catégorie", "Mots-clés" are "price", "categorie", "mots cles"). A column is as likely as
its best alias: 1 for the same name, 0.9 when it starts with the alias's words or holds it
as a word ("Product title" for "title"), else how alike the two are (difflib's ratio) when
each word of the alias is like a word of the column ("Typ" for "type", "Kategorien" for
"kategorie").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher

from presswright.bulk.errors import BulkInputError, InputProblem

__all__ = [
    "ALIASES",
    "ALIAS_LANGUAGES",
    "aliases_by_language",
    "column_guesses",
    "detect_columns",
    "fold",
    "missing_columns_error",
]

ALIAS_LANGUAGES = ("en", "de", "fr", "es")
# What a column holding each field is often called, in a few shop languages (written as a
# person would; compared folded). "brand" is no alias of brand_profile: a shop's "Brand"
# column names the maker, not a brand profile of the workspace.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {
        "en": ("title", "product", "product name", "product title", "item", "item name"),
        "de": ("produktname", "produkt", "artikelname", "artikelbezeichnung", "bezeichnung"),
        "fr": ("nom", "nom du produit", "produit", "titre", "désignation"),
        "es": ("nombre", "nombre del producto", "producto", "título"),
    },
    "category": {
        "en": ("type", "product type", "categories", "collection"),
        "de": ("kategorie", "typ", "warengruppe", "produktkategorie"),
        "fr": ("catégorie", "catégories", "rubrique"),
        "es": ("categoría", "categorías", "tipo"),
    },
    "topic": {
        "en": ("title", "subject", "headline", "theme", "article title"),
        "de": ("thema", "titel", "überschrift"),
        "fr": ("sujet", "titre", "thème"),
        "es": ("tema", "título", "asunto"),
    },
    "keywords": {
        "en": ("tags", "keyword", "search terms", "focus keyword"),
        "de": ("schlagworte", "schlüsselwörter", "stichwörter"),
        "fr": ("mots-clés", "mot-clé", "étiquettes"),
        "es": ("palabras clave", "etiquetas"),
    },
    "features": {
        "en": ("bullets", "highlights", "benefits"),
        "de": ("merkmale", "vorteile"),
        "fr": ("caractéristiques", "points forts", "avantages"),
        "es": ("características", "ventajas"),
    },
    "attributes": {
        "en": ("specs", "specifications", "properties"),
        "de": ("eigenschaften", "technische daten"),
        "fr": ("attributs", "spécifications"),
        "es": ("atributos", "especificaciones"),
    },
    "price": {
        "en": ("regular price", "cost", "unit price"),
        "de": ("preis", "verkaufspreis"),
        "fr": ("prix", "prix de vente"),
        "es": ("precio", "precio de venta"),
    },
    "audience": {
        "en": ("target audience", "target group", "customers"),
        "de": ("zielgruppe",),
        "fr": ("public", "public cible", "cible"),
        "es": ("público", "público objetivo"),
    },
    "language": {
        "en": ("lang", "locale"),
        "de": ("sprache",),
        "fr": ("langue",),
        "es": ("idioma",),
    },
    "brand_profile": {
        "en": (),
        "de": ("markenprofil",),
        "fr": ("profil de marque",),
        "es": ("perfil de marca",),
    },
    "tone": {
        "en": ("tone of voice", "voice", "style"),
        "de": ("tonalität", "ton", "stil"),
        "fr": ("ton", "style"),
        "es": ("tono", "estilo"),
    },
    "length": {
        "en": ("size", "article length"),
        "de": ("länge", "umfang"),
        "fr": ("longueur", "taille"),
        "es": ("longitud", "extensión"),
    },
    "sections": {
        "en": ("section count", "number of sections", "chapters"),
        "de": ("abschnitte", "kapitel"),
        "fr": ("parties", "chapitres"),
        "es": ("secciones", "capítulos"),
    },
    "faq": {
        "en": ("faqs", "with faq"),
        "de": ("häufige fragen",),
        "fr": ("questions fréquentes",),
        "es": ("preguntas frecuentes",),
    },
    "site_index": {
        "en": ("internal links", "site links"),
        "de": ("interne links",),
        "fr": ("liens internes",),
        "es": ("enlaces internos",),
    },
    "woo_product_id": {
        "en": ("id", "product id", "woo id", "woocommerce id"),
        "de": ("produkt id", "artikel id"),
        "fr": ("id produit", "identifiant"),
        "es": ("id producto", "id del producto"),
    },
}
_LEAST = 0.6  # a weaker likeness is no guess
# A first guess filled in for the user is surer than a hint in an error ("Material" is 0.71
# like "categories", "Brand" 0.63 like "brand profile": neither is what the column holds).
_DETECT_LEAST = 0.75
_WORD_LEAST = 0.75  # how alike each word of an alias and some word of the column must be
_ATTRIBUTE = "attributes."  # a product's attributes.<name> column fills that attribute itself


def fold(text: str) -> str:
    """A name as names are compared: case, accents and punctuation aside, spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    kept = (char if char.isalnum() else " " for char in plain if not unicodedata.combining(char))
    return " ".join("".join(kept).split())


def _aliases(field: str) -> list[str]:
    """The field's own name and every alias of it, folded, each once."""
    names = [fold(field)]
    for listed in ALIASES.get(field, {}).values():
        names += [fold(alias) for alias in listed if fold(alias) not in names]
    return names


def _alike(one: str, other: str) -> float:
    return SequenceMatcher(None, one, other).ratio()


def _likeness(field: str, column: str) -> float:
    name = fold(column)
    words = name.split()
    best = 0.0
    for alias in _aliases(field):
        if name == alias:
            return 1.0
        alias_words = alias.split()
        if alias in words or words[: len(alias_words)] == alias_words:
            best = max(best, 0.9)
        # Alike as a whole only if alike word by word: "Product title" shares a word with
        # "product type", but is no such column.
        if all(any(_alike(word, part) >= _WORD_LEAST for word in words) for part in alias_words):
            best = max(best, _alike(name, alias))
    return best


def column_guesses(field: str, columns: list[str], *, limit: int = 3) -> list[str]:
    """The columns most likely to hold ``field``, best first (none below a fair likeness)."""
    scored = sorted(
        ((_likeness(field, column), index, column) for index, column in enumerate(columns)),
        key=lambda item: (-item[0], item[1]),
    )
    return [column for score, _, column in scored if score >= _LEAST][:limit]


def detect_columns(fields: Iterable[str], columns: list[str]) -> dict[str, str]:
    """{field: column} for the fields a column most likely holds, each column used once.

    A column of the field's own name comes first (as a submission takes it without a
    mapping), then the likeliest pairs, best first, none below a sure likeness. A product's
    ``attributes.<name>`` columns are left alone: each fills its attribute without a mapping.
    """
    wanted = list(fields)
    open_columns = [c for c in columns if not c.strip().casefold().startswith(_ATTRIBUTE)]
    found: dict[str, str] = {}
    for field in wanted:
        same = next((c for c in open_columns if fold(c) == fold(field)), None)
        if same is not None and same not in found.values():
            found[field] = same
    pairs = sorted(
        (
            (-_likeness(field, column), rank, index, field, column)
            for rank, field in enumerate(wanted)
            if field not in found
            for index, column in enumerate(open_columns)
            if column not in found.values()
        ),
    )
    for negative, _, _, field, column in pairs:
        if -negative < _DETECT_LEAST:
            break
        if field not in found and column not in found.values():
            found[field] = column
    return {field: found[field] for field in wanted if field in found}


def aliases_by_language(field: str) -> Mapping[str, tuple[str, ...]]:
    """The aliases of ``field`` per language (every language of the table, maybe empty)."""
    listed = ALIASES.get(field, {})
    return {language: listed.get(language, ()) for language in ALIAS_LANGUAGES}


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
