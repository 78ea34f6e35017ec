"""How a brief becomes instructions: language, tone and the tenant's brand voice.

Every prompt of a content run carries the same guidance block, so the brand profile shapes
every step (outline, sections, meta, repairs), not just the first.
"""

from __future__ import annotations

from typing import Any

from presswright.content.models import LANGUAGES

__all__ = ["FAQ_HEADING", "RELATED_LABEL", "brand_summary", "guidance"]

# The FAQ section's heading in each language (presswright.content.schema_ld recognises them).
FAQ_HEADING: dict[str, str] = {
    "en": "Frequently asked questions",
    "fa": "سوالات متداول",
    "ar": "الأسئلة الشائعة",
    "de": "Häufig gestellte Fragen",
    "es": "Preguntas frecuentes",
    "fr": "Questions fréquentes",
    "it": "Domande frequenti",
    "ja": "よくある質問",
    "ko": "자주 묻는 질문",
    "zh": "常见问题",
}

# Introduces an internal link placed after the section it is related to.
RELATED_LABEL: dict[str, str] = {
    "en": "Related",
    "fa": "مطلب مرتبط",
    "ar": "مقال ذو صلة",
    "de": "Passend dazu",
    "es": "Relacionado",
    "fr": "À lire aussi",
    "it": "Correlato",
    "ja": "関連記事",
    "ko": "관련 글",
    "zh": "相关阅读",
}


def brand_summary(brand: dict[str, Any] | None) -> str:
    """The brand voice as instructions, or an empty string without a profile."""
    if not brand:
        return ""
    lines = []
    if brand.get("tone"):
        lines.append(f"Brand tone: {brand['tone']}.")
    if brand.get("vocabulary_level"):
        lines.append(f"Vocabulary: {brand['vocabulary_level']}.")
    if brand.get("sentence_length"):
        lines.append(f"Sentence length: {brand['sentence_length']}.")
    if brand.get("custom_instructions"):
        lines.append(str(brand["custom_instructions"]).strip())
    if brand.get("banned_words"):
        lines.append("Never use these words: " + ", ".join(brand["banned_words"]) + ".")
    return "\n".join(lines)


def guidance(*, language: str, tone: str, keywords: list[str], brand: dict[str, Any] | None) -> str:
    """The system prompt every step of a content run shares."""
    name = LANGUAGES[language]
    lines = [
        f"You are a professional {name} copywriter. Write only in {name}.",
        f"Tone: {tone}.",
    ]
    if keywords:
        lines.append("Keywords to use naturally: " + ", ".join(keywords) + ".")
    summary = brand_summary(brand)
    if summary:
        lines.append(summary)
    lines.append("Answer with the JSON object asked for and nothing else.")
    return "\n".join(lines)
