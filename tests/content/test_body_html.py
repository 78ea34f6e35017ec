"""Reading a body's structure and reshaping its headings and links."""

from __future__ import annotations

from presswright.content.body_html import (
    count_words,
    read_body,
    renumber_headings,
    unwrap_links,
)

BODY = (
    "Lead text <strong>before</strong> any paragraph."
    "<h2>Choosing a <em>compost</em> bin</h2>"
    "<p>Pick a bin with a lid. See the <a href='/guides/raised-beds'>raised&nbsp;beds\n"
    " guide</a>.</p><ul><li>Plastic</li><li>Timber</li></ul>"
    "<h3>Tumblers</h3><p>Turn daily.</p>"
)


def test_reads_text_headings_sections_paragraphs_and_links() -> None:
    body = read_body(BODY)
    assert body.headings == ((2, "Choosing a compost bin"), (3, "Tumblers"))
    assert body.sections == (
        "Lead text before any paragraph.",
        "Pick a bin with a lid. See the raised beds guide. Plastic Timber",
        "Turn daily.",
    )
    assert body.paragraphs[0] == "Pick a bin with a lid. See the raised beds guide."
    assert body.first_paragraph == body.paragraphs[0]
    assert body.links == (("/guides/raised-beds", "raised beds guide"),)
    assert body.text.startswith("Lead text before any paragraph. Choosing a compost bin Pick")


def test_first_paragraph_falls_back_to_the_lead() -> None:
    assert read_body("Just a line.<h2>Next</h2>").first_paragraph == "Just a line."


def test_count_words() -> None:
    assert count_words("A low-acid cup, brewed cold.") == 5
    assert count_words("家庭でのコンポスト") == 5  # nine characters, about two a word
    assert count_words("") == 0


def test_renumber_headings() -> None:
    body = "<h1>A</h1><h2>B</h2><h4>C</h4><h6>D</h6><h3>E</h3><h2>F</h2><h3>G</h3>"
    assert renumber_headings(body) == (
        "<h2>A</h2><h2>B</h2><h3>C</h3><h4>D</h4><h3>E</h3><h2>F</h2><h3>G</h3>"
    )
    valid = "<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2>"
    assert renumber_headings(valid) == valid


def test_unwrap_links() -> None:
    body = '<p><a href="/keep">kept</a> and <a href="/drop"><em>dropped</em></a></p>'
    assert unwrap_links(body, lambda url: url == "/keep") == (
        '<p><a href="/keep">kept</a> and <em>dropped</em></p>'
    )
