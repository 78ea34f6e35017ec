"""The alt text contract in all ten languages: good descriptions pass, each bad one is named."""

from __future__ import annotations

import pytest

from presswright.content.models import LANGUAGES
from presswright.images.alt_text_rules import (
    ALT_TEXT_MAX,
    ALT_TEXT_RULES,
    alt_text_length,
    alt_text_problems,
)

GOOD = {
    "en": "A baker lifts a tray of golden sourdough loaves out of a wood-fired oven.",
    "de": "Eine Bäckerin hebt ein Blech mit goldbraunen Sauerteigbroten aus dem Holzofen.",
    "es": "Una panadera saca del horno de leña una bandeja con hogazas de masa madre doradas.",
    "fr": "Une boulangère sort du four à bois une plaque de pains au levain bien dorés.",
    "it": "Una fornaia estrae dal forno a legna una teglia di pagnotte di pasta madre dorate.",
    "fa": "نانوایی یک سینی نان خمیرترش طلایی را از تنور هیزمی بیرون می‌آورد.",
    "ar": "خبازة تُخرج صينية من أرغفة خبز العجين المخمر الذهبية من فرن الحطب.",
    "ja": "パン職人が薪窯から焼きたてのサワードウブレッドを取り出している。",
    "ko": "제빵사가 장작 화덕에서 노릇하게 구운 사워도우 빵을 꺼내고 있다.",
    "zh": "面包师从柴火烤炉里取出一盘金黄的酸面包。",
}
# "Image of ...", "This image shows ...", and the CJK forms that name the medium at the end.
IMAGE_OF = {
    "en": ["Image of a baker lifting bread out of an oven.", "A photo showing fresh bread."],
    "de": ["Bild von einer Bäckerin am Ofen.", "Das Bild zeigt frisches Brot."],
    "es": ["Imagen de una panadera junto al horno.", "La imagen muestra pan recién hecho."],
    "fr": ["Photo d'une boulangère devant le four.", "L'image montre du pain frais."],
    "it": ["Immagine di una fornaia che sforna il pane.", "L'immagine mostra pane fresco."],
    "fa": [
        "تصویری از نانوایی که نان را از تنور بیرون می‌آورد.",
        "این تصویر نان تازه را نشان می‌دهد.",
    ],
    "ar": ["صورة لخبازة تُخرج الخبز من الفرن.", "هذه الصورة تظهر خبزا طازجا."],
    "ja": ["パン職人が窯からパンを取り出している写真", "この画像は、窯から出したパンです。"],
    "ko": ["제빵사가 화덕에서 빵을 꺼내는 사진", "이 사진은 제빵사가 빵을 꺼내는 모습이다."],
    "zh": ["面包师从烤炉里取出面包的照片", "这张图片显示面包师正在取出面包。"],
}
# Far too long for a short alt text in each language (a CJK character counts as two).
TOO_LONG = {
    "en": GOOD["en"]
    + " Behind her, shelves hold baguettes, rolls and croissants in the morning light.",
    "de": GOOD["de"]
    + " Hinter ihr stehen Regale voller Baguettes, Brötchen und Croissants im Morgenlicht.",
    "es": GOOD["es"] + " Detrás de ella hay estantes llenos de barras, panecillos y cruasanes"
    " a la luz de la mañana.",
    "fr": GOOD["fr"]
    + " Derrière elle, des étagères pleines de baguettes, de petits pains et de croissants.",
    "it": GOOD["it"] + " Dietro di lei ci sono scaffali pieni di baguette, panini e cornetti"
    " nella luce del mattino.",
    "fa": GOOD["fa"]
    + " پشت سر او قفسه‌هایی پر از باگت، نان‌های کوچک و کروسان در نور صبح دیده می‌شود.",
    "ar": GOOD["ar"] + " وخلفها رفوف مليئة بالخبز الفرنسي والكعك والكرواسون في ضوء الصباح الدافئ.",
    "ja": GOOD["ja"] + "後ろの棚にはバゲットやクロワッサンが並び、朝の光が店内を照らしている。",
    "ko": GOOD["ko"] + " 뒤쪽 선반에는 바게트와 크루아상이 가득하고 아침 햇살이 가게 안을 비춘다.",
    "zh": GOOD["zh"] + "她身后的木架上摆满了刚出炉的法棍、可颂和各种小面包，"  # noqa: RUF001
    "窗外的晨光洒进店里，店里坐满了等待的顾客。",  # noqa: RUF001
}
# Cut off with an ellipsis.
TRUNCATED = {
    "en": "A baker lifts a tray of golden sourdough loaves out of a...",
    "de": "Eine Bäckerin hebt ein Blech mit goldbraunen Broten aus dem…",
    "es": "Una panadera saca del horno de leña una bandeja con...",
    "fr": "Une boulangère sort du four à bois une plaque de...",
    "it": "Una fornaia estrae dal forno a legna una teglia di...",
    "fa": "نانوایی یک سینی نان خمیرترش طلایی را از تنور...",
    "ar": "خبازة تُخرج صينية من أرغفة خبز العجين المخمر...",
    "ja": "パン職人が薪窯から焼きたてのパンを…",
    "ko": "제빵사가 장작 화덕에서 노릇하게 구운 빵을...",
    "zh": "面包师从柴火烤炉里取出一盘……",
}
# Another language than the one asked for (long enough for the identifier to judge).
OTHER_LANGUAGE = {"en": "de", "de": "en", "es": "it", "fr": "es", "it": "fr",
                  "fa": "ar", "ar": "fa", "ja": "zh", "ko": "ja", "zh": "ko"}  # fmt: skip


