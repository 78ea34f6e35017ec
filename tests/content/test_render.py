"""The renderers: HTML fragment and page, block markup read back by WordPress, and Markdown."""

# Persian prose uses characters that look like ASCII ones.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt  # installed with rich

from presswright.content.models import ContentData, ProductCopy, SeoMeta
from presswright.content.render import render_gutenberg, render_html, render_markdown
from presswright.content.sanitize import is_sanitized
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks

EN_BODY = """
<p>A good grinder matters more than an expensive machine. Fresh grounds keep their
<strong>aroma</strong> for minutes, and <em>oxidation</em> starts the moment a bean breaks;
see our <a href="https://brew.example/guides/roasting" title="Roasting">roasting guide</a>.</p>
<h2 id="burr">Burr or blade?</h2>
<p>Burr grinders crush beans between two plates &amp; give an even size.</p>
<h3 class="tip--box">What to look for</h3>
<ul><li>Stepless adjustment</li><li>Low retention<ul><li>under 0.5 g</li></ul></li></ul>
<ol start="2"><li>Weigh 18 g.</li><li>Grind medium-fine.</li></ol>
<blockquote><p>Grind right before you brew.</p><cite>A barista</cite></blockquote>
<table><thead><tr><th>Grinder</th><th>Price</th></tr></thead>
<tbody><tr><td>Burr</td><td>120 €</td></tr><tr><td>Blade</td><td>25 €</td></tr></tbody></table>
<figure><img src="/wp-content/uploads/grinder.jpg" alt="A conical burr grinder">
<figcaption>A conical burr grinder.</figcaption></figure>
<hr>
<pre><code class="language-bash">grind --size=medium</code></pre>
<p>Never write &lt;script&gt;alert(1)&lt;/script&gt; in a post; *this* is not emphasis.</p>
<script>alert("removed")</script>
"""

EN_BLOCKS = [
    "core/paragraph",
    "core/heading",
    "core/paragraph",
    "core/heading",
    "core/list",
    "core/list",
    "core/quote",
    "core/table",
    "core/image",
    "core/separator",
    "core/html",
    "core/paragraph",
]

FA_BODY = (
    "<p>کمپوست خانگی پسماند آشپزخانه را به خاکی حاصلخیز تبدیل می\u200cکند. با یک"
    ' <a href="/guides/compost-bin">سطل کمپوست</a> مناسب می\u200cتوانید زباله را کم کنید.</p>'
    "<h2>انتخاب سطل کمپوست</h2>"
    "<ul><li>سطل دربسته برای بالکن</li><li>جعبه چوبی برای باغ</li></ul>"
    "<blockquote><p>کمپوست را هر هفته هم بزنید.</p></blockquote>"
    "<h2>پرسش\u200cهای رایج</h2><p>کمپوست در سه تا چهار ماه آماده می\u200cشود.</p>"
)


def _article(language: str, title: str, body: str, seo_title: str) -> ContentData:
    return ContentData(
        language=language,  # type: ignore[arg-type]
        title=title,
        excerpt="A short excerpt.",
        outline=["one"],
        body_html=body,
        meta=SeoMeta(seo_title=seo_title, meta_desc=f"{seo_title} & more.", slug="s"),
        schema_ld_json={
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            # A value written to break out of the <script> element, and an HTML comment.
            "description": "</script><script>alert('ld')</script><!-- x -->",
        },
    )


@pytest.fixture
def english() -> ContentData:
    return _article(
        "en", "How to Choose a Coffee Grinder", EN_BODY, "Coffee Grinders: Burr vs Blade"
    )


@pytest.fixture
def persian() -> ContentData:
    return _article("fa", "کمپوست خانگی برای مبتدی\u200cها", FA_BODY, "راهنمای کمپوست خانگی")


@pytest.fixture
def product() -> ProductCopy:
    return ProductCopy(
        language="en",
        title="Greenpatch 300 L Compost Bin",
        short_description="A 300 litre compost bin made from recycled plastic.",
        long_description_html="<p>The ventilated lid keeps rain out.</p>"
        '<p onclick="x()">Two hatches let you take out <strong>finished</strong> compost.</p>',
        feature_bullets=["300 litre capacity", "Rodent mesh base", "Uses <2 m² & no tools"],
        meta=SeoMeta(seo_title="Compost Bin 300 L", meta_desc="A compost bin.", slug="bin"),
        tags=["compost"],
        image_alt_text="A green compost bin",
    )


