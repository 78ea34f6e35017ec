"""``GET /api/v1/bulk/fields``: the fields a bulk row fills, their aliases, and the first guess.

The screen's column matching keeps no alias table of its own: it lists what this route lists
and starts from the mapping it detects, which a dry run of the same file then accepts.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from presswright.bulk.column_hints import ALIAS_LANGUAGES
from presswright.bulk.rows import item_fields
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member
from tests.api.test_bulk_routes import BULK, headers, owner, writer
from tests.bulk.fakes import MODEL, FakeWriter

__all__ = ["owner", "writer"]  # fixtures shared with test_bulk_routes

FIELDS = f"{BULK}/fields"
# A European spreadsheet's export: a byte-order mark, semicolons, decimal commas, and headers
# in French and German, one with spaces around it and a currency sign.
EUROPEAN = (
    "\ufeffNom du produit;Kategorie; Price (€) ;Mots-clés;colour\r\n"
    "Tablier en lin;Textiles de cuisine;24,90;tablier|lin;bleu\r\n"
    "Planche en chêne;Ustensiles;39,00;planche;brun\r\n"
).encode()


def _fields(client: TestClient, auth: dict[str, str], **query: Any) -> Any:
    answer = client.get(FIELDS, params=query, headers=auth)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_fields_of_each_kind_with_type_required_description_and_aliases(
    client: TestClient, owner: Member
) -> None:
    auth = headers(client, owner)

    product = _fields(client, auth, kind="product")
    article = _fields(client, auth, kind="article")

    assert [f["name"] for f in product["fields"]] == item_fields("product")
    assert [f["name"] for f in article["fields"]] == item_fields("article")
    assert product["languages"] == list(ALIAS_LANGUAGES) == ["en", "de", "fr", "es"]
    assert (product["detected"], product["layout"]) == ({}, None)
    by_name = {f["name"]: f for f in product["fields"] + article["fields"]}
    assert [n for n, f in by_name.items() if f["required"]] == ["name", "category", "topic"]
    assert {n: f["type"] for n, f in by_name.items() if f["type"] != "text"} == {
        "attributes": "mapping",
        "images": "mapping",
        "features": "list",
        "keywords": "list",
        "language": "choice",
        "length": "choice",
        "sections": "integer",
        "site_index": "object_list",
        "faq": "boolean",
    }
    assert by_name["length"]["choices"] == ["short", "medium", "long"]
    assert "ar" in by_name["language"]["choices"]
    # Every field says what to put in it, under a label, with aliases in every language.
    assert all(f["description"] and f["label"] for f in by_name.values())
    assert all(list(f["aliases"]) == ["en", "de", "fr", "es"] for f in by_name.values())
    assert "nom du produit" in by_name["name"]["aliases"]["fr"]
    assert "produktname" in by_name["name"]["aliases"]["de"]
    assert "preis" in by_name["price"]["aliases"]["de"]


def test_writing_back_to_a_store_adds_the_product_id_as_a_required_field(
    client: TestClient, owner: Member
) -> None:
    auth = headers(client, owner)

    listed = _fields(client, auth, kind="product", store="true", column=["ID", "Name", "Typ"])

    last = listed["fields"][-1]
    assert (last["name"], last["type"], last["required"]) == ("woo_product_id", "integer", True)
    assert listed["detected"] == {"name": "Name", "category": "Typ", "woo_product_id": "ID"}
    # An article job writes nothing back: no product id, and "ID" is nobody's column.
    article = _fields(client, auth, kind="article", store="true", column=["ID", "Subject"])
    assert "woo_product_id" not in [f["name"] for f in article["fields"]]
    assert article["detected"] == {"topic": "Subject"}


def test_odd_and_foreign_headers_are_detected_and_a_dry_run_takes_that_mapping(
    client: TestClient, owner: Member, writer: FakeWriter
) -> None:
    auth = headers(client, owner)
    columns = ["Nom du produit", "Kategorie", "Price (€)", "Mots-clés", "colour"]

    detected = _fields(client, auth, kind="product", column=columns)["detected"]

    assert detected == {
        "name": "Nom du produit",
        "category": "Kategorie",
        "price": "Price (€)",
        "keywords": "Mots-clés",
    }
    checked = client.post(
        f"{BULK}?dry_run=true",
        files={"file": ("produits.csv", EUROPEAN, "text/csv")},
        data={
            "kind": "product",
            "model": MODEL,
            "map": [f"{field}={column}" for field, column in detected.items()],
        },
        headers=auth,
    )
    assert checked.status_code == 200, checked.text
    understood = checked.json()
    assert understood["columns"] == columns  # the header as the server reads the file
    assert understood["mapping"] == detected
    assert (understood["items"], understood["ignored_columns"]) == (2, ["colour"])
    assert not writer.calls


def test_a_column_is_guessed_once_and_weak_likenesses_are_not_guesses(
    client: TestClient, owner: Member
) -> None:
    auth = headers(client, owner)
    columns = ["Product Title", "Material", "Brand", "attributes.colour", "Keyword(s)"]

    detected = _fields(client, auth, kind="product", column=columns)["detected"]
    named = _fields(client, auth, kind="product", column=["Name", "Product Title"])["detected"]

    # "Material" and "Brand" only look a little like category ("categories") and
    # brand_profile; an attributes.<name> column fills its attribute without a mapping.
    assert detected == {"name": "Product Title", "keywords": "Keyword(s)"}
    # A column of the field's own name first; "Product Title" shares a word with the alias
    # "product type" of category, but is no category.
    assert named == {"name": "Name"}


def test_a_shop_export_is_read_by_its_layout_so_nothing_is_guessed(
    client: TestClient, owner: Member
) -> None:
    auth = headers(client, owner)
    header = ["ID", "Type", "SKU", "Name", "Short description", "Regular price", "Categories"]

    listed = _fields(client, auth, kind="product", store="true", column=header)

    assert listed["layout"] == "a WooCommerce product export"
    assert listed["detected"] == {}


def test_the_listing_refuses_what_it_cannot_answer_and_is_for_members_only(
    client: TestClient, owner: Member, make_member: MakeMember
) -> None:
    auth = headers(client, owner)

    unknown = client.get(FIELDS, params={"kind": "book"}, headers=auth)
    too_many = client.get(
        FIELDS, params={"kind": "product", "column": [f"c{i}" for i in range(301)]}, headers=auth
    )
    too_long = client.get(FIELDS, params={"kind": "product", "column": ["x" * 301]}, headers=auth)

    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["query.kind"]
    assert too_many.status_code == 422
    assert too_long.status_code == 422
    assert client.get(FIELDS, params={"kind": "product"}).status_code == 401
    viewer = headers(client, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
    assert client.get(FIELDS, params={"kind": "article"}, headers=viewer).status_code == 200
