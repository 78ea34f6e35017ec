"""Settings > Members: add a registered user by email, change their role, remove them."""

from __future__ import annotations

import re
import uuid

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, sign_in
from tests.waiting import wait_until

PASSWORD = "correct horse battery"


def _register(studio: Studio) -> str:
    """A user with a workspace of their own, as someone who registered; their email."""
    email = f"member-{uuid.uuid4().hex[:8]}@example.com"
    done = httpx.post(
        f"{studio.base_url}/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "workspace": "Elsewhere"},
        timeout=30,
    )
    assert done.status_code == 201, done.text
    return email


def test_add_change_and_remove_a_member(page: Page, studio: Studio) -> None:
    email = _register(studio)
    sign_in(page, studio, path="/settings?tab=members")
    panel = page.get_by_role("main").get_by_role("tabpanel", name="Members")
    # The owner is listed, and is the one row without actions (nobody changes themselves).
    expect(panel.get_by_role("row", name=re.compile(re.escape(studio.email)))).to_be_visible()

    panel.get_by_role("button", name="Add member").first.click()
    dialog = page.get_by_role("dialog", name="Add a member")
    # Someone without an account: the answer is next to the address.
    dialog.get_by_label("Email").fill(f"nobody-{uuid.uuid4().hex[:6]}@example.com")
    dialog.get_by_role("button", name="Add member").click()
    expect(dialog.get_by_role("alert")).to_contain_text("no user with email")
    expect(dialog.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the add member dialog with an error")

    dialog.get_by_label("Email").fill(email)
    dialog.get_by_label("Role").click()
    page.get_by_role("option", name="viewer").click()
    dialog.get_by_role("button", name="Add member").click()
    expect(dialog).to_have_count(0)
    row = panel.get_by_role("row", name=re.compile(re.escape(email)))
    role = row.get_by_role("combobox", name=f"Role of {email}")
    expect(role).to_have_text("viewer")

    # Adding them twice: 409, shown next to the address.
    panel.get_by_role("button", name="Add member").first.click()
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Add member").click()
    expect(dialog.get_by_role("alert")).to_contain_text("already a member")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    role.click()
    page.get_by_role("option", name="editor").click()
    expect(role).to_have_text("editor")
    # The select shows the new role at once; the server has it when the save lands.
    wait_until(
        lambda: (
            {m["email"]: m["role"] for m in studio.api().get("/members").json()}[email] == "editor"
        ),
        timeout=15,
        message="the role change never reached the server",
    )
    assert_accessible(page, "settings, members")

    row.get_by_role("button", name=f"Remove {email}").click()
    confirm = page.get_by_role("dialog", name=f"Remove {email}?")
    confirm.get_by_role("button", name="Remove member").click()
    expect(confirm).to_have_count(0)
    expect(panel.get_by_role("row", name=re.compile(re.escape(email)))).to_have_count(0)
    assert email not in {m["email"] for m in studio.api().get("/members").json()}


def test_a_viewer_sees_the_members_without_actions(page: Page, studio: Studio) -> None:
    email = _register(studio)
    with studio.api() as api:
        added = api.post("/members", json={"email": email, "role": "viewer"})
        assert added.status_code == 201, added.text
        workspace = api.get("/me").json()["tenant"]["name"]
    page.goto("/settings?tab=members")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
    # They signed in to the workspace they registered; switch to the one they were added to.
    page.get_by_role("button", name=re.compile(r"^Workspace: ")).click()
    page.get_by_role("menuitem", name=re.compile(f"^{re.escape(workspace)}")).click()
    expect(
        page.get_by_role("button", name=f"Workspace: {workspace}. Switch workspace")
    ).to_be_visible()
    # The screen as it opens in that workspace (the session resumes from its refresh cookie).
    page.reload()

    panel = page.get_by_role("main").get_by_role("tabpanel", name="Members")
    expect(panel.get_by_role("row", name=re.compile(re.escape(email)))).to_be_visible()
    expect(panel.get_by_role("row", name=re.compile(re.escape(studio.email)))).to_be_visible()
    expect(panel.get_by_role("button", name="Add member")).to_have_count(0)
    expect(panel.get_by_role("combobox")).to_have_count(0)
    expect(panel.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)
    assert_accessible(page, "settings, members as a viewer")
