"""The contract of an image's alt text: WCAG guidance as rules, checked like any other field.

Following WCAG 2 (success criterion 1.1.1 and the W3C images tutorial) and the usual
screen-reader advice: an informative image has an alt text that says what the picture
shows for its purpose (``alt_text_missing``); a decorative one has an empty alt
(``alt_text_decorative``); it does not announce the medium, which the screen reader already
does ("image of", "photo of", and their forms in each of the ten languages, where Chinese,
Japanese and Korean put the word at the end: "猫の写真") (``alt_text_image_of``); it holds
no file name or camera frame id (``alt_text_file_name``); it is short, 125 characters at
most, a wide CJK character counting as two (``alt_text_length``); it is not cut off with
"..." (``alt_text_truncated``); it is plain text on one line (``alt_text_markup``); it does
not repeat the caption next to it (``alt_text_repeats_caption``). On top come the content
contract's quality rules for a short free-text field (:func:`presswright.content.quality.
text_problems`): the requested language, real words, no junk, no chatter, no prompt text.

Each problem is a :class:`~presswright.content.violations.Violation` naming the field,
a stable rule id and the fix, ready for a repair re-ask or an API problem list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from presswright.content.field_rules import fold_text, violation
from presswright.content.language import detect_language
from presswright.content.models import LANGUAGES
from presswright.content.quality import text_problems
from presswright.content.rules import IMAGE_ALT_MAX
from presswright.content.violations import Violation

__all__ = [
    "ALT_TEXT_MAX",
    "ALT_TEXT_RULES",
    "alt_text_length",
    "alt_text_problems",
]

ALT_TEXT_MAX = IMAGE_ALT_MAX  # 125, as product copy's image alt text
ALT_TEXT_RULES = (
    "alt_text_missing",
    "alt_text_decorative",
    "alt_text_image_of",
    "alt_text_file_name",
    "alt_text_length",
    "alt_text_truncated",
    "alt_text_markup",
    "alt_text_repeats_caption",
    "alt_text_copies_context",
    "alt_text_preamble",
)

# Words that name the medium instead of the content, and how a sentence opens with them.
_OPENERS: dict[str, str] = {
    "en": r"(?:(?:an?|the|this|that)\s+)?(?:image|picture|photo|photograph|pic|graphic|snapshot)"
    r"(?:\s+(?:of|showing|shows|that\s+shows|depicting|depicts|with|featuring)\b|\s*[:\-\u2013])",
    "de": r"(?:(?:ein|eine|das|dieses|diese)\s+)?(?:bild|foto|fotografie|abbildung|grafik|aufnahme)"
    r"(?:\s+(?:von|vom|eines|einer|des|der|mit|zeigt|zeigend)\b|\s*[:\-\u2013])",
    "es": r"(?:(?:una?|la|el|esta|este)\s+)?(?:imagen|foto|fotograf[ií]a|gr[aá]fico|ilustraci[oó]n)"
    r"(?:\s+(?:de|del|que\s+muestra|muestra|mostrando|con)\b|\s*[:\-\u2013])",
    "fr": r"(?:(?:une?|l['\u2019]|la|le|cette|ce)\s*)?(?:image|photo|photographie|illustration|"
    r"graphique)(?:\s+(?:de|du|des|d['\u2019]|montrant|montre|repr[ée]sentant|avec)|\s*[:\-\u2013])",
    "it": r"(?:(?:un['\u2019]|una|un|l['\u2019]|la|questa|questo)\s*)?(?:immagine|foto|fotografia|"
    r"illustrazione|grafica)(?:\s+(?:di|del|della|dello|dei|che\s+mostra|mostra|con)\b|\s*[:\-\u2013])",
    "fa": r"(?:این\s+)?(?:تصویر|عکس|نگاره|تصویری|عکسی)(?:\s*(?:از|که|نشان)|\s*[:\-\u2013])",
    "ar": r"(?:هذه\s+)?(?:ال)?(?:صورة|صوره|لقطة)(?:\s+فوتوغرافية)?"
    r"(?:\s*(?:لـ?|عن|من|تظهر|تُظهر|توضح|تبين|تعرض|ل)|\s*[:\-\u2013])",
    "ja": r"(?:この|こちらの)?(?:画像|写真|イメージ|イラスト|図)(?:は|には|では|に|\uff1a|:)",
    "ko": r"(?:이|해당|이것은)?\s*(?:이미지|사진|그림)(?:은|는|에는|에서는|:|\uff1a)",
    "zh": r"(?:这|這|此|该|該)?(?:一)?(?:张|張|幅|个|個)?"
    r"(?:图片|图像|照片|相片|圖片|圖像|插图|插圖)(?:显示|顯示|展示|中|里|裡|上|是|\uff1a|:)",
}
# "This image ..." opens a sentence about the picture instead of what it shows.
_DEMONSTRATIVES = re.compile(
    r"(?:this|that)\s+(?:image|picture|photo|photograph)\b|dieses\s+(?:bild|foto)\b"
    r"|esta\s+(?:imagen|foto|fotograf[ií]a)\b|cette\s+(?:image|photo|photographie)\b"
    r"|questa\s+(?:immagine|foto|fotografia)\b|این\s+(?:تصویر|عکس)|هذه\s+(?:ال)?صورة"
    r"|この(?:画像|写真)|이\s*(?:이미지|사진)|(?:这|這|此)(?:张|張|幅)?(?:图片|图像|照片|圖片|圖像)",
    re.IGNORECASE,
)
# The writer talking about its task: a label, "Sure! Here is", or the words "alt text".
_PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|okay|ok|here(?:'s| is| are))\b"
    r"|^(?:alt|description|caption|descripción|beschreibung|légende|didascalia)\s*[:\uff1a]"
    r"|\balt[\s-]?te(?:xt|xte|sto|xto)\b|alternative text|alternativtext|texto alternativo"
    r"|texte alternatif|testo alternativo|متن جایگزین|النص البديل|代替テキスト|대체 텍스트"
    r"|替代文本|替代文字",
    re.IGNORECASE,
)
# Chinese, Japanese and Korean name the medium at the end: 猫の写真, 고양이 사진, 猫的照片.
_ENDINGS: dict[str, str] = {
    "ja": r"(?:の)?(?:画像|写真|イメージ|イラスト)(?:です|だ)?[。.]?",
    "ko": r"(?:의\s*)?(?:이미지|사진|그림)(?:입니다|이다)?[.。]?",
    "zh": r"(?:的)?(?:图片|图像|照片|相片|圖片|圖像)[。.]?",
}
_PHRASE_LANGUAGE_CONFIDENCE = 0.95
_ONLY_MEDIUM = re.compile(
    r"(?:image|picture|photo|photograph|graphic|bild|foto|imagen|immagine|photographie|"
    r"تصویر|عکس|صورة|画像|写真|이미지|사진|图片|照片|圖片|img|pic|placeholder)[\s.。]*",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"[\w\-.]+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|heif)\b"
    r"|\b(?:IMG|DSC|DSCN|DCIM|PXL|MVIMG|Screenshot|Screen\s+Shot)[_\- ]?\d[\d_\-. ]*",
    re.IGNORECASE,
)
_HASHLIKE = re.compile(r"\b[0-9a-f]{16,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", re.IGNORECASE)
_TRUNCATED = re.compile(r"(?:\.\.\.|\u2026|\u3002\u3002\u3002|\u30fb\u30fb\u30fb|\.\s\.\s\.)\s*$")
# A sentence end followed by more text: a later sentence that must end too, or it was cut.
# After a word of four letters or more (or three in lower case), so "St. Mary's" and
# "Mrs. Smith" are abbreviations, not sentence ends; CJK full stops always end one.
_LATER_SENTENCE = re.compile(
    r"(?:[^\W\d_]{4,}|(?<![^\W\d_])[^\W\d_A-Z]{3})[.!?\u061f]+\s+\S|[\u3002\uff01\uff1f]\s*\S"
)
_SENTENCE_END = re.compile(r"[.!?\u061f\u3002\uff01\uff1f\u2026][\"'\u201d\u2019\u00bb)\u300d]*$")
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|[\r\n\t]|\*\*|__|`")


def alt_text_length(text: str) -> int:
    """The length of an alt text: characters, a wide (CJK, Hangul, full-width) one as two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text.strip())


