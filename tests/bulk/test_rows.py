"""Reading bulk files and validating their rows: formats, column mapping, list cells, row errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from presswright.bulk import BulkInputError, parse_mapping, read_source, rows_source
from presswright.bulk.rows import Items, item_key, validate_items
from presswright.bulk.sources import Source


def items(source: Source, kind: str = "product", **options: Any) -> Items:
    return validate_items(
        source,
        kind=kind,  # type: ignore[arg-type]
        model=options.pop("model", "fake:test"),
        mapping=options.pop("mapping", {}),
        list_separator=options.pop("list_separator", "|"),
        brand_profiles=options.pop("brand_profiles", ()),
    )


def problems(error: pytest.ExceptionInfo[BulkInputError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def test_a_csv_with_a_mapping_list_cells_and_attribute_columns() -> None:
    text = (
        "Product Title,Category,Features,Material,attributes.colour,SKU\n"
        "Linen apron,Kitchen textiles,two  pockets | straps,linen,sand,A-1\n"
        "Oak board;x,Kitchen tools,,oak,,A-2\n"
    )
    found = items(
        read_source(text.encode(), name="shop.csv"),
        mapping={"name": "product title", "attributes.material": "Material"},
    )
    first, second = found.items
    assert (first.row, second.row) == (1, 2)
    assert first.payload["name"] == "Linen apron" and first.label == "Linen apron"
    assert first.payload["features"] == ["two pockets", "straps"]  # split, spaces collapsed
    assert first.payload["attributes"] == {"material": "linen", "colour": "sand"}
    assert second.payload["features"] == [] and second.payload["attributes"] == {"material": "oak"}
    assert found.ignored_columns == ["SKU"]


def test_semicolon_csv_json_lines_and_json_lists_read_alike() -> None:
    rows = [
        {"name": "Apron", "category": "Kitchen", "price": 24.9, "keywords": ["linen apron"]},
        {"name": "Board", "category": "Kitchen", "keywords": "oak board|cutting board"},
    ]
    jsonl = "\n".join(json.dumps(row) for row in rows) + "\n\n"
    csv_text = "name;category;price;keywords\nApron;Kitchen;24.9;linen apron\n"
    readings = [
        items(read_source(jsonl.encode(), name="a.jsonl")),
        items(read_source(json.dumps(rows).encode(), name="a.json")),
        items(rows_source(rows)),
    ]
    for found in readings:
        assert [i.payload["keywords"] for i in found.items] == [
            ["linen apron"],
            ["oak board", "cutting board"],
        ]
        assert found.items[0].payload["price"] == "24.9"  # a JSON number becomes text
    # The same product from another format has the same key.
    from_csv = items(read_source(csv_text.encode(), name="a.csv")).items[0]
    assert from_csv.key == readings[0].items[0].key


def test_every_bad_row_is_listed_with_its_number_and_field_and_nothing_passes() -> None:
    text = (
        "name,category,language,brand_profile\n"
        "Apron,Kitchen,en,\n"  # row 1: fine
        ",Kitchen,en,\n"  # row 2: no name
        "Board,Kitchen,xx,\n"  # row 3: unknown language
        "\n"  # blank lines are not rows
        "Knife,Kitchen,en,Shouty\n"  # row 4: unknown brand profile
        " Apron ,Kitchen , en,\n"  # row 5: row 1 again, once spaces are normalized
    )
    with pytest.raises(BulkInputError) as error:
        items(read_source(text.encode(), name="bad.csv"), brand_profiles={"Calm"})
    listed = problems(error)
    assert listed[0] == "row 2: name: Field required"
    assert listed[1].startswith("row 3: language: ")
    assert listed[2] == "row 4: brand_profile: no brand profile named 'Shouty' in this workspace"
    assert listed[3] == "row 5: the same product as row 1; remove one of them"
    assert len(listed) == 4
    message = str(error.value)
    assert message.startswith("4 of 5 rows are invalid, nothing was started: row 2: name:")
    assert "\n" not in message
    with pytest.raises(BulkInputError) as error:  # no database text column holds NUL
        items(rows_source([{"name": "Mug\x00", "category": "Kitchen"}]))
    assert problems(error) == ["row 1: a cell contains a NUL character"]


def test_article_rows_take_sections_and_flags_from_text_cells() -> None:
    text = "topic,keywords,sections,faq\nBaking sourdough at home,sourdough|starter,3,yes\n"
    [item] = items(read_source(text.encode(), name="posts.csv"), kind="article").items
    assert item.payload["sections"] == 3 and item.payload["faq"] is True
    assert item.payload["keywords"] == ["sourdough", "starter"] and item.label.startswith("Baking")
    with pytest.raises(BulkInputError) as error:
        items(read_source(b"topic,sections\nPie,99\n", name="p.csv"), kind="article")
    assert [p.split(":")[1].strip() for p in problems(error)] == ["topic", "sections"]


def test_a_mapping_to_an_unknown_field_or_a_missing_column_is_refused() -> None:
    source = read_source(b"Title,category\nApron,Kitchen\n", name="p.csv")
    with pytest.raises(BulkInputError) as error:
        items(source, mapping={"nmae": "Title", "name": "Headline"})
    listed = problems(error)
    assert listed[0].startswith("mapping nmae: no such field; fields: name, category")
    assert listed[1].startswith("mapping name: no column 'Headline'; columns: Title, category")
    with pytest.raises(BulkInputError, match="not field=Column"):
        parse_mapping(["name"])
    assert parse_mapping(["name = Product Title"]) == {"name": "Product Title"}


@pytest.mark.parametrize(
    ("data", "name", "needle"),
    [
        (b"name,category\nA,\xff\n", "p.csv", "line 2, byte 3 is not UTF-8 (0xFF, '\xff' in"),
        (b'{"name": "A"}\n{oops\n', "p.jsonl", "line 2 is not JSON"),
        (b'{"name": "A"}', "p.json", "not a list of objects"),
        (b"[1]", "p.json", "row 1 is int"),
        (b"name,category\n", "p.csv", "no data rows"),
        (b"name,Name\nA,B\n", "p.csv", "line 1: the header row names the column 'Name' twice"),
        (b"name,,category\nA,B,C\n", "p.csv", "line 1: the header row leaves column 2 without"),
        (b"name,category\nA,B,C\n", "p.csv", "line 2: 3 cells, but the header names 2 columns"),
        (b"name\nA\n", "p.xlsx", "does not end in"),
    ],
)
def test_files_that_cannot_be_read_say_why(data: bytes, name: str, needle: str) -> None:
    with pytest.raises(BulkInputError) as error:
        read_source(data, name=name)
    assert needle in str(error.value)


def test_an_item_key_depends_on_kind_brief_and_model_only() -> None:
    brief = {"name": "Apron", "category": "Kitchen"}
    assert item_key("product", brief, "a:b") == item_key(
        "product", dict(reversed(brief.items())), "a:b"
    )
    assert item_key("product", brief, "a:b") != item_key("product", brief, "a:c")
    assert item_key("product", brief, "a:b") != item_key("article", brief, "a:b")


def test_the_public_names_of_bulk_are_pinned() -> None:
    import presswright.bulk

    assert presswright.bulk.__all__ == [
        "FORMATS",
        "MAX_ITEMS",
        "BulkCheck",
        "BulkInputError",
        "BulkKind",
        "BulkOptions",
        "BulkProgress",
        "InputProblem",
        "ItemReport",
        "ItemStatus",
        "JobItem",
        "JobItemPage",
        "Source",
        "SourceFormat",
        "Submitted",
        "background_drivers",
        "cancel_job",
        "check_job",
        "drive",
        "job_items",
        "job_page",
        "job_progress",
        "job_report",
        "parse_mapping",
        "read_source",
        "report_csv",
        "retry_job",
        "rows_source",
        "submit_job",
    ]


def test_an_articles_pictures_come_from_one_mapping_cell() -> None:
    from presswright.bulk.fields import bulk_fields

    [field] = [f for f in bulk_fields("article").fields if f.name == "images"]
    assert field.type == "mapping" and "body: 2" in field.description
    text = (
        'topic,images\nBaking sourdough at home,"featured: true, body: 2"\n'
        'Growing tomatoes on a balcony,"{""featured"": false, ""body"": 1}"\n'
    )
    source = read_source(text.encode(), name="posts.csv")
    # a column named "images" is not taken by its name (shop exports list picture addresses)
    [plain, _] = items(source, kind="article").items
    assert "images" not in plain.payload
    mapped = items(source, kind="article", mapping={"images": "images"}).items
    assert mapped[0].payload["images"] == {"featured": True, "body": 2}
    assert mapped[1].payload["images"] == {"featured": False, "body": 1}
    bad = read_source(b'topic,pictures\nBaking bread,"body: 7"\n', name="p.csv")
    with pytest.raises(BulkInputError) as error:
        items(bad, kind="article", mapping={"images": "pictures"})
    assert "images" in problems(error)[0]
