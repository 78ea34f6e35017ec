"""Names off the bible in Arabic, Persian, Korean, Chinese and Japanese (no capitals).

Each language: a chapter that uses the bible's names the way the language writes them
(with clitics, particles, next to function words) has no issue; a chapter that misspells
one gets exactly that word as an error naming the bible's spelling.
"""

# Arabic, Persian and CJK text is meant as written.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from presswright.books.continuity_rules import name_issues

ZWNJ = "\u200c"

CASES = {
    "ar": (
        ["مريم", "خالد", "جزيرة النوارس"],
        # و+قالت, ل+خالد, diacritics on مَرْيَم: all the bible's names.
        ["وقالت مريم لخالد إن البحر هادئ عند جزيرة النوارس.", "ثم قال خالد: مَرْيَم هنا."],
        "ثم رأى خالد مريام عند الميناء.",
        ("مريام", "مريم"),
    ),
    "fa": (
        ["کاوه", "شیرین"],
        [f"کاوه{ZWNJ}ی مهربان به شیرین گفت که دریا آرام است.", "سپس کاوه را صدا زد."],
        "سپس شیرن به بندر رفت.",
        ("شیرن", "شیرین"),
    ),
    "ko": (
        ["김민준", "이서연"],
        ["김민준은 이서연에게 바다가 조용하다고 말했다.", "이서연의 배는 작았고 김민준도 웃었다."],
        "그 후 김민존이 항구로 갔다.",
        ("김민존이", "김민준"),
    ),
    "zh": (
        ["玛拉", "埃利亚斯", "海鸥岩"],
        # 海鸥的 ("of the gulls") is one character from 海鸥岩 but 的 is a function word.
        ["玛拉和埃利亚斯在海鸥岩上看海。", "海鸥的叫声里，埃利亚斯笑了。"],
        "后来埃利亚思又回到了港口。",
        ("埃利亚思", "埃利亚斯"),
    ),
    "ja": (
        ["マーラ", "エリアス", "山田太郎"],
        ["マーラはエリアスと港へ行った。", "山田太郎もコーヒーを飲んだ。"],
        "その後、エリアズが港に来た。",
        ("エリアズ", "エリアス"),
    ),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_the_bibles_names_written_as_the_language_writes_them_are_no_issue(language: str) -> None:
    names, clean, _, _ = CASES[language]
    assert name_issues(3, clean, names, language) == []


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_misspelt_bible_name_is_an_error_naming_the_bibles_spelling(language: str) -> None:
    names, clean, misspelt, (word, name) = CASES[language]
    (issue,) = name_issues(3, [*clean, misspelt], names, language)
    assert (issue.chapter, issue.kind, issue.severity) == (3, "name", "error")
    assert issue.source == "rules"
    assert issue.quote == word and repr(name) in issue.detail
    assert issue.note == f"The name is spelt {name}, never {word}."


def test_a_kanji_name_misspelt_inside_a_run_of_kanji_is_found() -> None:
    issues = name_issues(1, ["山田大郎は笑った。"], ["山田太郎"], "ja")
    assert [(issue.quote, issue.kind) for issue in issues] == [("山田大郎", "name")]


def test_two_letter_names_are_not_compared() -> None:
    # One letter away from a two-letter name is too often an ordinary word.
    assert name_issues(1, ["玛丽和汤米在港口。"], ["玛拉", "汤姆"], "zh") == []


def test_another_form_of_a_noun_in_a_name_is_not_a_misspelling() -> None:
    # "The gulls" (النوارس) beside the place "Gull Rock" (صخرة النورس): both are words.
    text = ["حلّقت النوارس فوق صخرة النورس عند الفجر."]
    assert name_issues(1, text, ["صخرة النورس", "خالد"], "ar") == []
    # a person's name is still compared, even where the word list has its variant
    issues = name_issues(1, ["ثم رأى خالد مريام عند الميناء."], ["صخرة النورس", "مريم"], "ar")
    assert [(issue.quote, issue.kind) for issue in issues] == [("مريام", "name")]
