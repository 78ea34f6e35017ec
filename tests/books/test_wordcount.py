"""The one word-count rule on real sentences of the ten languages, and LongWriter's S_l."""

# Prose in Chinese, Japanese, Arabic and Persian uses characters that look like ASCII ones.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from presswright.books.length import length_score, mean_length_score, within
from presswright.books.wordcount import count_words, length_unit

# (language, sentence, count by the rule, what is counted)
SENTENCES = [
    (
        "en",
        "Don't panic: the well-known keeper's daughter climbed 3.5 metres, then 1,000 steps.",
        12,  # don't, well-known and keeper's are one word each; 3.5 and 1,000 are one each
    ),
    ("fr", "Aujourd'hui, l'homme au porte-monnaie est arrivé à la gare.", 9),
    ("de", "Der Leuchtturmwärter stieg die 120 Stufen hinauf – langsam, aber sicher.", 10),
    ("es", "¿Dónde está el faro? —preguntó Mara, mirando el mar.", 9),
    ("it", "Dell'anno scorso ricordo soltanto la tempesta sull'isola.", 7),
    # The zero-width non-joiner keeps "می‌خواست" one word.
    ("fa", "او می‌خواست به فانوس دریایی برود، اما طوفان شدید بود.", 10),
    # Harakat (combining marks) stay inside their words.
    ("ar", "صَعِدَ حارسُ المنارةِ الدرجَ في الليلِ العاصفِ.", 7),
    # Korean: spaced words (eojeol), a stem with its particles ("꼭대기에서") is one.
    ("ko", '마라는 등대 꼭대기에서 폭풍을 바라보았다. "아빠, 불이 꺼졌어요!"', 8),
    # Japanese: 8 + 21 characters (ー counts, 。 does not).
    ("ja", "嵐が近づいてくる。マラは灯台の上からヒーローのように海を見た。", 29),
    # Chinese: 21 characters, plus "iPhone" and "15" as one word each.
    ("zh", "暴风雨来了。玛拉站在灯塔顶上，望着大海，手里拿着iPhone 15。", 23),
]


@pytest.mark.parametrize(("language", "sentence", "expected"), SENTENCES)
def test_each_language_is_counted_by_the_one_rule(
    language: str, sentence: str, expected: int
) -> None:
    assert count_words(sentence, language) == expected


def test_every_supported_language_has_a_sentence() -> None:
    from presswright.content.models import LANGUAGES

    assert {language for language, _, _ in SENTENCES} == set(LANGUAGES)


def test_punctuation_symbols_and_emoji_are_not_words() -> None:
    assert count_words("— … !!! ??? 🌊 ★ «» “” ()", "en") == 0
    assert count_words("。、「」『』・！？（）", "ja") == 0
    assert count_words("，。“”！？：；", "zh") == 0
    assert count_words("", "ko") == 0


def test_joiners_join_only_between_word_characters() -> None:
    # A dangling apostrophe or hyphen is punctuation; a comma between words splits them.
    assert count_words("'tis the sea- and sky-blue end-", "en") == 6
    assert count_words("red,green", "en") == 2
    assert count_words("1,000 and 3.5 but a.b", "en") == 6  # a.b: two words


def test_decomposed_accents_count_as_the_composed_word() -> None:
    composed = "café déjà vu"
    decomposed = "cafe\u0301 de\u0301ja\u0300 vu"
    assert count_words(composed, "fr") == count_words(decomposed, "fr") == 3


def test_korean_counts_spaced_words_not_syllables() -> None:
    text = "학교에서 친구를 만났다"  # 10 syllables, 3 words
    assert count_words(text, "ko") == 3
    assert length_unit("ko") == "words"


def test_chinese_and_japanese_count_characters() -> None:
    assert length_unit("zh") == length_unit("ja") == "characters"
    assert length_unit("en") == length_unit("fa") == "words"
    assert count_words("々〆〇", "ja") == 3
    assert count_words("ｶﾀｶﾅｰ", "ja") == 5  # halfwidth katakana and ｰ


# --- S_l -----------------------------------------------------------------------------------


def test_length_score_follows_longwriter() -> None:
    assert length_score(1000, 1000) == 100
    # Too long: 100 * (1 - (l'/l - 1) / 3).
    assert length_score(1300, 1000) == pytest.approx(90)
    assert length_score(4000, 1000) == 0
    assert length_score(9000, 1000) == 0  # clipped at 0
    # Too short: 100 * (1 - (l/l' - 1) / 2).
    assert length_score(800, 1000) == pytest.approx(87.5)
    assert length_score(500, 1000) == pytest.approx(50)
    assert length_score(333, 1000) == 0  # a third of the target (or less) scores 0
    assert length_score(0, 1000) == 0
    # Short loses faster than long by the same distance.
    assert length_score(750, 1000) < length_score(1250, 1000)
    with pytest.raises(ValueError, match="positive"):
        length_score(10, 0)


def test_mean_and_tolerance() -> None:
    assert mean_length_score([(1000, 1000), (800, 1000)]) == pytest.approx(93.75)
    assert mean_length_score([]) == 0
    assert within(1250, 1000, 0.25) and within(750, 1000, 0.25)
    assert not within(1251, 1000, 0.25) and not within(749, 1000, 0.25)
