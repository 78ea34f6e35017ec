"""Realistic articles and product copy that meet the contract, for the rules and fixes tests."""

# Prose in Chinese, Japanese and Persian uses characters that look like ASCII ones.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

from presswright.content.body_html import read_body
from presswright.content.models import (
    ContentData,
    ContentRequest,
    Heading,
    InternalLink,
    ProductCopy,
    ProductFacts,
    SeoMeta,
    SiteLink,
)
from presswright.content.schema_ld import build_article_ld, extract_faq

SITE_INDEX = [
    SiteLink(title="Raised garden beds", url="https://greenpatch.example/guides/raised-beds"),
    SiteLink(title="Worm farms", url="https://greenpatch.example/guides/worm-farms"),
    SiteLink(title="Mulching", url="/guides/mulching"),
]

EN_BODY = (
    "<p>Home composting turns kitchen scraps and garden trimmings into dark, crumbly soil."
    " With the right compost bin and a little attention, most households can cut their food"
    " waste by a third and stop buying bagged potting mix.</p>"
    "<h2>Choosing a compost bin</h2>"
    "<p>A closed plastic bin suits small gardens and keeps rats out, while an open timber bay"
    " holds more material and is easier to turn. Place it on bare soil so worms can move in,"
    " ideally close to the beds it will feed; our"
    ' <a href="https://greenpatch.example/guides/raised-beds">guide to raised beds</a>'
    " shows a good layout.</p>"
    "<h3>Tumblers versus static bins</h3>"
    "<p>Tumblers make turning effortless and finish a batch in about eight weeks, but they"
    " hold less and dry out quickly in summer. Static bins are slower and forgiving.</p>"
    "<h2>Balancing greens and browns</h2>"
    "<p>Fresh material such as vegetable peelings and grass clippings supplies nitrogen;"
    " dry leaves, straw and torn cardboard supply carbon. Aim for roughly two parts browns"
    " to one part greens, and keep the heap as damp as a wrung-out sponge. If you keep"
    ' chickens or rabbits, their bedding is ideal, and <a href="/guides/mulching">mulching'
    " with finished compost</a> closes the loop.</p>"
    "<h2>Frequently asked questions</h2>"
    "<h3>How long does home composting take?</h3>"
    "<p>A well-turned heap is ready in three to four months; an untouched one takes about a"
    " year.</p>"
    "<h3>Why does my compost smell?</h3>"
    "<p>A sour smell means too many greens and too little air. Mix in shredded cardboard and"
    " turn the heap.</p>"
)

JA_BODY = (
    "<p>家庭でのコンポストは、台所の生ごみや庭の落ち葉を、植物がよろこぶ栄養たっぷりの土に"
    "変える方法です。少しの手間で、毎週のごみを大きく減らせます。</p>"
    "<h2>コンポスト容器の選び方</h2>"
    "<p>ベランダなら密閉できるバケツ型、庭があるなら木枠の大きな箱がおすすめです。土の上に"
    "置くと、ミミズが自然に入ってきて分解を助けてくれます。</p>"
    "<h2>よくある質問</h2>"
    "<h3>堆肥ができるまでどのくらいかかりますか？</h3>"
    "<p>こまめにかき混ぜれば三か月ほど、放っておくと一年ほどかかります。</p>"
)


def _article(fields: dict[str, Any]) -> ContentData:
    body = str(fields["body_html"])
    fields.setdefault(
        "headings", [Heading(level=level, text=text) for level, text in read_body(body).headings]
    )
    data = ContentData(schema_ld_json={}, **fields)
    ld = build_article_ld(data, faq=extract_faq(body))
    return data.model_copy(update={"schema_ld_json": ld})


def english_article(**changes: Any) -> ContentData:
    """A complete English article that breaks no rule."""
    fields: dict[str, Any] = {
        "language": "en",
        "title": "Home Composting for Beginners: Turn Kitchen Scraps into Garden Gold",
        "excerpt": "A practical beginner's guide to home composting: choosing a compost bin,"
        " balancing greens and browns, and fixing the most common problems.",
        "outline": [
            "Choosing a compost bin",
            "Balancing greens and browns",
            "Frequently asked questions",
        ],
        "body_html": EN_BODY,
        "meta": SeoMeta(
            seo_title="Home Composting for Beginners: A Practical Guide",
            meta_desc="Learn home composting with a simple compost bin: what to add, how to"
            " balance greens and browns, and how to fix a smelly heap in a few steps.",
            slug="home-composting-for-beginners",
        ),
        "internal_links": [
            InternalLink(
                anchor="guide to raised beds",
                url="https://greenpatch.example/guides/raised-beds",
            ),
            InternalLink(anchor="mulching with finished compost", url="/guides/mulching"),
        ],
        "keywords": ["home composting", "compost bin"],
    }
    fields.update(changes)
    return _article(fields)


