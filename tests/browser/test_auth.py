"""Signing in and out of the studio, a refused sign-in, and a session that ends under a screen."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import Studio, assert_accessible, screenshot, sign_in

SIGN_IN = re.compile(r"/sign-in")


def test_sign_in_then_sign_out(page: Page, studio: Studio) -> None:
    page.goto("/")
    # Nobody is signed in: the app sends the visitor to sign in, and says how to first time.
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("first-run-credentials.txt")).to_be_visible()
    assert_accessible(page, "the sign-in screen (light)")
    screenshot(page, "sign-in")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b"))
    assert_accessible(page, "the sign-in screen (dark)")
    page.emulate_media(color_scheme="light")

    sign_in(page, studio)
    expect(
        page.get_by_role("button", name="Workspace: My workspace. Switch workspace")
    ).to_be_visible()
    # The refresh token is an httpOnly cookie scoped to the auth routes; nothing in storage.
    cookies = {c["name"]: c for c in page.context.cookies()}
    refresh = cookies["presswright_refresh"]
    assert refresh["httpOnly"] and refresh["sameSite"] == "Strict"
    assert refresh["path"] == "/api/v1/auth"
    stored = page.evaluate("() => JSON.stringify({...localStorage, ...sessionStorage})")
    assert "eyJ" not in stored  # no JWT kept where scripts could read it later

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert "presswright_refresh" not in {c["name"] for c in page.context.cookies()}
    # A reload finds no session to restore.
    page.reload()
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page).to_have_url(SIGN_IN)


def test_a_wrong_password_is_refused_on_the_form(page: Page, studio: Studio) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(studio.email)
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    # The API's 401 names no field (it must not say which of the two was wrong): the message
    # is on the form, announced, and the visitor stays on the sign-in screen.
    alert = page.get_by_role("alert").filter(has_text="Could not sign in")
    expect(alert).to_contain_text("wrong email or password")
    expect(page).to_have_url(SIGN_IN)
    expect(page.get_by_label("Password", exact=True)).to_be_editable()
    assert_accessible(page, "the sign-in screen with its error")


def test_a_problem_naming_a_field_is_shown_next_to_it(page: Page, studio: Studio) -> None:
    page.goto("/register")
    page.get_by_label("Email").fill(f"new-{uuid.uuid4().hex[:8]}@example.com")
    password = page.get_by_label("Password", exact=True)
    password.fill("short")
    # The browser's own check (minlength) would stop the form first: lift it, so the server's
    # 422 is what answers, as it does when the rules of the two ever differ.
    password.evaluate("(input) => input.removeAttribute('minlength')")
    workspace = page.get_by_label(re.compile(r"^Workspace"))
    if workspace.count():
        workspace.fill("Bakery")
    page.get_by_role("button", name=re.compile(r"^(Create|Register)", re.IGNORECASE)).click()
    # The 422 names body.password: its message is the field's description, and the field
    # is marked invalid for assistive technology.
    expect(password).to_have_accessible_description(re.compile(r"at least 10 characters"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"/register"))
    assert_accessible(page, "the register screen with a field error")


def test_an_ended_session_returns_to_sign_in_and_back(page: Page, studio: Studio) -> None:
    # Two screens that do not poll: the app meets the ended session when the user moves on.
    first, then = "/settings", "/library"
    sign_in(page, studio, path=first)
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    # The session ends behind the app's back (as when it expires, or is ended in another
    # tab): its refresh token and its access tokens stop working on the server.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "presswright_csrf")
    ended = page.context.request.post(
        f"{studio.base_url}/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}, data={}
    )
    assert ended.status == 204, ended.text()
    # The next screen's call answers 401 and the silent refresh fails: sign in again...
    page.locator(f'nav[aria-label="Main"] a[href="{then}"]').click()
    expect(page).to_have_url(re.compile(r"/sign-in\?.*next="))
    asked = parse_qs(urlparse(page.url).query)["next"][0]
    # (the app may have met the ended session on the screen it was on, a moment earlier)
    assert asked in (first, then), page.url
    expect(page.get_by_text("Your session ended")).to_be_visible()
    sign_in(page, studio, path=None)
    # ...and the studio returns to that screen.
    expect(page).to_have_url(re.compile(re.escape(asked) + r"$"))