def rules(problems: list) -> set[str]:  # type: ignore[type-arg]
    return {problem.rule for problem in problems}


def test_samples_cover_every_language() -> None:
    for samples in (GOOD, IMAGE_OF, TOO_LONG, TRUNCATED, OTHER_LANGUAGE):
        assert set(samples) == set(LANGUAGES)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_good_description_passes(language: str) -> None:
    assert alt_text_problems(GOOD[language], language=language) == []


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_naming_the_medium_is_refused(language: str) -> None:
    for text in IMAGE_OF[language]:
        problems = alt_text_problems(text, language=language)
        assert "alt_text_image_of" in rules(problems), text
        (problem,) = [p for p in problems if p.rule == "alt_text_image_of"]
        assert problem.field == "alt_text"
        assert "describe what the picture shows" in problem.message


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_too_long_is_refused(language: str) -> None:
    text = TOO_LONG[language]
    assert alt_text_length(text) > ALT_TEXT_MAX
    problems = alt_text_problems(text, language=language)
    assert "alt_text_length" in rules(problems)
    assert f"at most {ALT_TEXT_MAX}" in next(
        p.message for p in problems if p.rule == "alt_text_length"
    )


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_an_ellipsis_cut_is_refused(language: str) -> None:
    assert "alt_text_truncated" in rules(alt_text_problems(TRUNCATED[language], language=language))


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_wrong_language_is_refused(language: str) -> None:
    written_in = OTHER_LANGUAGE[language]
    problems = alt_text_problems(GOOD[written_in], language=language)
    assert rules(problems) & {"quality_language", "quality_words"}, problems


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_empty_and_decorative(language: str) -> None:
    assert rules(alt_text_problems("  ", language=language)) == {"alt_text_missing"}
    assert alt_text_problems("", language=language, informative=False) == []
    decorative = alt_text_problems(GOOD[language], language=language, informative=False)
    assert rules(decorative) == {"alt_text_decorative"}


@pytest.mark.parametrize(
    "text",
    [
        "A 3.5 kg bag of flour on a scale",
        "Two cups of coffee on a wooden table next to a croissant",
    ],
)
def test_short_english_phrases_are_not_taken_for_french(text: str) -> None:
    # The identifier gives these 0.83 and 0.68 French; a phrase needs a surer verdict.
    assert alt_text_problems(text, language="en") == []


def test_cjk_characters_count_double() -> None:
    assert alt_text_length("abc") == 3
    assert alt_text_length("面包师") == 6
    assert alt_text_length("제빵사") == 6
    assert alt_text_length("パン") == 4
    assert alt_text_length("نان") == 3
    sixty = "面" * 62
    assert "alt_text_length" not in rules(alt_text_problems(sixty, language="zh"))
    assert "alt_text_length" in rules(alt_text_problems("面" * 63, language="zh"))


