"""The library of block pattern layouts: each section of a brief as a block skeleton.

An archetype is one kind of section (hero, pricing tiers, FAQ, ...): a container, a heading
with an optional introduction, N items of one shape laid out in C columns, and B buttons.
:func:`build_skeleton` turns the sections a brief asks for
(:class:`presswright.content.pattern_brief.Section`) into one pattern spec whose every text
is a slot marker ``{"slot": "s0.t2.price"}`` and the :class:`SlotGroup` s the model fills,
one small answer each. The structure never comes from the model: three columns asked are
three ``column`` blocks, four questions are four question headings, two buttons are two
``button`` blocks, whatever the model writes into them.

Counts: what the brief states is exact; what it leaves open is the archetype's default.
Items follow their own count (``tiers``, ``questions``, ...), else ``items``, else the
columns stated (times ``per_column``), else the default. Buttons stated go one per item
when the item shape has a button and the numbers match, else in one row under the items.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presswright.content.pattern_brief import Section

__all__ = [
    "ARCHETYPES",
    "Archetype",
    "Skeleton",
    "Slot",
    "SlotGroup",
    "build_skeleton",
    "image_url",
]

Raw = dict[str, Any]


@dataclass(frozen=True)
class Slot:
    """One text the model writes: its key in the group's answer, its kind, what it is for."""

    key: str
    kind: str
    purpose: str


@dataclass(frozen=True)
class SlotGroup:
    """Slots the model fills in one answer, with what they are for as a whole."""

    id: str
    purpose: str
    slots: tuple[Slot, ...]

    def slot_id(self, key: str) -> str:
        """The pattern-wide id of one of the group's slots."""
        return f"{self.id}.{key}"


@dataclass
class Skeleton:
    """A pattern spec with slot markers for text, and the groups that fill them."""

    spec: Raw
    groups: list[SlotGroup]

    def kinds(self) -> dict[str, str]:
        """Every slot id with its kind."""
        return {g.slot_id(s.key): s.kind for g in self.groups for s in g.slots}


@dataclass(frozen=True)
class Archetype:
    """One kind of section and its defaults."""

    name: str
    label: str  # what the section is, for the model's prompt
    category: str
    item: str | None = None  # the item shape (see _ITEMS); None: a section without items
    items: int = 0
    buttons: int = 0  # default buttons under the items; -1: one per item
    container: str = "group"  # group, cover or media-text
    level: int = 2
    intro: bool = True
    stacked: bool = False  # items one under another unless columns are asked for
    per_column: int = 1
    batch: bool = False  # every item's slots in one answer (small items)


ARCHETYPES: dict[str, Archetype] = {
    a.name: a
    for a in (
        Archetype("hero", "hero banner", "banner", buttons=1, container="cover", level=1),
        Archetype("pricing", "pricing table", "services", "tier", 3, buttons=-1),
        Archetype("features", "feature grid", "services", "feature", 3),
        Archetype("testimonials", "customer testimonials", "testimonials", "quote", 3),
        Archetype("faq", "frequently asked questions", "text", "qa", 4, stacked=True),
        Archetype("cta", "call to action", "call-to-action", buttons=1),
        Archetype("team", "team members", "team", "member", 3),
        Archetype("contact", "contact section", "contact", "contact", 3, buttons=1),
        Archetype("gallery", "image gallery", "gallery", "image", 6, per_column=2, batch=True),
        Archetype(
            "media_text", "text next to an image", "media", buttons=1, container="media-text"
        ),
        Archetype("newsletter", "newsletter sign-up", "call-to-action", buttons=1),
        Archetype("stats", "key figures", "about", "stat", 3, intro=False, batch=True),
        Archetype("text", "text section", "text"),
    )
}

ItemBuilder = Callable[[Callable[[str], Raw], int, int], tuple[list[Raw], list[Slot]]]


def image_url(number: int) -> str:
    """The stand-in image of a generated pattern: a Media Library path an editor replaces."""
    return f"/wp-content/uploads/pattern-image-{number}.jpg"