class _Document(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._current.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._current and self._current[-1] == tag:
            self._current.pop()

    def handle_data(self, data: str) -> None:
        if self._current:
            tag = self._current[-1]
            self.text[tag] = self.text.get(tag, "") + data


def _document(html: str) -> _Document:
    parser = _Document()
    parser.feed(html)
    parser.close()
    return parser


# --- HTML ----------------------------------------------------------------------------


def test_html_fragment_is_a_sanitized_article(english: ContentData) -> None:
    html = render_html(english)
    assert html.startswith('<article lang="en" dir="ltr"><h1>How to Choose a Coffee Grinder</h1>')
    assert html.endswith("</article>")
    assert is_sanitized(html)
    assert "<script" not in html and "alert(&quot;removed" not in html
    assert '<h2 id="burr">Burr or blade?</h2>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_right_to_left_languages_get_dir_rtl(persian: ContentData, english: ContentData) -> None:
    assert render_html(persian).startswith('<article lang="fa" dir="rtl"><h1>')
    page = _document(render_html(persian, document=True))
    assert ("html", {"lang": "fa", "dir": "rtl"}) in page.tags
    assert 'dir="rtl"' not in render_html(english)


def test_html_document_has_the_page_metadata(english: ContentData) -> None:
    page_html = render_html(english, document=True)
    assert page_html.startswith("<!DOCTYPE html>\n")
    page = _document(page_html)
    tags = [tag for tag, _ in page.tags]
    assert tags[:3] == ["html", "head", "meta"]
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert page.text["title"] == "Coffee Grinders: Burr vs Blade"
    assert (
        "meta",
        {"name": "description", "content": "Coffee Grinders: Burr vs Blade & more."},
    ) in (page.tags)
    assert not [attrs for tag, attrs in page.tags if tag == "link"]
    assert render_html(english) in page_html


def test_json_ld_cannot_break_out_of_its_script(english: ContentData) -> None:
    page_html = render_html(english, document=True)
    page = _document(page_html)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"type": "application/ld+json"}]
    # The browser ends the element at the first "</script": it must be the real one.
    start = page_html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    content = page_html[start : page_html.lower().index("</script", start)]
    assert json.loads(content) == english.schema_ld_json
    assert "<!--" not in content
    assert page_html.count("</script>") == 1


def test_product_html_has_title_short_description_and_bullets(product: ProductCopy) -> None:
    html = render_html(product)
    assert html.startswith('<article lang="en" dir="ltr"><h1>Greenpatch 300 L Compost Bin</h1>')
    assert "<p>A 300 litre compost bin made from recycled plastic.</p>" in html
    assert "<li>Uses &lt;2 m² &amp; no tools</li>" in html
    assert "onclick" not in html
    assert "application/ld+json" not in render_html(product, document=True)


# --- Gutenberg -----------------------------------------------------------------------


def _names(blocks: list[dict[str, Any]]) -> list[str]:
    return [block["blockName"] for block in blocks if block["blockName"] is not None]


def test_gutenberg_markup_reads_back_as_the_expected_blocks(english: ContentData) -> None:
    blocks = parse_blocks(render_gutenberg(english))
    assert freeform_or_invalid(blocks) == []
    assert _names(blocks) == EN_BLOCKS
    by_name = [(block["blockName"], block) for block in blocks if block["blockName"]]
    headings = [block for name, block in by_name if name == "core/heading"]
    assert headings[0]["attrs"] == {}
    assert (
        headings[0]["innerHTML"] == '\n<h2 class="wp-block-heading" id="burr">Burr or blade?</h2>\n'
    )
    # "--" in an attribute is escaped in the comment and read back intact.
    assert headings[1]["attrs"] == {"level": 3, "className": "tip--box"}
    lists = [block for name, block in by_name if name == "core/list"]
    assert lists[0]["attrs"] == {}
    assert _names(lists[0]["innerBlocks"]) == ["core/list-item", "core/list-item"]
    assert _names(lists[0]["innerBlocks"][1]["innerBlocks"]) == ["core/list"]
    assert lists[1]["attrs"] == {"ordered": True, "start": 2}
    quote = next(block for name, block in by_name if name == "core/quote")
    assert _names(quote["innerBlocks"]) == ["core/paragraph"]
    assert "<cite>A barista</cite>" in quote["innerHTML"]
    table = next(block for name, block in by_name if name == "core/table")
    assert (
        '<figure class="wp-block-table"><table class="has-fixed-layout"><thead>'
        in (table["innerHTML"])
    )
    image = next(block for name, block in by_name if name == "core/image")
    assert (
        '<img src="/wp-content/uploads/grinder.jpg" alt="A conical burr grinder"/>'
        in (image["innerHTML"])
    )
    code = next(block for name, block in by_name if name == "core/html")
    assert (
        code["innerHTML"].strip()
        == '<pre><code class="language-bash">grind --size=medium</code></pre>'
    )


