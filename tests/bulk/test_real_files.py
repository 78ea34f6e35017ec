"""Files as shops and spreadsheets really write them: shop exports, Excel's CSV, broken files.

The fixtures in tests/bulk/files are byte for byte what the tools write: WooCommerce's
exporter (a BOM, descriptions with ``\\n`` escapes and real line breaks, variations after
their parent), Shopify's export (variant and image rows under one Handle), Excel's
semicolon CSV (BOM, CRLF, decimal commas), a tab-separated file, and files that must be
refused with the line that is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from presswright.bulk import BulkInputError, read_source
from presswright.bulk.attribute_cells import split_attributes
from presswright.bulk.csv_text import sniff_delimiter
from presswright.bulk.html_facts import description_facts, unescape_woocommerce
from presswright.bulk.rows import Items, validate_items
from presswright.bulk.sources import Source

FILES = Path(__file__).with_name("files")


def source(name: str) -> Source:
    return read_source((FILES / name).read_bytes(), name=name)


def items(found: Source, **options: Any) -> Items:
    return validate_items(
        found,
        kind=options.pop("kind", "product"),
        model="fake:test",
        mapping=options.pop("mapping", {}),
        list_separator="|",
        brand_profiles=(),
        product_ids=options.pop("product_ids", False),
    )


def briefs(found: Items) -> list[dict[str, Any]]:
    """Each item's row and the fields it filled (defaults left out)."""
    defaults: dict[str, Any] = {"audience": None, "brand_profile": None, "language": "en"}
    return [
        {"row": item.row, **{k: v for k, v in item.payload.items() if defaults.get(k, 0) != v}}
        for item in found.items
    ]


def refusal(data: bytes, name: str = "p.csv") -> str:
    with pytest.raises(BulkInputError) as error:
        read_source(data, name=name)
    [problem] = error.value.problems
    return str(problem)


def test_a_woocommerce_export_is_one_item_per_product_with_variations_folded() -> None:
    found = source("woocommerce_export.csv")
    assert (
        found.shape == "read as a WooCommerce product export: 3 products, 3 variation rows folded"
    )
    valid = items(found, product_ids=True)
    assert [item.woo_product_id for item in valid.items] == [31, 40, 50]
    assert briefs(valid) == [
        {
            "row": 1,
            "name": "Trail Daypack 20 L",
            "category": "Backpacks",  # the last segment of the first category path
            "attributes": {"Colour": "Olive, Slate"},
            "price": "59.90",
            "features": [
                "Ripstop nylon, water-repellent",
                "20 litres; hydration sleeve",
                "Weight: 540 g",
            ],
            "keywords": ["daypack", "hiking"],
        },
        {
            "row": 2,
            "name": "Merino Hoodie",
            "category": "Hoodies",
            # "Heather grey" only comes from the variation at line 6 (Parent id:40).
            "attributes": {"Size": "S, M, L", "Colour": "Black, Heather grey"},
            "price": "89.00-94.00",
            "features": [
                "Soft merino wool; warm, breathable and odour-resistant.",
                "Machine washable at 30 °C.",
            ],
            "keywords": ["merino", "hoodie"],
        },
        {
            "row": 6,
            "name": "Enamel Mug",
            "category": "Mugs",
            "attributes": {},
            "price": "18.00",
            "features": [
                "Enamel & steel, holds 350 ml.",
                "Survives the campfire!",
                "Hand wash only.",
            ],
            "keywords": ["mug", "camping", "enamel"],
        },
    ]
    assert valid.ignored_columns == []  # the export's other columns are accounted for
    without_store = items(found)
    assert without_store.ignored_columns == ["woo_product_id"]


def test_a_mapping_still_overrides_what_an_export_says() -> None:
    valid = items(source("woocommerce_export.csv"), mapping={"category": "Tax status"})
    assert {item.payload["category"] for item in valid.items} == {"taxable"}


def test_a_variation_whose_parent_is_not_in_the_file_is_refused_with_its_line() -> None:
    lines = (FILES / "woocommerce_export.csv").read_bytes().split(b"\n")
    without_hoodie = b"\n".join(lines[:2] + lines[4:])  # the hoodie spans lines 3 and 4
    assert refusal(without_hoodie) == (
        "file: line 3: a variation names its parent 'MH-01', which is not a product of this"
        " file; export the parent product too, or remove the variation"
    )


