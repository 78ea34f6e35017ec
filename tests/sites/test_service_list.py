"""The site list: each site with the status its page shows (draft, generating, active).

Sites are stored straight into the library (no model); "active" is a publish record of the
site's deploy key on a connected WordPress, as a deploy leaves it.
"""

from __future__ import annotations

import uuid

from presswright.bootstrap import Instance
from presswright.sites.brief import SiteBrief
from presswright.sites.documents import open_site_document
from presswright.sites.service import deploy_key, get_site, list_sites
from presswright.store.wordpress import PublishedPost, create_site, save_publish_record
from tests.documents.conftest import make_workspace
from tests.sites.stored_sites import stored_site


def _deployed(instance: Instance, tenant: uuid.UUID, site_id: uuid.UUID, name: str) -> None:
    """What a deploy of ``site_id`` to a connected WordPress ``name`` records."""
    with instance.database.tenant_session(tenant) as session:
        wordpress = create_site(
            session, name=name, url=f"https://{name}.example", api_root=f"https://{name}.example/wp-json",
            username="admin", app_password="abcd efgh ijkl mnop", remote_user_id=1,
            remote_user_name="admin", remote_roles=["administrator"], box=instance.secretbox,
        )  # fmt: skip
        post = PublishedPost(
            marker=str(site_id), remote_id=0, remote_url=f"https://{name}.example/",
            remote_status="publish", featured_media_id=None, featured_image_sha256=None,
            seo_title="", seo_description="", seo_note="",
        )  # fmt: skip
        save_publish_record(
            session, site_id=wordpress.id, document_key=deploy_key(site_id), post=post
        )


def test_the_list_gives_each_site_its_status_as_its_page_does(instance: Instance) -> None:
    tenant, user = make_workspace(instance)
    draft = stored_site(instance, tenant, title="Draft Bakery")
    active = stored_site(instance, tenant, title="Active Bakery")
    _deployed(instance, tenant, active, "shop")
    _deployed(instance, tenant, active, "mirror")
    with instance.database.tenant_session(tenant) as session:
        brief = SiteBrief(
            business_name="New Bakery", business_type="bakery", description="A bakery baking bread."
        )
        generating = open_site_document(
            session, brief=brief, execution_id=str(uuid.uuid4()), user_id=user
        )

    page = list_sites(instance, tenant_id=tenant)
    listed = {item.id: (item.status, item.deployed_to) for item in page.items}
    assert listed == {
        draft: ("draft", []),
        active: ("active", ["mirror", "shop"]),
        generating: ("generating", []),
    }
    assert page.total == 3 and page.next_offset is None
    for item in page.items:
        shown = get_site(instance, tenant_id=tenant, site_id=item.id)
        assert (shown.status, shown.deployed_to) == (item.status, item.deployed_to)
    # A page of one, and another workspace's deploy records do not count here.
    assert [i.id for i in list_sites(instance, tenant_id=tenant, limit=1, offset=1).items] == [
        page.items[1].id
    ]
    other, _ = make_workspace(instance)
    assert list_sites(instance, tenant_id=other).items == []


def test_the_filter_and_search_still_apply(instance: Instance) -> None:
    tenant, _ = make_workspace(instance)
    stored_site(instance, tenant, title="Rosa's Bakery")
    assert list_sites(instance, tenant_id=tenant, status="generating").items == []
    found = list_sites(instance, tenant_id=tenant, q="sourdough").items
    assert [item.title for item in found] == ["Rosa's Bakery"]
    assert found[0].status == "draft"