def test_gutenberg_keeps_right_to_left_text_intact(persian: ContentData) -> None:
    markup = render_gutenberg(persian)
    blocks = parse_blocks(markup)
    assert freeform_or_invalid(blocks) == []
    assert _names(blocks) == [
        "core/paragraph",
        "core/heading",
        "core/list",
        "core/quote",
        "core/heading",
        "core/paragraph",
    ]
    assert "می\u200cتوانید" in blocks[0]["innerHTML"]
    assert '<h2 class="wp-block-heading">پرسش\u200cهای رایج</h2>' in markup
    assert "dir=" not in markup


def test_gutenberg_product(product: ProductCopy) -> None:
    blocks = parse_blocks(render_gutenberg(product))
    assert freeform_or_invalid(blocks) == []
    assert _names(blocks) == ["core/paragraph", "core/paragraph", "core/paragraph", "core/list"]
    assert len(blocks[-1]["innerBlocks"]) == 3
    assert "onclick" not in render_gutenberg(product)


# --- Markdown ------------------------------------------------------------------------

_COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def test_markdown_structure(english: ContentData) -> None:
    markdown = render_markdown(english)
    lines = markdown.split("\n")
    assert lines[0] == "# How to Choose a Coffee Grinder"
    assert [line for line in lines if line.startswith("#")] == [
        "# How to Choose a Coffee Grinder",
        "## Burr or blade?",
        "### What to look for",
    ]
    assert "- Stepless adjustment\n- Low retention\n  - under 0.5 g" in markdown
    assert "2. Weigh 18 g.\n3. Grind medium-fine." in markdown
    assert '[roasting guide](https://brew.example/guides/roasting "Roasting")' in markdown
    assert "**aroma**" in markdown and "*oxidation*" in markdown
    assert "> Grind right before you brew.\n>\n> *A barista*" in markdown
    assert "| Grinder | Price |\n| --- | --- |\n| Burr | 120 € |\n| Blade | 25 € |" in markdown
    assert "![A conical burr grinder](/wp-content/uploads/grinder.jpg)" in markdown
    assert "```bash\ngrind --size=medium\n```" in markdown
    assert markdown.endswith("\n") and "\n\n\n" not in markdown


def test_markdown_reads_back_as_the_same_document(english: ContentData) -> None:
    html = _COMMONMARK.render(render_markdown(english))
    tags = [tag for tag, _ in _document(html).tags]
    for tag in ["h1", "h2", "h3", "ul", "ol", "blockquote", "table", "img", "hr", "pre", "a"]:
        assert tag in tags, tag
    assert tags.count("li") == 5
    # Text that looks like HTML or Markdown stays text.
    assert "script" not in tags and "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*this* is not emphasis" in html
    assert ("ol", {"start": "2"}) in _document(html).tags


@pytest.mark.parametrize(
    ("body", "expected", "tags"),
    [
        ("<p>- not a list<br>1. not ordered<br># not a heading</p>",
         "- not a list<br />\n1. not ordered<br />\n# not a heading", ["p", "br", "br"]),
        ("<p>Use <code>a`b</code> and a_b_c</p>", "<code>a`b</code> and a_b_c", ["p", "code"]),
        ('<p><a href="https://x.example/a b(c)">odd link</a></p>',
         '<a href="https://x.example/a%20b%28c%29">odd link</a>', ["p", "a"]),
        ("<p>C:\\path\\ and [brackets] &amp; &lt;tags&gt; &copy;</p>",
         "C:\\path\\ and [brackets] &amp; &lt;tags&gt; ©", ["p"]),
    ],
)  # fmt: skip
def test_markdown_escapes_what_would_be_syntax(
    english: ContentData, body: str, expected: str, tags: list[str]
) -> None:
    article = english.model_copy(update={"body_html": body})
    html = _COMMONMARK.render(render_markdown(article))
    assert expected in html
    assert re.findall(r"<(\w+)", html) == ["h1", *tags]


def test_markdown_right_to_left_and_product(persian: ContentData, product: ProductCopy) -> None:
    markdown = render_markdown(persian)
    assert markdown.startswith("# کمپوست خانگی برای مبتدی\u200cها\n\n")
    assert "[سطل کمپوست](/guides/compost-bin)" in markdown
    assert "> کمپوست را هر هفته هم بزنید." in markdown
    product_md = render_markdown(product)
    assert product_md.startswith("# Greenpatch 300 L Compost Bin\n\nA 300 litre compost bin")
    assert product_md.endswith("- Rodent mesh base\n- Uses \\<2 m² \\& no tools\n")
    assert "**finished**" in product_md
