"""Editing one page of a stored site before deploy: a new version, checked and cleaned."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from presswright.bootstrap import Instance
from presswright.documents.editing import EditConflictError, RefusedEditError
from presswright.errors import NotFoundError, UserInputError
from presswright.sites.page_edit import PageEdit, clean_text, edit_page
from presswright.sites.service import site_version
from presswright.store.documents import list_drafts, list_versions
from tests.documents.conftest import make_workspace
from tests.sites.stored_sites import stored_site

META = (
    "Fresh sourdough bread, pastries and cakes baked every morning in Leeds by a family"
    " bakery since 1990. Come in, taste a slice and order a cake for your party."
)


def _site(instance: Instance) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    tenant, user = make_workspace(instance)
    return tenant, user, stored_site(instance, tenant)


def _spec(instance: Instance, tenant: uuid.UUID, site_id: uuid.UUID) -> dict[str, Any]:
    _, site = site_version(instance, tenant_id=tenant, site_id=site_id)
    return copy.deepcopy(site.pages[0].spec)


def test_an_edit_is_the_next_version_with_every_text_cleaned(instance: Instance) -> None:
    tenant, user, site_id = _site(instance)
    spec = _spec(instance, tenant, site_id)
    hero = spec["blocks"][0]["inner"]
    hero[0]["text"] = "Sourdough <em>baked</em> at dawn"
    hero[1]["text"] = "Taste it <script>alert(1)</script>in Leeds\u0000 & York.\nOpen daily."
    edit = PageEdit(
        base_version=1,
        title="Welcome <img src=x onerror=alert(1)>home",
        seo_title="Sourdough at dawn | Rosa's Bakery",
        meta_desc=META,
        spec=spec,
    )
    version = edit_page(
        instance, tenant_id=tenant, site_id=site_id, page="home", edit=edit, author=user
    )
    assert version == 2
    _, site = site_version(instance, tenant_id=tenant, site_id=site_id)
    page = site.pages[0]
    assert (page.title, page.h1, page.seo_title) == (
        "Welcome home",
        "Sourdough baked at dawn",
        "Sourdough at dawn | Rosa's Bakery",
    )
    assert page.spec["blocks"][0]["inner"][1]["text"] == "Taste it in Leeds & York.\nOpen daily."
    assert "<script" not in page.markup and "onerror" not in page.markup
    assert "Taste it in Leeds &amp; York.<br>Open daily." in page.markup
    assert site.navigation[0].label == "Welcome home"  # the menu followed the title
    # Both search fields are now a person's (the model wrote them in version 1).
    assert page.seo_source == {"seo_title": "person", "meta_desc": "person"}
    # Version 1 is kept as it was; the new one is an edit by its author.
    _, first = site_version(instance, tenant_id=tenant, site_id=site_id, version=1)
    assert first.pages[0].title == "Home"
    with instance.database.tenant_session(tenant) as session:
        rows = list_versions(session, document_id=site_id)
        assert [(r.version, r.source, r.author) for r in rows][-1] == (2, "edited", user)


def test_an_edit_of_a_stale_version_is_a_conflict_and_kept_as_a_draft(instance: Instance) -> None:
    tenant, user, site_id = _site(instance)
    first = PageEdit(base_version=1, title="Our bread", meta_desc=META)
    edit_page(instance, tenant_id=tenant, site_id=site_id, page="1", edit=first, author=user)
    late = PageEdit(base_version=1, meta_desc=META.replace("Leeds", "York"))
    with pytest.raises(EditConflictError) as raised:
        edit_page(instance, tenant_id=tenant, site_id=site_id, page="home", edit=late, author=user)
    assert raised.value.current_version == 2
    _, site = site_version(instance, tenant_id=tenant, site_id=site_id)
    assert (site.pages[0].title, site.pages[0].meta_desc) == ("Our bread", META)
    with instance.database.tenant_session(tenant) as session:
        drafts = list_drafts(session, document_id=site_id)
    assert [d.id for d in drafts] == [raised.value.draft_id]
    assert drafts[0].body["pages"][0]["meta_desc"] == META.replace("Leeds", "York")


def _refused(instance: Instance, **change: Any) -> dict[str, str]:
    tenant, user, site_id = _site(instance)
    edit = PageEdit.model_validate({"base_version": 1, **change})
    with pytest.raises(RefusedEditError) as raised:
        edit_page(instance, tenant_id=tenant, site_id=site_id, page="home", edit=edit, author=user)
    _, site = site_version(instance, tenant_id=tenant, site_id=site_id)
    assert site.pages[0].title == "Home"  # nothing stored
    return {p.field: p.rule for p in raised.value.problems}


def test_an_edit_breaking_the_page_contract_is_refused_naming_each_field(
    instance: Instance,
) -> None:
    assert _refused(instance, seo_title="x" * 120, meta_desc="Too short.") == {
        "seo_title": "seo_title_length",
        "meta_desc": "meta_desc_length",
    }
    assert _refused(instance, title="<b></b>", meta_desc=META) == {"title": "required"}

    tenant, _, site_id = _site(instance)
    spec = _spec(instance, tenant, site_id)
    two = copy.deepcopy(spec)
    two["blocks"].append({"type": "heading", "level": 1, "text": "Another main heading"})
    assert _refused(instance, spec=two, meta_desc=META) == {"spec.blocks": "one_h1"}
    none = copy.deepcopy(spec)
    none["blocks"][0]["inner"][0]["level"] = 2
    assert _refused(instance, spec=none, meta_desc=META) == {"spec.blocks": "one_h1"}
    raw = copy.deepcopy(spec)
    raw["blocks"].append({"type": "html", "content": "<script>alert(1)</script>"})
    found = _refused(instance, spec=raw, meta_desc=META)
    assert found and all(field.startswith("spec.blocks[1]") for field in found), found


def test_an_unknown_page_or_an_empty_edit_is_refused(instance: Instance) -> None:
    tenant, user, site_id = _site(instance)
    with pytest.raises(NotFoundError, match="no page 'menu'"):
        edit_page(
            instance, tenant_id=tenant, site_id=site_id, page="menu",
            edit=PageEdit(base_version=1, title="Menu"), author=user,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="changes nothing"):
        PageEdit(base_version=1)  # an edit of nothing is refused as the body is read (422)
    with pytest.raises(UserInputError, match="no version 5"):
        edit_page(
            instance, tenant_id=tenant, site_id=site_id, page="home",
            edit=PageEdit(base_version=5, title="Home"), author=user,
        )  # fmt: skip
    other, _ = make_workspace(instance)
    with pytest.raises(NotFoundError):
        edit_page(
            instance, tenant_id=other, site_id=site_id, page="home",
            edit=PageEdit(base_version=1, title="Mine"), author=None,
        )  # fmt: skip


def test_clean_text_keeps_what_a_reader_sees() -> None:
    assert clean_text("Rosa & Co <b>bakes</b> a < b") == "Rosa & Co bakes a < b"
    assert clean_text("one\ntwo <br>three", lines=True) == "one\ntwo three"
    assert clean_text("&lt;script&gt;alert(1)&lt;/script&gt;") == "alert(1)"
