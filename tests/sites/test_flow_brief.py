"""The site brief's limits, the shipped flow's inputs that declare them, the sitemap rules
and the plugin catalogue's choices: no model involved."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from presswright.errors import ContentContractError, UserInputError
from presswright.flows.problems import FlowValidationError
from presswright.flows.validation import check_inputs, validate_spec
from presswright.sites.brief import MAX_LOGO_BYTES, MAX_PAGES, SiteBrief, brief_error
from presswright.sites.flow import site_flow
from presswright.sites.plan import build_sitemap, is_contact_page, plan_schema
from presswright.sites.plugins_catalogue import recommend_plugins

BASE = {
    "business_name": "Rosa's Bakery",
    "business_type": "bakery",
    "description": "A family bakery in Leeds baking sourdough and cakes.",
}


def test_the_shipped_flow_is_valid_and_declares_the_briefs_limits() -> None:
    spec = site_flow()
    assert validate_spec(spec) == []
    inputs = spec.inputs
    assert inputs["pages"]["maxItems"] == MAX_PAGES and inputs["pages"]["minItems"] == 1
    for name, field in SiteBrief.model_fields.items():
        assert name in inputs, name
        limits = {type(m).__name__: m for m in field.metadata}
        if "MaxLen" in limits and name != "pages":
            assert inputs[name].get("maxLength", inputs[name].get("maxItems")) >= (
                limits["MaxLen"].max_length
            ), name
    assert inputs["logo"]["maxLength"] >= MAX_LOGO_BYTES * 4 // 3
    # What the brief accepts, the flow accepts.
    check_inputs(spec, SiteBrief.model_validate(BASE).flow_inputs(model="fake:test"))


def test_the_engine_refuses_a_bad_run_naming_the_input() -> None:
    with pytest.raises(FlowValidationError) as refused:
        check_inputs(site_flow(), {**BASE, "pages": [f"Page {n}" for n in range(11)]})
    assert "input 'pages'" in str(refused.value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"business_name": ""}, "business_name: String should have at least 1 character"),
        ({"language": "pt"}, "language: language 'pt' is not supported"),
        ({"pages": ["Home", "HOME"]}, "same title"),
        ({"pages": ["<script>"]}, "no < or >"),
        ({"logo": "bm90IGFuIGltYWdl"}, "logo: the logo is not an image"),
        ({"logo": "###"}, "logo: the logo is not base64"),
        ({"goals": ["x" * 201]}, "goals: each item is at most 200 characters"),
    ],
)
def test_a_brief_outside_its_limits_names_the_limit(change: dict[str, object], reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        SiteBrief.model_validate({**BASE, **change})
    error = brief_error(refused.value)
    assert isinstance(error, UserInputError) and reason in str(error), str(error)


def _plan(pages: int, sections: list[str]) -> dict[str, object]:
    return {
        "tagline": "Warm bread and friendly faces every morning",
        "pages": [
            {
                "purpose": "Show the bakery and its bread.",
                "keyword": "fresh bread",
                "sections": sections,
            }
        ]
        * pages,
    }


def test_the_sitemap_makes_slugs_heroes_and_navigation_itself() -> None:
    brief = SiteBrief.model_validate(
        {**BASE, "pages": ["Home", "Über uns", "Kontakt"], "language": "de", "posts_page": "Blog"}
    )
    sitemap = build_sitemap(brief, _plan(3, ["hero", "faq", "faq", "contact", "gallery"]))
    assert [p["slug"] for p in sitemap["pages"]] == ["home", "ueber-uns", "kontakt"]
    # Hero first, each section once, unknown ones dropped; no details: contact is a call to action.
    assert sitemap["pages"][1]["sections"] == ["hero", "faq", "cta"]
    assert [n["slug"] for n in sitemap["navigation"]] == ["home", "ueber-uns", "kontakt", "blog"]
    assert sitemap["front_page"] == "home" and sitemap["posts_page"]["slug"] == "blog"
    assert plan_schema(3)["properties"]["pages"]["minItems"] == 3


def test_the_contact_page_shows_the_contact_details_whatever_the_planner_chose() -> None:
    # A small model put the details on the home page and only model-written sections on the
    # contact page (seen with local:smollm2): the contact page still shows the details first.
    details = {"contact": {"email": "hello@rosas.example", "phone": "+44 113 496 0000"}}
    brief = SiteBrief.model_validate({**BASE, **details, "pages": ["Home", "About", "Contact"]})
    plan = _plan(3, ["newsletter", "faq", "stats", "text"])
    pages = [dict(page) for page in plan["pages"]]  # type: ignore[attr-defined]
    pages[0]["sections"] = ["contact"]
    plan["pages"] = pages
    sitemap = build_sitemap(brief, plan)
    home, about, contact = sitemap["pages"]
    # Figures the brief never gave are not made up: a planner's "stats" is left out.
    assert contact["sections"] == ["hero", "contact", "newsletter", "faq", "text"]
    assert home["sections"] == ["hero", "contact"]
    assert "contact" not in about["sections"]
    german = SiteBrief.model_validate(
        {**BASE, **details, "pages": ["Start", "Kontakt"], "language": "de"}
    )
    assert build_sitemap(german, _plan(2, ["faq"]))["pages"][1]["sections"] == [
        "hero", "contact", "faq",
    ]  # fmt: skip
    # Without details there is nothing to show: the planner's sections stand.
    plain = SiteBrief.model_validate({**BASE, "pages": ["Home", "Contact"]})
    assert build_sitemap(plain, _plan(2, ["faq"]))["pages"][1]["sections"] == ["hero", "faq"]
    assert [is_contact_page(t) for t in ("Contact us", "تماس با ما", "お問い合わせ", "About")] == [
        True, True, True, False,
    ]  # fmt: skip


def test_a_plan_with_the_wrong_number_of_pages_or_junk_is_refused() -> None:
    brief = SiteBrief.model_validate(BASE)
    with pytest.raises(ContentContractError, match="the plan has 2 pages; the brief asks for 4"):
        build_sitemap(brief, _plan(2, ["faq"]))
    junk = _plan(4, ["faq"])
    junk["tagline"] = "Xqzt vrrplk mnbvc qwrtp zxcvb"
    with pytest.raises(ContentContractError, match="tagline"):
        build_sitemap(brief, junk)
    # A purpose cut where a length ran out (the packaged model's "Visit the website of") is
    # not a sentence: the page's prompts would quote it.
    page = {"purpose": "Visit the website of", "keyword": "fresh bread", "sections": ["faq"]}
    cut = {**_plan(4, ["faq"]), "pages": [page, *_plan(3, ["faq"])["pages"]]}  # type: ignore[misc]
    with pytest.raises(ContentContractError, match=r"pages\[0\]\.purpose"):
        build_sitemap(brief, cut)
    assert plan_schema(4)["properties"]["pages"]["items"]["properties"]["purpose"]["x-prose"]


def test_a_key_phrase_loses_its_closing_punctuation() -> None:
    brief = SiteBrief.model_validate(BASE)
    plan = _plan(4, ["faq"])
    page = {"purpose": "Show the bakery.", "keyword": "Rosa's Bakery.", "sections": ["faq"]}
    plan = {**plan, "pages": [page, *_plan(3, ["faq"])["pages"]]}  # type: ignore[misc]
    assert build_sitemap(brief, plan)["pages"][0]["keyword"] == "Rosa's Bakery"


def test_plugins_are_chosen_for_the_site_with_a_reason_each() -> None:
    sitemap = {"pages": [{"title": "Contact", "sections": ["hero", "contact"]}]}
    plain = recommend_plugins(
        {"business_type": "bakery", "goals": ["visitors to the shop"]}, sitemap
    )
    assert [p.purpose for p in plain] == ["seo", "forms", "spam", "caching", "security"]
    assert "Contact" in plain[1].reason
    shop = recommend_plugins(
        {"business_type": "bakery", "goals": ["sell online"]},
        {"pages": [{"title": "Home", "sections": ["hero"]}]},
    )
    assert [p.purpose for p in shop] == ["seo", "shop", "caching", "security"]
    assert shop[1].plugin == "woocommerce/woocommerce"