@pytest.mark.parametrize(
    "text",
    [
        "IMG_20240512_1034.jpg",
        "DSC01234",
        "A baker at the oven (hero-banner-final.webp)",
        "Screenshot 2024-05-12 at 10.34.12",
        "3f2a9c1d7e4b8a6f0c2d1e3f4a5b6c7d",
    ],
)
def test_file_names_and_ids_are_refused(text: str) -> None:
    assert "alt_text_file_name" in rules(alt_text_problems(text, language="en"))


def test_the_images_own_file_name_is_refused_but_plain_words_are_fine() -> None:
    names = ["uploads/sourdough_loaf-2.png"]
    assert "alt_text_file_name" in rules(
        alt_text_problems("sourdough_loaf-2 on a board", language="en", file_names=names)
    )
    assert (
        alt_text_problems(
            "A sourdough loaf on a board.", language="en", file_names=["bread.png", "loaf.jpg"]
        )
        == []
    )
    assert "alt_text_file_name" in rules(
        alt_text_problems("bread", language="en", file_names=["bread.png"])
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sure! Here is the alt text: a baker at an oven.", "en"),
        ("Alt: a baker at an oven.", "en"),
        ("Alt-Text: eine Bäckerin am Ofen.", "de"),
        ("Texte alternatif : une boulangère devant le four.", "fr"),
        ("代替テキスト\uff1a窯の前のパン職人", "ja"),
        ("替代文本\uff1a烤炉前的面包师", "zh"),
    ],
)
def test_talk_about_the_task_is_refused(text: str, language: str) -> None:
    assert "alt_text_preamble" in rules(alt_text_problems(text, language=language))


@pytest.mark.parametrize(
    ("text", "medium"),
    [("photo", "photo"), ("Image", "Image"), ("写真", "写真"), ("图片。", "图片。")],
)
def test_the_medium_alone_is_refused(text: str, medium: str) -> None:
    language = "ja" if text == "写真" else "zh" if text == "图片。" else "en"
    problems = alt_text_problems(text, language=language)
    assert "alt_text_image_of" in rules(problems)
    assert repr(medium) in next(p.message for p in problems if p.rule == "alt_text_image_of")


def test_a_later_sentence_cut_off_is_truncation() -> None:
    cut = "Eine Bäckerin hebt Brote aus dem Ofen. Die neuen Shop-Geschichte"
    assert "alt_text_truncated" in rules(alt_text_problems(cut, language="de"))
    assert "alt_text_truncated" in rules(alt_text_problems("面包师取出面包。窗外的", language="zh"))
    for fine in (
        "St. Mary's church at dusk",
        "Bread from Mrs. Smith's bakery",
        "A red sign. A door.",
    ):
        assert alt_text_problems(fine, language="en") == [], fine


def test_copying_the_surrounding_text_is_refused() -> None:
    context = "Our new shop sign went up on Tuesday: red letters over the blue door. Come by!"
    copied = alt_text_problems(
        "Our new shop sign went up on Tuesday: red letters over the blue door",
        language="en",
        context=context,
    )
    assert rules(copied) == {"alt_text_copies_context"}
    own = alt_text_problems("A red shop sign above a blue door.", language="en", context=context)
    assert own == []


def test_markup_and_caption_repeats() -> None:
    assert "alt_text_markup" in rules(
        alt_text_problems("A <b>baker</b> at the oven", language="en")
    )
    assert "alt_text_markup" in rules(alt_text_problems("A baker\nat the oven", language="en"))
    repeated = alt_text_problems(
        "A baker at the oven", language="en", caption="A baker at the oven."
    )
    assert rules(repeated) == {"alt_text_repeats_caption"}


def test_field_name_and_rule_ids() -> None:
    problems = alt_text_problems(
        "Image of IMG_0001.jpg...", language="en", field="images[2].alt_text"
    )
    assert {p.field for p in problems} == {"images[2].alt_text"}
    assert {"alt_text_image_of", "alt_text_file_name", "alt_text_truncated"} <= rules(problems)
    assert rules(problems) - {"quality_junk", "quality_words"} <= set(ALT_TEXT_RULES)


def test_unknown_language_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not one of"):
        alt_text_problems("A baker.", language="xx")