def _tier(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    features = [Slot(f"feature_{i}", "item", f"one thing plan {n} includes") for i in (1, 2, 3)]
    blocks: list[Raw] = [
        {"type": "heading", "level": 3, "text": ref("name")},
        {"type": "paragraph", "text": ref("price")},
        {"type": "paragraph", "text": ref("description")},
        {"type": "list", "items": [ref(s.key) for s in features]},
    ]
    slots = [
        Slot("name", "subheading", f"name of pricing plan {n} of {of}"),
        Slot("price", "price", f"price of plan {n}, higher than the plans before it"),
        Slot("description", "paragraph", f"one sentence: who plan {n} is for"),
        *features,
    ]
    return blocks, slots


def _feature(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [
            {"type": "heading", "level": 3, "text": ref("title")},
            {"type": "paragraph", "text": ref("text")},
        ],
        [
            Slot("title", "subheading", f"title of point {n} of {of}"),
            Slot("text", "paragraph", f"one or two sentences about point {n}"),
        ],
    )


def _quote(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [{"type": "quote", "text": ref("quote"), "citation": ref("name")}],
        [
            Slot("quote", "quote", f"what customer {n} of {of} says, in their own words"),
            Slot("name", "name", f"first name and last initial of customer {n}"),
        ],
    )


def _qa(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [
            {"type": "heading", "level": 3, "text": ref("question")},
            {"type": "paragraph", "text": ref("answer")},
        ],
        [
            Slot("question", "question", f"question {n} of {of} a customer asks"),
            Slot("answer", "answer", f"the answer to question {n}"),
        ],
    )


def _member(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [
            {"type": "image", "url": "", "alt": ref("alt")},
            {"type": "heading", "level": 3, "text": ref("name")},
            {"type": "paragraph", "text": ref("role")},
        ],
        [
            Slot("alt", "alt", f"what the portrait of team member {n} shows"),
            Slot("name", "name", f"full name of team member {n} of {of}"),
            Slot("role", "role", f"job title of team member {n}"),
        ],
    )


def _contact(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [
            {"type": "heading", "level": 3, "text": ref("title")},
            {"type": "paragraph", "text": ref("text")},
        ],
        [
            Slot("title", "subheading", f"way {n} of {of} to reach us (visit, call, write...)"),
            Slot("text", "paragraph", f"one sentence on way {n} to reach us"),
        ],
    )


def _image(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [{"type": "image", "url": "", "alt": ref(f"alt_{n}")}],
        [Slot(f"alt_{n}", "alt", f"what image {n} of {of} shows")],
    )


def _stat(ref: Callable[[str], Raw], n: int, of: int) -> tuple[list[Raw], list[Slot]]:
    return (
        [
            {"type": "heading", "level": 3, "text": ref(f"value_{n}")},
            {"type": "paragraph", "text": ref(f"label_{n}")},
        ],
        [
            Slot(f"value_{n}", "stat", f"figure {n} of {of}, a number like 500+ or 98%"),
            Slot(f"label_{n}", "label", f"what figure {n} counts"),
        ],
    )


_ITEMS: dict[str, ItemBuilder] = {
    "tier": _tier,
    "feature": _feature,
    "quote": _quote,
    "qa": _qa,
    "member": _member,
    "contact": _contact,
    "image": _image,
    "stat": _stat,
}
_OWN_COUNT = {
    "pricing": "tiers",
    "faq": "questions",
    "testimonials": "testimonials",
    "team": "members",
    "gallery": "images",
    "features": "features",
    "stats": "stats",
}


def _layout_columns(items: int) -> int:
    if items <= 4:
        return items
    for width in (3, 4):
        if items % width == 0:
            return width
    return items if items <= 6 else 3


class _Builder:
    """Builds the skeleton section by section, numbering images across the pattern."""

    def __init__(self) -> None:
        self.groups: list[SlotGroup] = []
        self.images = 0

    def marker(self, group: str, key: str) -> Raw:
        return {"slot": f"{group}.{key}"}

    def place_images(self, blocks: list[Raw]) -> None:
        for block in blocks:
            if block["type"] in ("image", "media-text") or (
                block["type"] == "cover" and "url" in block
            ):
                self.images += 1
                block["url"] = image_url(self.images)
            self.place_images(block.get("inner", []))

    def section(self, index: int, section: Section) -> Raw:
        kind = ARCHETYPES[section.archetype]
        counts = section.counts
        item = kind.item or ("feature" if {"columns", "items", "features"} & set(counts) else None)
        columns_asked = counts.get("columns")
        default = kind.items if kind.item else 0
        own = counts.get(_OWN_COUNT.get(kind.name, ""), counts.get("items"))
        if item and own is None and section.archetype == "text":
            own = counts.get("features")
        if item is None:
            items = 0
        elif own is not None:
            items = own
        elif columns_asked:
            items = columns_asked * kind.per_column
        else:
            items = default
        if columns_asked:
            columns = columns_asked
        elif section.side_by_side or not kind.stacked:
            columns = _layout_columns(items) if not section.side_by_side else items
        else:
            columns = 1
        buttons = counts.get("buttons")
        per_item = item == "tier" and (buttons is None or buttons == items) and items > 0
        row = 0 if per_item else (buttons if buttons is not None else max(kind.buttons, 0))
        gid = f"s{index}"
        head = [Slot("heading", "heading", f"heading of the {kind.label}")]
        if kind.intro:
            head.append(
                Slot("intro", "paragraph", f"one or two sentences introducing the {kind.label}")
            )
        head += [
            Slot(f"button_{b}", "button", f"label of button {b} of {row}")
            for b in range(1, row + 1)
        ]
        self.groups.append(
            SlotGroup(gid, f"the {kind.label}: heading and introduction", tuple(head))
        )
        inner: list[Raw] = [
            {"type": "heading", "level": kind.level, "text": self.marker(gid, "heading")}
        ]
        if kind.intro:
            inner.append({"type": "paragraph", "text": self.marker(gid, "intro")})
        inner += self.items(gid, kind, item, items, columns, per_item)
        if row:
            inner.append(
                {
                    "type": "buttons",
                    "inner": [
                        {"type": "button", "text": self.marker(gid, f"button_{b}"), "url": "#"}
                        for b in range(1, row + 1)
                    ],
                }
            )
        inner += self.extra_images(gid, counts.get("images"), kind, item, items)
        return self.container(kind, gid, inner, counts.get("images"))

    def items(
        self, gid: str, kind: Archetype, item: str | None, count: int, columns: int, per_item: bool
    ) -> list[Raw]:
        if item is None or count == 0:
            return []
        build = _ITEMS[item]
        label = ARCHETYPES[kind.name].label if kind.item else "points"
        batch_slots: list[Slot] = []
        cells: list[list[Raw]] = []
        for n in range(1, count + 1):
            group = f"{gid}.items" if kind.batch else f"{gid}.i{n}"
            blocks, slots = build(functools.partial(self.marker, group), n, count)
            if per_item:
                slots.append(Slot("button", "button", f"label of the button of item {n}"))
                blocks.append(
                    {
                        "type": "buttons",
                        "inner": [
                            {"type": "button", "text": self.marker(group, "button"), "url": "#"}
                        ],
                    }
                )
            if kind.batch:
                batch_slots += slots
            else:
                self.groups.append(
                    SlotGroup(group, f"item {n} of {count} of the {label}", tuple(slots))
                )
            cells.append(blocks)
        if kind.batch:
            self.groups.append(
                SlotGroup(f"{gid}.items", f"the {count} items of the {label}", tuple(batch_slots))
            )
        if columns <= 1:
            return [block for cell in cells for block in cell]
        stacks: list[list[Raw]] = [[] for _ in range(columns)]
        for n, cell in enumerate(cells):
            stacks[n % columns].extend(cell)
        return [
            {
                "type": "columns",
                "inner": [
                    {"type": "column", "inner": stack or [{"type": "spacer", "height": 20}]}
                    for stack in stacks
                ],
            }
        ]

    def extra_images(
        self, gid: str, asked: int | None, kind: Archetype, item: str | None, items: int
    ) -> list[Raw]:
        """Images asked for beyond what the section's shape holds, in one row."""
        if not asked:
            return []
        holds = items if item in ("image", "member") else 0
        holds += 1 if kind.container in ("cover", "media-text") else 0
        extra = asked - holds
        if extra <= 0:
            return []
        slots = tuple(
            Slot(f"alt_{n}", "alt", f"what extra image {n} of {extra} shows")
            for n in range(1, extra + 1)
        )
        self.groups.append(
            SlotGroup(f"{gid}.images", "descriptions of the section's images", slots)
        )
        return [
            {
                "type": "columns",
                "inner": [
                    {
                        "type": "column",
                        "inner": [
                            {"type": "image", "url": "", "alt": self.marker(f"{gid}.images", s.key)}
                        ],
                    }
                    for s in slots
                ],
            }
        ]

    def container(self, kind: Archetype, gid: str, inner: list[Raw], images: int | None) -> Raw:
        if kind.container == "media-text":
            self.groups[self._head(gid)] = self._with_alt(gid)
            return {"type": "media-text", "url": "", "alt": self.marker(gid, "alt"), "inner": inner}
        if kind.container == "cover":
            cover: Raw = {"type": "cover", "overlay_color": "#1f2937", "inner": inner}
            if images:
                self.groups[self._head(gid)] = self._with_alt(gid)
                cover.update({"url": "", "alt": self.marker(gid, "alt"), "dim": 60})
            return cover
        return {"type": "group", "inner": inner}

    def _head(self, gid: str) -> int:
        return next(i for i, g in enumerate(self.groups) if g.id == gid)

    def _with_alt(self, gid: str) -> SlotGroup:
        head = self.groups[self._head(gid)]
        alt = Slot("alt", "alt", "what the section's image shows")
        return SlotGroup(head.id, head.purpose, (*head.slots, alt))


def build_skeleton(sections: list[Section], *, category: str | None = None) -> Skeleton:
    """The pattern skeleton for the sections, in order; ``category`` overrides the default."""
    builder = _Builder()
    blocks = [builder.section(index, section) for index, section in enumerate(sections)]
    builder.place_images(blocks)
    spec: Raw = {
        "title": {"slot": "s0.heading"},
        "category": category or ARCHETYPES[sections[0].archetype].category,
        "blocks": blocks,
    }
    return Skeleton(spec, builder.groups)