def test_a_shopify_export_folds_variant_and_image_rows_into_their_product() -> None:
    found = source("shopify_export.csv")
    assert found.shape == (
        "read as a Shopify product export: 3 products, 3 variant rows and 2 image rows folded"
    )
    assert briefs(items(found)) == [
        {
            "row": 1,
            "name": "Trail Daypack",
            "category": "Backpacks",
            "attributes": {"Vendor": "Northpeak", "Colour": "Olive, Slate"},
            "price": "59.90",
            "features": ["Ripstop nylon", "Padded straps & hip belt"],
            "keywords": ["daypack", "hiking"],
        },
        {
            "row": 4,
            "name": "Enamel Mug",
            "category": "Mugs",  # no Product Category: the Type
            "attributes": {"Vendor": "Campware"},  # "Title: Default Title" is no option
            "price": "18.00",
            "features": ["Holds 350 ml.", "Dishwasher safe."],
            "keywords": ["mug"],
        },
        {
            "row": 6,
            "name": "Merino Beanie",
            "category": "Hats",
            "attributes": {"Vendor": "Northpeak", "Size": "S, M", "Colour": "Black, Grey"},
            "price": "25.00-27.00",
            "features": ["Warm, soft & itch-free."],
            "keywords": ["merino", "beanie", "winter"],
        },
    ]


def test_a_shopify_variant_row_before_its_product_is_refused() -> None:
    text = (
        "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant Price\n"
        "mug,Enamel Mug,<p>Holds 350 ml.</p>,Size,S,18.00\n"
        "beanie,,,,M,25.00\n"
        "beanie,Merino Beanie,,Size,S,25.00\n"
    )
    assert refusal(text.encode()) == (
        "file: line 3: a variant or image row of 'beanie' before the row with its"
        " product's Title; keep the rows of a product together, its titled row first"
    )
    twice = text.replace("beanie,,,,M,25.00\n", "mug,Enamel Mug,,Size,M,18.00\n")
    assert refusal(twice.encode()) == (
        "file: line 3: a second product with the handle 'mug' (the first: line 2)"
    )


def test_excels_semicolon_csv_with_bom_crlf_and_decimal_commas() -> None:
    found = source("excel_semicolon.csv")
    assert found.columns == ["Name", "Category", "Price", "Attributes", "Keywords"]
    assert [record.line for record in found.records] == [2, 4, 5]  # line 3 is blank
    assert briefs(items(found)) == [
        {
            "row": 1,
            "name": "Trail Daypack",
            "category": "Backpacks",
            "attributes": {},
            "price": "59,90",
            "features": ["ripstop nylon", "20 litres", "hydration sleeve"],
            "keywords": ["daypack", "hiking"],
        },
        {
            "row": 2,
            "name": "Enamel Mug",
            "category": "Kitchen",
            "attributes": {"Material": "enamel", "Volume": "0,35 l"},
            "price": "18,00",
            "features": [],
            "keywords": ["mug"],
        },
        {
            "row": 3,
            "name": "Merino Hoodie; unisex",
            "category": "Clothing",
            "attributes": {"Material": "merino"},
            "price": "89,00",
            "features": ["machine washable"],
            "keywords": [],
        },
    ]


