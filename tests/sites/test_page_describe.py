"""A page's search fields made from its own text (``sites.page_describe``).

Used only when every draw of the model's search fields broke the contract; what is made
must pass the same rules: 140-160 characters of whole sentences, the key phrase where the
page has it, no sentence twice, nothing from a testimonial.
"""

from __future__ import annotations

from presswright.content.models import META_DESC_MAX, META_DESC_MIN
from presswright.sites.page_describe import description_from_text, title_from_text

INTRO = "Rosa's Bakery bakes sourdough, pastries and cakes in Leeds every morning."
MORE = "Families and office workers in Leeds stop by for warm bread before work."
THIRD = "Order a birthday cake online and collect it from the shop on Saturday."
BRIEF = "the Home page of the website of Rosa's Bakery, a bakery in Leeds"


def test_whole_sentences_from_the_introduction_on_make_the_description() -> None:
    text = description_from_text(
        [INTRO + " " + MORE, THIRD], keyword="sourdough", language="en", brief=BRIEF
    )
    assert text == f"{INTRO} {MORE}"
    assert META_DESC_MIN <= len(text) <= META_DESC_MAX


def test_sentences_holding_the_key_phrase_are_preferred() -> None:
    text = description_from_text(
        [INTRO + " " + MORE, THIRD], keyword="birthday cake", language="en", brief=BRIEF
    )
    assert text is not None and "birthday cake" in text
    assert META_DESC_MIN <= len(text) <= META_DESC_MAX


def test_nothing_is_made_when_no_sentences_fit() -> None:
    short = ["We bake bread.", "Come in today.", "We bake bread."]
    assert description_from_text(short, keyword="bread", language="en", brief=BRIEF) is None
    cut = ["Rosa's Bakery bakes sourdough, pastries and cakes in Leeds every morning and"]
    assert description_from_text(cut, keyword="bread", language="en", brief=BRIEF) is None


def test_chinese_sentences_are_joined_without_spaces() -> None:
    # Full-width commas and stops, as Chinese is written.
    sentences = [
        "罗莎面包店每天早上在利兹烘焙酸面包、各式糕点和生日蛋糕，所有产品都使用本地农场的面粉和黄油。",  # noqa: RUF001
        "家庭和上班族在上班前来店里购买温热的面包，周末还可以在网上预订蛋糕并到店取货，我们也提供咖啡和茶。",  # noqa: RUF001
        "我们的团队从一九九零年开始经营这家面包店，一直坚持传统的手工制作方法，欢迎您随时光临本店品尝。",  # noqa: RUF001
    ]
    text = description_from_text(sentences, keyword="酸面包", language="zh", brief=BRIEF)
    assert text == "".join(sentences)  # 142 characters, the three sentences together
    assert META_DESC_MIN <= len(text) <= META_DESC_MAX


def test_the_title_is_the_h1_and_the_business_as_wordpress_would_make_it() -> None:
    assert title_from_text("Fresh bread daily", "Rosa's Bakery", "en") == (
        "Fresh bread daily | Rosa's Bakery"
    )
    long_h1 = "Fresh sourdough bread, pastries and cakes baked in Leeds"
    assert title_from_text(long_h1, "Rosa's Bakery", "en") == long_h1
    assert title_from_text("Hi", "", "en") is None
