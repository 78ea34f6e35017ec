"""Pattern briefs in ten languages through the flow on the shipped fake provider.

The fake model (:class:`SlotWriter`) answers every slot request from the schema it is sent,
in the language it is asked for, with real words; each brief's rendered pattern must hold
exactly the structure the brief asks for (columns, buttons, questions, images, ...), its
text must be in the brief's language, and WordPress's parser must read it back cleanly.
"""

# Briefs and text in ten languages: their punctuation may look like ASCII.
# ruff: noqa: RUF001

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from itertools import product
from typing import Any

import pytest

from presswright.content.pattern import PatternRequest
from presswright.content.pattern_asks import count_parts
from presswright.content.service import builtin_flow, pattern_from_outputs, pattern_inputs
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.types import ProviderRequest
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

# Words of each language the filler combines: adjectives x nouns make distinct short texts,
# and each sentence frame around one of them a distinct paragraph.
_WORDS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (
        ["Quiet", "Bright", "Gentle", "Warm", "Fresh", "Simple", "Open", "Calm"],
        ["morning", "garden", "kitchen", "studio", "corner", "window", "journey", "season"],
        [
            "Every week we prepare a {x} that our guests remember for a long time.",
            "Our small team takes care of the {x} with patience and real attention.",
            "You can book the {x} online and change your plan whenever you like.",
            "Many families in our town visit the {x} because it feels like home.",
        ],
    ),
    "de": (
        ["Ruhiger", "Heller", "Sanfter", "Warmer", "Frischer", "Einfacher", "Offener", "Klarer"],
        ["Morgen", "Garten", "Raum", "Abend", "Weg", "Sommer", "Winter", "Moment"],
        [
            "Jede Woche bereiten wir einen {x} vor, an den sich unsere Gäste lange erinnern.",
            "Unser kleines Team kümmert sich mit viel Geduld um den {x} und die Gäste.",
            "Sie können den {x} online buchen und Ihren Plan jederzeit ändern.",
            "Viele Familien aus der Stadt besuchen uns, weil der {x} sich wie zu Hause anfühlt.",
        ],
    ),
    "es": (
        ["tranquilo", "brillante", "suave", "cálido", "fresco", "sencillo", "abierto", "claro"],
        ["Jardín", "Camino", "Espacio", "Momento", "Verano", "Invierno", "Rincón", "Taller"],
        [
            "Cada semana preparamos un {x} que nuestros clientes recuerdan durante mucho tiempo.",
            "Nuestro pequeño equipo cuida el {x} con paciencia y mucha atención.",
            "Puede reservar el {x} en línea y cambiar su plan cuando quiera.",
            "Muchas familias de la ciudad nos visitan porque el {x} es como su casa.",
        ],
    ),
    "fr": (
        ["calme", "lumineux", "doux", "chaleureux", "frais", "simple", "ouvert", "clair"],
        ["Jardin", "Chemin", "Espace", "Moment", "Atelier", "Matin", "Soir", "Coin"],
        [
            "Chaque semaine nous préparons un {x} dont nos clients se souviennent longtemps.",
            "Notre petite équipe prend soin du {x} avec patience et beaucoup d'attention.",
            "Vous pouvez réserver le {x} en ligne et changer votre formule quand vous voulez.",
            "Beaucoup de familles de la ville viennent ici parce que le {x} est comme une maison.",
        ],
    ),
    "it": (
        ["tranquillo", "luminoso", "dolce", "caldo", "fresco", "semplice", "aperto", "chiaro"],
        ["Giardino", "Cammino", "Spazio", "Momento", "Mattino", "Angolo", "Laboratorio", "Viaggio"],
        [
            "Ogni settimana prepariamo un {x} che i nostri clienti ricordano a lungo.",
            "Il nostro piccolo gruppo si prende cura del {x} con pazienza e molta attenzione.",
            "Potete prenotare il {x} online e cambiare il vostro piano quando volete.",
            "Molte famiglie della città vengono da noi perché il {x} è come una casa.",
        ],
    ),
    "ja": (
        ["新しい", "静かな", "明るい", "小さな", "特別な", "大切な", "自然な", "楽しい"],
        ["教室", "時間", "季節", "部屋", "週末", "料理", "音楽", "散歩"],
        [
            "私たちは毎週{x}を用意して、お客様に喜んでいただいています。",
            "小さなチームが{x}を丁寧に準備して、皆様をお待ちしています。",
            "{x}はオンラインで予約できて、予定の変更もいつでも簡単です。",
            "地元の家族がよく{x}に来てくれるので、私たちもとても嬉しいです。",
        ],
    ),
    "zh": (
        ["安静的", "明亮的", "温暖的", "新鲜的", "简单的", "特别的", "美好的", "自然的"],
        ["花园", "时间", "季节", "房间", "周末", "音乐", "旅行", "早晨"],
        [
            "我们每周都会准备{x}，让每一位客人都感到满意。",
            "我们的小团队认真地照顾{x}，热情地欢迎大家。",
            "您可以在网上预订{x}，也可以随时改变您的计划。",
            "很多本地家庭经常来体验{x}，我们也非常高兴。",
        ],
    ),
    "ko": (
        ["조용한", "밝은", "따뜻한", "새로운", "특별한", "작은", "편안한", "즐거운"],
        ["정원", "시간", "계절", "공간", "주말", "음악", "여행", "아침"],
        [
            "우리는 매주 {x} 준비하고 손님들이 오래 기억하도록 노력합니다.",
            "작은 팀이 {x} 정성껏 준비하며 여러분을 기다리고 있습니다.",
            "{x} 온라인으로 예약할 수 있고 일정도 언제든지 바꿀 수 있습니다.",
            "많은 가족이 {x} 찾아오기 때문에 우리는 정말 기쁩니다.",
        ],
    ),
    "ar": (
        ["الهادئ", "المشرق", "الدافئ", "الجديد", "البسيط", "الجميل", "الكبير", "الصغير"],
        ["البيت", "الوقت", "المكان", "الصباح", "المساء", "الطريق", "الفصل", "اليوم"],
        [
            "نحن نعد كل أسبوع {x} لكي يتذكره ضيوفنا لوقت طويل.",
            "يهتم فريقنا الصغير بهذا {x} بصبر واهتمام كبير.",
            "يمكنك حجز {x} عبر الإنترنت وتغيير خطتك في أي وقت تريد.",
            "تزورنا عائلات كثيرة من المدينة لأن {x} يشبه بيتهم.",
        ],
    ),
    "fa": (
        ["آرام", "روشن", "گرم", "تازه", "ساده", "زیبا", "بزرگ", "کوچک"],
        ["خانه", "زمان", "مکان", "صبح", "شب", "راه", "فصل", "روز"],
        [
            "ما هر هفته یک {x} آماده می‌کنیم تا مهمانان ما آن را به یاد بیاورند.",
            "تیم کوچک ما با حوصله و دقت از این {x} مراقبت می‌کند.",
            "شما می‌توانید این {x} را آنلاین رزرو کنید و برنامه خود را هر وقت بخواهید تغییر دهید.",
            "خانواده‌های زیادی از شهر به ما سر می‌زنند چون این {x} مثل خانه است.",
        ],
    ),
}
_PRICES = {
    "en": "$29/month",
    "de": "29 €/Monat",
    "es": "29 €/mes",
    "fr": "29 €/mois",
    "it": "29 €/mese",
    "ja": "¥3000/月",
    "zh": "¥199/月",
    "ko": "₩30000/월",
    "ar": "$29/شهر",
    "fa": "$29/ماه",
}
_NOUN_FIRST = frozenset({"es", "fr", "it", "ar", "fa"})