def alt_text_problems(
    alt: str,
    *,
    language: str,
    informative: bool = True,
    field: str = "alt_text",
    file_names: Collection[str] = (),
    caption: str | None = None,
    context: str = "",
    brief: str = "",
    max_length: int = ALT_TEXT_MAX,
) -> list[Violation]:
    """Every alt text rule ``alt`` breaks for an image in ``language``; empty when it is fine.

    ``informative`` is False for a decorative image (its alt must be empty); ``file_names``
    are the image's own file names, which must not be quoted; ``caption`` is the text shown
    beside the image and ``context`` the text around it (neither may be copied);
    ``brief`` is what the writer was given (its words count as words).
    """
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    text = alt.strip()
    if not informative:
        if text:
            return [
                violation(
                    field,
                    "alt_text_decorative",
                    'a decorative image takes an empty alt text (alt="") so screen readers'
                    " skip it; remove the text, or mark the image as informative",
                )
            ]
        return []
    if not text:
        return [
            violation(
                field,
                "alt_text_missing",
                "the alt text is empty; an informative image needs a short description of what"
                " it shows and why it is there",
            )
        ]
    problems = _shape_problems(field, text, language, file_names, caption, max_length)
    problems += _copy_problems(field, text, context)
    # The content contract's quality gate for a short free-text field (language, words,
    # junk, chatter, prompt text); its "unfinished" rule is ours as alt_text_truncated.
    truncated = any(p.rule == "alt_text_truncated" for p in problems)
    for problem in text_problems(field, text, language, kind="short", brief=brief):
        if problem.rule == "quality_unfinished" and truncated:
            continue
        if problem.rule == "quality_language" and not _clearly_other_language(text, language):
            continue
        problems.append(problem)
    return problems