def english_request(**changes: Any) -> ContentRequest:
    """The brief the English article answers."""
    fields: dict[str, Any] = {
        "topic": "Home composting for beginners",
        "keywords": ["home composting", "compost bin"],
        "language": "en",
        "site_index": SITE_INDEX,
        "faq": True,
    }
    fields.update(changes)
    return ContentRequest(**fields)


def japanese_article(**changes: Any) -> ContentData:
    """A complete Japanese article that breaks no rule."""
    fields: dict[str, Any] = {
        "language": "ja",
        "title": "はじめての家庭用コンポスト：生ごみを豊かな土に変える方法",
        "excerpt": "家庭でコンポストを始めたい人のために、"
        "容器の選び方とよくある疑問をまとめました。",
        "outline": ["コンポスト容器の選び方", "よくある質問"],
        "body_html": JA_BODY,
        "meta": SeoMeta(
            seo_title="はじめての家庭用コンポスト入門",
            meta_desc="家庭でのコンポストの始め方をわかりやすく解説します。ベランダでも使える"
            "容器の選び方、台所の生ごみや落ち葉を入れるときのコツ、においを防ぐ方法、"
            "堆肥ができるまでの期間など、はじめての人がつまずきやすいポイントを順番に紹介"
            "します。毎週のごみを減らしながら、植物がよろこぶ栄養たっぷりの土を自分の手で"
            "作ってみましょう。",
            slug="はじめての家庭用コンポスト入門",
        ),
        "keywords": ["コンポスト"],
    }
    fields.update(changes)
    return _article(fields)


def japanese_request(**changes: Any) -> ContentRequest:
    """The brief the Japanese article answers."""
    fields: dict[str, Any] = {
        "topic": "家庭でできるコンポストの始め方",
        "keywords": ["コンポスト"],
        "language": "ja",
        "faq": True,
    }
    fields.update(changes)
    return ContentRequest(**fields)


def product_facts(**changes: Any) -> ProductFacts:
    """What the shop knows about a compost bin."""
    fields: dict[str, Any] = {
        "name": "Greenpatch 300 L Compost Bin",
        "category": "Garden > Composting",
        "attributes": {"capacity": "300 L", "material": "recycled polypropylene"},
        "features": ["two hatches", "ventilated lid", "rodent mesh base"],
        "keywords": ["compost bin", "garden compost"],
        "language": "en",
    }
    fields.update(changes)
    return ProductFacts(**fields)


def product_copy(**changes: Any) -> ProductCopy:
    """Product copy for the compost bin that breaks no rule."""
    fields: dict[str, Any] = {
        "language": "en",
        "title": "Greenpatch 300 L Compost Bin with Ventilated Lid",
        "short_description": "A 300 litre compost bin made from recycled plastic that turns"
        " kitchen and garden waste into rich garden compost in a few months.",
        "long_description_html": "<p>The Greenpatch bin holds 300 litres, enough for the"
        " kitchen scraps and lawn clippings of a family garden. Its ventilated lid lets air"
        " in and keeps the rain out, so the heap stays warm and damp without turning"
        " soggy.</p><p>Two hatches at the bottom let you take out finished compost while"
        " fresh waste keeps going in at the top, and the mesh base stops rodents.</p>",
        "feature_bullets": [
            "300 litre capacity",
            "Ventilated lid keeps rain out",
            "Two hatches for taking out finished compost",
            "Rodent mesh base",
        ],
        "meta": SeoMeta(
            seo_title="Greenpatch 300 L Compost Bin | Recycled Plastic",
            meta_desc="A 300 litre compost bin with a ventilated lid, two hatches and a"
            " rodent mesh base that turns kitchen waste into garden compost in a few months.",
            slug="greenpatch-300-l-compost-bin",
        ),
        "tags": ["compost bin", "composting", "garden", "recycled plastic"],
        "image_alt_text": "Green 300 litre compost bin with its lid open on a lawn",
        "keywords": ["compost bin", "garden compost"],
    }
    fields.update(changes)
    return ProductCopy(**fields)