def phrases(language: str) -> Iterator[str]:
    """Distinct short texts of real words: adjective and noun in the language's order."""
    adjectives, nouns, _ = _WORDS[language]
    join = "" if language in ("ja", "zh") else " "
    for noun, adjective in product(nouns, adjectives):
        pair = (noun, adjective) if language in _NOUN_FIRST else (adjective, noun)
        yield join.join(pair)


class SlotWriter:
    """The fake model: answers each slot request from its schema, in the language asked."""

    def __init__(self) -> None:
        self.requests: list[ProviderRequest] = []
        self.used: dict[str, int] = {}

    def text(self, language: str, prose: bool) -> str:
        index = self.used.get(language, 0)
        self.used[language] = index + 1
        phrase = list(phrases(language))[index % 64]
        if not prose:
            return phrase
        frames = _WORDS[language][2]
        return frames[index % len(frames)].format(x=phrase)

    def __call__(self, request: ProviderRequest) -> str:
        self.requests.append(request)
        language = request.params.language or "en"
        assert request.json_schema is not None
        answer = {}
        for key, schema in request.json_schema["properties"].items():
            if "pattern" in schema:
                answer[key] = _PRICES[language] if "/" in schema["pattern"] else "98%"
            else:
                answer[key] = self.text(language, schema["minLength"] >= 15)
        return json.dumps(answer, ensure_ascii=False)


@pytest.fixture
def writer(engine: Engine) -> Iterator[SlotWriter]:  # noqa: F811
    """A fake connection answering every request with :class:`SlotWriter`."""
    script = FakeProvider.scripts["fake"] = FakeScript(structured="grammar")
    fake = SlotWriter()
    script.add(*[fake] * 200)
    with engine.instance.database.tenant_session(engine.tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(name="fake", kind="fake"),
            box=engine.instance.secretbox,
        )
    yield fake
    FakeProvider.scripts.pop("fake", None)


def run_brief(engine: Engine, description: str, **extra: Any) -> Any:  # noqa: F811
    """Run the pattern flow on the fake model; the finished run's status."""
    request = PatternRequest(description=description, **extra)
    _, status = asyncio.run(
        engine.run(builtin_flow("pattern"), pattern_inputs(request, model="fake:test"))
    )
    return status