def _clearly_other_language(text: str, language: str) -> bool:
    """Whether the identifier is sure the text is in another language.

    An alt text is one short phrase, where the gate's usual confidence misreads English
    ("Two cups of coffee on a wooden table next to a croissant" scores 0.68 French); text
    really written in another language scores 1.0, so the bar for a phrase is higher.
    """
    detected = detect_language(text, min_confidence=_PHRASE_LANGUAGE_CONFIDENCE)
    return detected is not None and detected != language


def _shape_problems(
    field: str,
    text: str,
    language: str,
    file_names: Collection[str],
    caption: str | None,
    max_length: int,
) -> list[Violation]:
    problems: list[Violation] = []
    medium = _names_the_medium(text, language)
    if medium is not None:
        problems.append(
            violation(
                field,
                "alt_text_image_of",
                f"{medium!r} announces the medium, which a screen reader already says; describe"
                " what the picture shows instead (e.g. 'A baker lifting bread from the oven')",
            )
        )
    talk = _PREAMBLE.search(unicodedata.normalize("NFKC", text))
    if talk is not None:
        problems.append(
            violation(
                field,
                "alt_text_preamble",
                f"{talk.group(0)!r} talks about the task; give only the description itself",
            )
        )
    named = _file_name(text, file_names)
    if named is not None:
        problems.append(
            violation(
                field,
                "alt_text_file_name",
                f"{named!r} is a file name or id, which means nothing to a reader; describe what"
                " the picture shows",
            )
        )
    size = alt_text_length(text)
    if size > max_length:
        problems.append(
            violation(
                field,
                "alt_text_length",
                f"the alt text is {size} characters long (a CJK character counts as two);"
                f" shorten it to at most {max_length}: the essentials of the picture, one"
                " sentence",
            )
        )
    if _TRUNCATED.search(text) or (_LATER_SENTENCE.search(text) and not _SENTENCE_END.search(text)):
        problems.append(
            violation(
                field,
                "alt_text_truncated",
                "the alt text is cut off (it ends with '...' or in the middle of a sentence);"
                " write a complete, shorter description instead",
            )
        )
    if _MARKUP.search(text):
        problems.append(
            violation(
                field,
                "alt_text_markup",
                "the alt text holds markup, formatting or line breaks; write plain text on one"
                " line",
            )
        )
    if caption and fold_text(caption).strip(" .\u3002") == fold_text(text).strip(" .\u3002"):
        problems.append(
            violation(
                field,
                "alt_text_repeats_caption",
                "the alt text repeats the caption shown beside the image, so a screen reader"
                " says it twice; describe what the picture shows that the caption does not",
            )
        )
    return problems


def _copy_problems(field: str, text: str, context: str) -> list[Violation]:
    """The alt text copied from the text around the image, which a reader hears anyway."""
    copied = fold_text(text).strip(" .\u3002")
    wide = sum(1 for char in copied if unicodedata.east_asian_width(char) in "WF")
    long_enough = len(copied.split()) >= 4 or wide >= 8
    if not context or not long_enough or copied not in fold_text(context):
        return []
    return [
        violation(
            field,
            "alt_text_copies_context",
            "the alt text copies the text around the image, which a screen reader reads"
            " anyway; describe what the picture itself shows",
        )
    ]


def _names_the_medium(text: str, language: str) -> str | None:
    """The words that announce the medium ("Image of", "猫の写真"), or None."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if _ONLY_MEDIUM.fullmatch(folded):
        return folded
    # English openers are checked in every language: models slip into them.
    for code in dict.fromkeys((language, "en")):
        match = re.match(_OPENERS[code], folded, re.IGNORECASE)
        if match:
            return match.group(0).strip()
    match = _DEMONSTRATIVES.match(folded)
    if match:
        return match.group(0)
    ending = _ENDINGS.get(language)
    if ending is not None:
        match = re.search(f"{ending}$", folded)
        if match:
            return match.group(0).strip()
    return None


def _file_name(text: str, file_names: Collection[str]) -> str | None:
    match = _FILE_NAME.search(text) or _HASHLIKE.search(text)
    if match:
        return match.group(0).strip()
    folded = fold_text(text).strip(" .")
    for name in file_names:
        stem = fold_text(name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        # A stem that reads as a file name (hero-banner_v2) anywhere, or any stem as the
        # whole text; a plain word ("bread") may well be part of a good description.
        machine = re.search(r"[-_.\d]", stem) is not None
        if len(stem) >= 3 and (folded == stem or (machine and stem in folded)):
            return stem
    return None
