"""Edges of the session and the shell: sign-out racing a request in flight, switching the
workspace while a screen shows data, and the badges' text contrast in both themes."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.conftest import Studio, axe_violations, set_theme, sign_in

PASSWORD = "correct horse battery"
BADGE = Path(__file__).resolve().parents[2] / "frontend" / "src" / "components" / "ui" / "badge.tsx"
UNAUTHORIZED = json.dumps(
    {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "token revoked"}
)


def _register(studio: Studio, workspace: str) -> str:
    """A user with a workspace of their own, as someone who registered; their email."""
    email = f"edge-{uuid.uuid4().hex[:8]}@example.com"
    done = httpx.post(
        f"{studio.base_url}/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "workspace": workspace},
        timeout=30,
    )
    assert done.status_code == 201, done.text
    return email


def _hold(page: Page, pattern: str) -> list[Route]:
    """Keep every request matching ``pattern`` waiting until the test answers it."""
    held: list[Route] = []

    def keep(route: Route) -> None:
        held.append(route)

    page.route(pattern, keep)
    return held


def _wait_for(page: Page, held: list[Route]) -> Route:
    for _ in range(200):
        if held:
            return held[0]
        page.wait_for_timeout(50)
    pytest.fail("the request to hold was never sent")


@pytest.mark.parametrize("when", ["after sign-out", "during sign-out"])
def test_sign_out_is_final_while_a_request_is_in_flight(
    page: Page, studio: Studio, when: str
) -> None:
    sign_in(page, studio)
    members = _hold(page, "**/api/v1/members*")
    logout = _hold(page, "**/api/v1/auth/logout") if when == "during sign-out" else []
    refreshes: list[str] = []

    def note_refresh(request: Request) -> None:
        if request.url.endswith("/api/v1/auth/refresh"):
            refreshes.append(request.url)

    # A screen whose data is still on its way (client-side, the session stays in memory).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("tab", name="Members").click()
    pending = _wait_for(page, members)
    page.on("request", note_refresh)

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    if when == "during sign-out":
        # The server has ended the session: the request in flight now meets a 401, while the
        # logout itself is still on its way back.
        ending = _wait_for(page, logout)
        pending.fulfill(status=401, content_type="application/problem+json", body=UNAUTHORIZED)
        page.wait_for_timeout(300)
        ending.continue_()
    else:
        expect(page.get_by_text("You are signed out.")).to_be_visible()
        pending.fulfill(status=401, content_type="application/problem+json", body=UNAUTHORIZED)
    # Give a refresh (and its failure) every chance to happen before judging the screen.
    page.wait_for_timeout(1000)

    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(page.get_by_text("Your session ended")).to_have_count(0)
    assert refreshes == [], "a request answered 401 after sign-out tried to renew the session"


def test_switching_workspace_shows_the_new_workspaces_data(page: Page, studio: Studio) -> None:
    own = f"Elsewhere {uuid.uuid4().hex[:6]}"
    email = _register(studio, own)
    with studio.api() as api:
        added = api.post("/members", json={"email": email, "role": "viewer"})
        assert added.status_code == 201, added.text
        shared = api.get("/me").json()["tenant"]["name"]

    page.goto("/settings?tab=members")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.IGNORECASE)).click()
    panel = page.get_by_role("main").get_by_role("tabpanel", name="Members")
    mine = panel.get_by_role("row", name=re.compile(re.escape(email)))
    owner = panel.get_by_role("row", name=re.compile(re.escape(studio.email)))
    # Their own workspace: they are its only member.
    expect(mine).to_be_visible()
    expect(owner).to_have_count(0)

    for workspace, owner_rows in ((shared, 1), (own, 0), (shared, 1)):
        page.get_by_role("button", name=re.compile(r"^Workspace: ")).click()
        page.get_by_role("menuitem", name=re.compile(f"^{re.escape(workspace)}")).click()
        expect(
            page.get_by_role("button", name=f"Workspace: {workspace}. Switch workspace")
        ).to_be_visible()
        # The same screen, without a reload, now lists that workspace's members.
        expect(mine).to_be_visible()
        expect(owner).to_have_count(owner_rows)
        expect(panel.get_by_role("status")).to_have_count(0)


def _badge_classes() -> dict[str, str]:
    """Every variant of components/ui/badge.tsx: its full class list (base + variant)."""
    source = BADGE.read_text(encoding="utf-8")
    base = re.search(r'cva\(\s*"([^"]+)"', source)
    assert base is not None, "badge.tsx no longer starts cva() with its base classes"
    block = re.search(r"variant:\s*\{(.*?)\n\s*\},", source, re.DOTALL)
    assert block is not None, "badge.tsx has no variant block"
    variants = dict(re.findall(r'(\w+):\s*"([^"]+)"', block.group(1)))
    assert {"default", "secondary", "outline", "success", "warning", "destructive"} <= set(variants)
    return {name: f"{base.group(1)} {classes}" for name, classes in variants.items()}


_SHOW_BADGES = """(variants) => {
  const main = document.querySelector('main');
  const host = document.createElement('section');
  host.setAttribute('aria-label', 'Badge variants');
  for (const surface of ['bg-background', 'bg-card', 'bg-muted']) {
    const row = document.createElement('div');
    row.className = `${surface} flex gap-2 p-4`;
    for (const [name, classes] of Object.entries(variants)) {
      const badge = document.createElement('span');
      badge.className = classes;
      badge.dataset.variant = name;
      badge.textContent = `${name} badge`;
      row.appendChild(badge);
    }
    host.appendChild(row);
  }
  main.prepend(host);
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_badge_variant_has_enough_contrast(page: Page, studio: Studio, theme: str) -> None:
    sign_in(page, studio, path="/")
    set_theme(page, theme)
    variants = _badge_classes()
    page.evaluate(_SHOW_BADGES, variants)
    shown = page.get_by_role("region", name="Badge variants").locator("span[data-variant]")
    expect(shown).to_have_count(3 * len(variants))
    # The tinted variants really are tinted (their own colour, not the outline's).
    warning = page.locator("span[data-variant=warning]").first
    assert warning.evaluate("(e) => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    found = [v for v in axe_violations(page) if v["id"] == "color-contrast"]
    assert not found, f"badge contrast in the {theme} theme:\n" + "\n".join(
        "\n  ".join(v["nodes"]) for v in found
    )