# brief, language, what the rendered pattern must hold (count_parts: columns widths, ...)
CORPUS: list[tuple[str, str, dict[str, Any]]] = [
    ("A pricing section with three columns and a call-to-action button for a yoga studio", "en",
     {"columns": [3], "buttons": 1, "headed": 3}),
    ("FAQ with four questions for a bike repair shop", "en", {"questions": 4, "columns": []}),
    ("Three customer testimonials side by side for a dentist", "en",
     {"testimonials": 3, "columns": [3]}),
    ("Meet the team of four at our architecture office", "en", {"headed": 4, "images": 4}),
    ("A hero with two buttons for a coffee roastery", "en", {"buttons": 2}),
    ("A gallery of six images for a wedding photographer", "en", {"images": 6, "columns": [3]}),
    ("Contact section for a law firm", "en", {"buttons": 1, "headed": 3}),
    ("A 4-column feature grid for a project management app", "en", {"columns": [4], "headed": 4}),
    ("Text with media about our organic farm", "en", {"images": 1, "buttons": 1}),
    ("A call to action for a charity run", "en", {"buttons": 1, "columns": []}),
    ("Preistabelle mit drei Spalten und einem Button für ein Yogastudio", "de",
     {"columns": [3], "buttons": 1, "headed": 3}),
    ("Une FAQ avec quatre questions pour une boulangerie", "fr", {"questions": 4}),
    ("Una galería de seis imágenes para un fotógrafo de bodas", "es", {"images": 6}),
    ("Tre testimonianze affiancate per un ristorante", "it", {"testimonials": 3, "columns": [3]}),
    ("ヨガスタジオの料金表、3つのカラム", "ja", {"columns": [3], "headed": 3, "buttons": 3}),
    ("よくある質問を4つ、自転車店向け", "ja", {"questions": 4}),
    ("瑜伽馆的价格表，三列，一个按钮", "zh", {"columns": [3], "buttons": 1}),
    ("团队介绍，四位成员", "zh", {"headed": 4, "images": 4}),
    ("자주 묻는 질문 4개", "ko", {"questions": 4}),
    ("버튼 두 개가 있는 카페 히어로", "ko", {"buttons": 2}),
    ("الأسئلة الشائعة مع أربعة أسئلة لمتجر دراجات", "ar", {"questions": 4}),
    ("جدول أسعار بثلاثة أعمدة وزر لاستوديو يوغا", "ar", {"columns": [3], "buttons": 1}),
    ("جدول قیمت با سه ستون و یک دکمه برای استودیو یوگا", "fa", {"columns": [3], "buttons": 1}),
    ("گالری با شش تصویر برای عکاس عروسی", "fa", {"images": 6}),
]  # fmt: skip


@pytest.mark.timeout(600)
def test_every_brief_gets_the_structure_it_asks_for_in_its_language(
    engine: Engine,  # noqa: F811
    writer: SlotWriter,
) -> None:
    for description, language, wanted in CORPUS:
        status = run_brief(engine, description)
        assert status.status == "completed", (description, status.error)
        result = pattern_from_outputs(status.outputs)
        spec = result.spec.model_dump(mode="json", exclude_defaults=True)
        found = count_parts(spec["blocks"])
        assert {key: found[key] for key in wanted} == wanted, description
        assert result.asks["language"] == language, description
        assert freeform_or_invalid(parse_blocks(result.markup)) == [], description
        # Every slot was asked for in the brief's language, under a schema of its slots only.
        asked = writer.requests[-1]
        assert asked.params.language == language
        assert asked.json_schema is not None and asked.json_schema["additionalProperties"] is False
        # Nothing of the old example leaks; the text is the filler's, in the right script.
        assert "One short email every Friday" not in result.markup
        heading = spec["blocks"][0]["inner"][0]["text"]
        assert heading in set(phrases(language)), (description, heading)


def _script_ok(text: str, language: str) -> bool:
    wanted = {
        "ja": "[\u3040-\u30ff\u4e00-\u9fff]",
        "zh": "[\u4e00-\u9fff]",
        "ko": "[\uac00-\ud7af]",
    }
    return re.search(wanted.get(language, "."), text) is not None


@pytest.mark.timeout(120)
def test_the_language_asked_for_wins_over_the_briefs(engine: Engine, writer: SlotWriter) -> None:  # noqa: F811
    status = run_brief(
        engine, "A pricing section with three columns for a yoga studio", language="ja"
    )
    assert status.status == "completed", status.error
    result = pattern_from_outputs(status.outputs)
    assert result.asks == {"archetype": "pricing", "columns": 3, "language": "ja"}
    assert {request.params.language for request in writer.requests} == {"ja"}
    assert _script_ok(result.spec.blocks[0].inner[0].text or "", "ja")
    assert "¥3000/月" in result.markup
