"""Language detection on realistic paragraphs, and refusal to judge short or mixed text."""

# Prose in Chinese, Japanese and Persian uses characters that look like ASCII ones.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from presswright.content.language import detect_language, language_problem

PARAGRAPHS: dict[str, list[str]] = {
    "en": [
        "Composting at home is one of the simplest ways to cut the amount of waste your"
        " household sends to landfill. A well-managed pile turns kitchen scraps, coffee"
        " grounds and garden trimmings into dark, crumbly soil in a few months, and it"
        " costs almost nothing to start.",
        "Before you buy a standing desk, measure the height of your elbows while you sit"
        " and stand. The right desk lets your forearms rest flat with your shoulders"
        " relaxed, and a motorised frame makes it far more likely that you will actually"
        " switch positions during the day.",
        "Our support team answers every ticket within one working day. If your order has"
        " not arrived after ten days, check the tracking link in your confirmation email"
        " first; most delays are caused by customs, and the carrier can tell you what is"
        " still missing.",
    ],
    "de": [
        "Wer im eigenen Garten kompostiert, spart nicht nur Geld für Blumenerde, sondern"
        " reduziert auch die Menge an Abfall, die jede Woche in der Tonne landet. Ein gut"
        " gepflegter Komposthaufen verwandelt Küchenabfälle und Rasenschnitt in wenigen"
        " Monaten in wertvollen Humus.",
        "Bevor Sie einen höhenverstellbaren Schreibtisch kaufen, sollten Sie die Höhe Ihrer"
        " Ellbogen im Sitzen und im Stehen messen. Nur wenn die Unterarme locker auf der"
        " Platte liegen, ist die Haltung auf Dauer gesund.",
        "Unser Kundendienst beantwortet jede Anfrage innerhalb eines Werktages. Falls Ihre"
        " Bestellung nach zehn Tagen noch nicht angekommen ist, prüfen Sie bitte zuerst den"
        " Link zur Sendungsverfolgung in der Bestätigungsmail.",
    ],
    "es": [
        "Hacer compost en casa es una de las formas más sencillas de reducir la cantidad de"
        " basura que generamos cada semana. Con un poco de paciencia, los restos de la"
        " cocina y las hojas del jardín se convierten en un abono oscuro y rico en"
        " nutrientes para tus plantas.",
        "Antes de comprar un escritorio elevable, mide la altura de tus codos cuando estás"
        " sentado y cuando estás de pie. El escritorio adecuado permite que los antebrazos"
        " descansen sobre la mesa sin tensión en los hombros.",
        "¿Tu pedido no ha llegado todavía? Nuestro equipo responde a todas las consultas en"
        " un día laborable. Revisa primero el enlace de seguimiento que te enviamos por"
        " correo, porque la mayoría de los retrasos se deben a la aduana.",
    ],
    "fr": [
        "Le compostage à la maison est l'un des moyens les plus simples de réduire la"
        " quantité de déchets que nous jetons chaque semaine. Avec un peu de patience, les"
        " épluchures de la cuisine et les feuilles du jardin deviennent un terreau riche"
        " pour vos plantes.",
        "Avant d'acheter un bureau assis-debout, mesurez la hauteur de vos coudes en"
        " position assise et debout. Le bon bureau permet aux avant-bras de reposer à plat"
        " sans crispation des épaules, et un moteur électrique vous encourage à changer de"
        " position.",
        "Notre service client répond à chaque demande en un jour ouvré. Si votre commande"
        " n'est pas arrivée après dix jours, vérifiez d'abord le lien de suivi dans l'e-mail"
        " de confirmation : la plupart des retards sont dus à la douane.",
    ],
    "it": [
        "Fare il compost in casa è uno dei modi più semplici per ridurre la quantità di"
        " rifiuti che produciamo ogni settimana. Con un po' di pazienza, gli scarti della"
        " cucina e le foglie del giardino diventano un terriccio ricco di nutrienti per le"
        " vostre piante.",
        "Prima di acquistare una scrivania regolabile in altezza, misurate l'altezza dei"
        " gomiti quando siete seduti e quando siete in piedi. La scrivania giusta permette"
        " agli avambracci di appoggiarsi sul piano senza tensione nelle spalle.",
        "Il nostro servizio clienti risponde a ogni richiesta entro un giorno lavorativo. Se"
        " il vostro ordine non è arrivato dopo dieci giorni, controllate prima il link di"
        " tracciamento nella mail di conferma: la maggior parte dei ritardi dipende dalla"
        " dogana.",
    ],
    "fa": [
        "تهیه کمپوست در خانه یکی از ساده‌ترین راه‌ها برای کاهش زباله‌ای است که هر هفته"
        " دور می‌ریزیم. با کمی حوصله، پوست میوه‌ها و برگ‌های باغچه در چند ماه به خاکی"
        " تیره و پرمایه تبدیل می‌شوند که گیاهان شما از آن لذت می‌برند.",
        "پیش از خرید میز کار ایستاده، ارتفاع آرنج خود را در حالت نشسته و ایستاده اندازه"
        " بگیرید. میز مناسب به ساعدها اجازه می‌دهد بدون فشار روی شانه‌ها روی صفحه قرار"
        " بگیرند.",
    ],
    "ar": [
        "يعد صنع السماد في المنزل من أبسط الطرق لتقليل كمية النفايات التي نرميها كل"
        " أسبوع. مع قليل من الصبر، تتحول بقايا المطبخ وأوراق الحديقة إلى تربة داكنة غنية"
        " بالمغذيات تحبها النباتات.",
        "قبل شراء مكتب قابل لتعديل الارتفاع، قم بقياس ارتفاع مرفقيك وأنت جالس وواقف. يسمح"
        " المكتب المناسب للساعدين بالاستراحة على السطح دون ضغط على الكتفين، مما يحافظ على"
        " صحة الظهر على المدى الطويل.",
    ],
    "ja": [
        "家庭でコンポストを始めるのは、毎週出るごみの量を減らすいちばん簡単な方法のひとつです。"
        "少し時間をかければ、台所の生ごみや庭の落ち葉が、植物のよろこぶ栄養たっぷりの土に"
        "変わります。",
        "スタンディングデスクを買う前に、座ったときと立ったときの肘の高さを測っておきましょう。"
        "腕を楽に置ける高さの机なら、肩に力が入らず、長時間の作業でも疲れにくくなります。",
    ],
    "ko": [
        "집에서 퇴비를 만드는 것은 매주 버리는 쓰레기의 양을 줄이는 가장 쉬운 방법 중"
        " 하나입니다. 조금만 기다리면 부엌에서 나온 음식물 찌꺼기와 정원의 낙엽이 식물에게"
        " 좋은 비옥한 흙으로 바뀝니다.",
        "스탠딩 책상을 사기 전에 앉았을 때와 섰을 때 팔꿈치의 높이를 재어 보세요. 팔을"
        " 편하게 올려놓을 수 있는 높이라면 어깨에 힘이 들어가지 않아 오래 일해도 덜"
        " 피곤합니다.",
    ],
    "zh": [
        "在家里堆肥是减少每周垃圾量最简单的方法之一。只要有一点耐心，厨房里的果皮菜叶和花园里的"
        "落叶，几个月后就会变成植物喜欢的肥沃土壤。",
        "购买升降桌之前，先量一下坐着和站着时手肘的高度。合适的桌子能让前臂自然地放在桌面上，"
        "肩膀不用用力，长时间工作也不容易疲劳。",
    ],
}