def test_a_tab_separated_file_keeps_commas_semicolons_and_quotes_in_cells() -> None:
    found = source("tab_separated.tsv")
    assert [record.values for record in found.records] == [
        {
            "name": "Trail Daypack",
            "category": "Backpacks",
            "features": "light, 540 g|ripstop",
            "description": 'For long days; light, "tough" and cheap.',
        },
        {
            "name": "Enamel Mug",
            "category": "Kitchen",
            "features": "",
            "description": "Holds 350 ml, dishwasher safe",
        },
    ]
    valid = items(found)
    assert valid.items[0].payload["features"] == ["light, 540 g", "ripstop"]
    assert valid.ignored_columns == ["description"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "unclosed_quote.csv",
            "file: line 2: a quote opens a cell here and is never closed, so the rest of the file"
            ' would be one cell; close the quote, or double a quote meant as text ("")',
        ),
        (
            "extra_cell.csv",
            "file: line 3: 4 cells, but the header names 3 columns (cells are split on commas);"
            " put a cell holding ',' in double quotes",
        ),
        (
            "windows_1252.csv",
            "file: line 3, byte 4 is not UTF-8 (0xE9, 'é' in Windows-1252, which Excel's plain"
            ' "CSV" writes)',
        ),
        (
            "duplicate_headers.csv",
            "file: line 1: the header row names the column 'Category' twice (columns 2 and 4)",
        ),
        (
            "stray_quote.csv",
            "file: line 3: a quote inside the unquoted cell 'Pizza stone 12\" round'; put the"
            ' cell in quotes and write the quote twice ("12"" pizza")',
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_its_line(name: str, message: str) -> None:
    assert refusal((FILES / name).read_bytes(), name) == message


def test_more_refusals_and_what_is_forgiven() -> None:
    quoted_late = b'name,category\nApron,"Kitchen\nBoard,Kitchen\nMug,"Kitchen"\n'
    assert refusal(quoted_late) == (
        "file: line 4: the quoted cell 'Kitchen Board,Kitchen Mug,' (opened at line 2) closes,"
        " but 'Kitchen\"' follows; a quote meant as text inside a quoted cell is written"
        ' twice ("")'
    )
    assert refusal(b"name,,category\nA,B,C\n") == (
        "file: line 1: the header row leaves column 2 without a name"
    )
    # Forgiven: trailing empty columns and cells, spaces around quoted cells, blank lines,
    # a lone CR as line end, a UTF-16 file with its byte-order mark.
    forgiven = 'name,category,,\r\n"Apron" , "Kitchen, linen",,\r\r\nBoard,Kitchen\r'
    for data in (forgiven.encode(), forgiven.encode("utf-16")):
        found = read_source(data, name="p.csv")
        assert found.columns == ["name", "category"]
        assert [(r.row, r.line, r.values) for r in found.records] == [
            (1, 2, {"name": "Apron", "category": "Kitchen, linen"}),
            (2, 4, {"name": "Board", "category": "Kitchen"}),
        ]


def test_the_delimiter_is_the_one_that_splits_every_line_alike() -> None:
    commas_in_quotes = 'name;category;description\nApron;Kitchen;"Linen, two pockets, straps"\n'
    assert sniff_delimiter(commas_in_quotes) == ";"
    semicolons_in_cells = "name,category\nOak board;x,Kitchen\nMug,Kitchen\n"
    assert sniff_delimiter(semicolons_in_cells) == ","
    assert sniff_delimiter("name\tcategory\nApron, linen\tKitchen\n") == "\t"
    assert sniff_delimiter("name\nApron\n") == ","


def test_a_file_without_a_name_column_lists_its_columns_and_the_map_to_use() -> None:
    found = read_source(b"Product Title,Typ,Preis\nApron,Kitchen,24\n", name="p.csv")
    with pytest.raises(BulkInputError) as error:
        items(found)
    assert [str(problem) for problem in error.value.problems] == [
        "mapping name: no column is called name; likeliest: 'Product Title'",
        "mapping category: no column is called category; likeliest: 'Typ'",
    ]
    assert str(error.value).startswith(
        "the file has no name or category column for its products (columns found:"
        " 'Product Title', 'Typ', 'Preis'), nothing was started"
    )
    assert (
        error.value.hint
        == 'say which column holds it: --map name="Product Title" --map category="Typ"'
    )
    mapped = items(found, mapping={"name": "Product Title", "category": "Typ"})
    assert mapped.items[0].payload["name"] == "Apron"
    one_column = read_source(b"name|category\nApron|Kitchen\n", name="p.csv")
    with pytest.raises(BulkInputError, match="one column: the header line was not split"):
        items(one_column)


@pytest.mark.parametrize(
    ("cell", "attributes", "features"),
    [
        (
            "ripstop nylon; 20 litres; hydration sleeve",
            {},
            ["ripstop nylon", "20 litres", "hydration sleeve"],
        ),
        ("a | b | c", {}, ["a", "b", "c"]),
        ("a, b, c", {}, ["a", "b", "c"]),
        ("material=linen|colour=sand", {"material": "linen", "colour": "sand"}, []),
        (
            "Material: nylon; weight: 1,5 kg; roll-top",
            {"Material": "nylon", "weight": "1,5 kg"},
            ["roll-top"],
        ),
        ("opens at 10:30, 1,5 kg", {}, ["opens at 10:30", "1,5 kg"]),
    ],
)
def test_an_attributes_cell_splits_into_attributes_and_features(
    cell: str, attributes: dict[str, str], features: list[str]
) -> None:
    assert split_attributes(cell, "|") == (attributes, features)


def test_html_descriptions_become_plain_facts() -> None:
    assert description_facts(
        "<ul><li>Linen &amp; cotton</li><li> </li><li>Two&nbsp;pockets</li></ul>"
    ) == [
        "Linen & cotton",
        "Two pockets",
    ]
    assert description_facts("<p>Light. Tough!</p><script>x()</script><p>Light.</p>") == [
        "Light.",
        "Tough!",
    ]
    assert unescape_woocommerce("a\\nb\\\\n") == "a\nb\\n"
    assert len(description_facts(". ".join(f"Fact {n}" for n in range(30)))) == 20