CASES = [(code, text) for code, texts in PARAGRAPHS.items() for text in texts]


@pytest.mark.parametrize(("expected", "text"), CASES)
def test_detects_each_paragraph(expected: str, text: str) -> None:
    assert detect_language(text) == expected
    assert language_problem(text, expected) is None


@pytest.mark.parametrize(
    "title",
    [
        "Composting at home",
        "Kompostieren im eigenen Garten",
        "Compostaje en casa",
        "Le compostage facile",
        "Il compost in casa",
        "کمپوست خانگی",
        "家庭菜園",
        "퇴비 만들기",
        "在家堆肥",
        "",
        "12345 -- 678",
    ],
)
def test_short_titles_are_not_judged(title: str) -> None:
    assert detect_language(title) is None
    assert language_problem(title, "en") is None


def test_html_tags_are_ignored() -> None:
    html = "".join(f"<p class='lead'>{text}</p>" for text in PARAGRAPHS["de"][:2])
    assert detect_language(html) == "de"


def test_a_few_foreign_names_do_not_flip_the_language() -> None:
    text = (
        "WordPress と WooCommerce を使ったネットショップでは、商品ページの説明文が"
        "検索結果の順位を大きく左右します。SEO の基本を押さえておきましょう。"
    )
    assert detect_language(text) == "ja"


def test_half_and_half_text_is_not_judged() -> None:
    text = PARAGRAPHS["en"][0] + " " + PARAGRAPHS["ja"][0]
    assert detect_language(text) is None


def test_persian_written_with_arabic_yeh_and_kaf_is_still_persian() -> None:
    # Arabic keyboards type U+064A/U+0643 for ی/ک, but پ چ ژ گ still mark Persian.
    text = PARAGRAPHS["fa"][0].replace("ی", "ي").replace("ک", "ك")
    assert detect_language(text) == "fa"


def test_problem_names_both_languages() -> None:
    problem = language_problem(PARAGRAPHS["de"][0], "fr")
    assert problem is not None
    assert problem.startswith("the text reads as German (de), not French (fr) as requested")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (PARAGRAPHS["es"][0], "it"),
        (PARAGRAPHS["it"][0], "es"),
        (PARAGRAPHS["fr"][1], "es"),
        (PARAGRAPHS["ar"][0], "fa"),
        (PARAGRAPHS["fa"][0], "ar"),
        (PARAGRAPHS["zh"][0], "ja"),
        (PARAGRAPHS["ja"][0], "zh"),
        (PARAGRAPHS["en"][2], "de"),
    ],
)
def test_neighbouring_languages_are_told_apart(text: str, wrong: str) -> None:
    assert language_problem(text, wrong) is not None
