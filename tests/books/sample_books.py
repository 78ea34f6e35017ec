"""Small books in the ten languages, with hostile text, for the export tests.

Each book has two chapters of short real sentences in its language, a subheading, a scene
break, front and back matter, and one paragraph of text that would be markup or code in
some format (HTML, Markdown, LaTeX, typst) if an exporter pasted it instead of escaping it.
"""

# ruff: noqa: RUF001 (sentences in their own scripts and punctuation)

from __future__ import annotations

from datetime import date

from presswright.books.model import (
    Book,
    BookMeta,
    Chapter,
    CoverPalette,
    GlossaryEntry,
    Paragraph,
    SceneBreak,
    Subheading,
)

# Each must come out as these very characters in every format, and nowhere as markup.
HOSTILE = [
    "<script>alert(1)</script>",
    "**not bold**",
    "#not heading",
    "$x$",
    "\\textbf{}",
    "#set page(fill: red)",
    "&amp;",
    "[link](javascript:alert(1))",
]
HOSTILE_PARAGRAPH = " ".join(HOSTILE)
# Characters no format can hold (XML refuses them): dropped, the words around them kept.
UNUSABLE_PARAGRAPH = "Bell\x07 form\x0cfeed and\x1b escape\x7f."
UNUSABLE_KEPT = "Bell formfeed and escape."

# language: title, author, (chapter title, [paragraphs]) x 2, subheading, dedication,
# epigraph, glossary (term, definition), about the author
SAMPLES: dict[str, dict[str, object]] = {
    "en": {
        "title": "The Lighthouse Keeper",
        "subtitle": "A Short Novel",
        "author": "Mara Ellison",
        "chapters": [
            (
                "The Storm",
                [
                    "The wind rose before dawn and shook the old windows of the tower.",
                    "Elsa climbed the stairs with a lamp in her hand and counted every step.",
                ],
            ),
            (
                "The Letter",
                [
                    "A letter arrived on the morning boat, wrapped in oilcloth against the rain.",
                    "She read it twice by the window and then folded it into her coat.",
                ],
            ),
        ],
        "subheading": "Morning",
        "dedication": "For my mother, who kept the light on.",
        "epigraph": "The sea remembers everything it has ever carried.",
        "glossary": ("Lantern room", "The glass chamber at the top of a lighthouse."),
        "about": "Mara Ellison lives by the sea and writes about islands.",
    },
    "de": {
        "title": "Der Leuchtturmwärter",
        "author": "Jonas Berger",
        "chapters": [
            (
                "Der Sturm",
                [
                    "Der Wind frischte vor der Morgendämmerung auf und rüttelte an den Fenstern.",
                    "Elsa stieg mit einer Lampe in der Hand die Treppe hinauf.",
                ],
            ),
            (
                "Der Brief",
                [
                    "Mit dem Morgenboot kam ein Brief, in Wachstuch gegen den Regen gewickelt.",
                    "Sie las ihn zweimal am Fenster und steckte ihn dann in ihren Mantel.",
                ],
            ),
        ],
        "subheading": "Am Morgen",
        "dedication": "Für meine Mutter, die das Licht brennen ließ.",
        "epigraph": "Das Meer erinnert sich an alles, was es je getragen hat.",
        "glossary": ("Laternenraum", "Der gläserne Raum an der Spitze eines Leuchtturms."),
        "about": "Jonas Berger lebt an der Küste und schreibt über Inseln.",
    },
    "fr": {
        "title": "Le Gardien du phare",
        "author": "Claire Dumas",
        "chapters": [
            (
                "La Tempête",
                [
                    "Le vent se leva avant l’aube et secoua les vieilles fenêtres de la tour.",
                    "Elsa monta l’escalier avec une lampe à la main et compta chaque marche.",
                ],
            ),
            (
                "La Lettre",
                [
                    "Une lettre arriva par le bateau du matin, enveloppée dans une toile cirée.",
                    "Elle la lut deux fois près de la fenêtre, puis la glissa dans son manteau.",
                ],
            ),
        ],
        "subheading": "Le matin",
        "dedication": "À ma mère, qui gardait la lumière allumée.",
        "epigraph": "La mer se souvient de tout ce qu’elle a porté.",
        "glossary": ("Lanterne", "La chambre vitrée au sommet d’un phare."),
        "about": "Claire Dumas vit au bord de la mer et écrit sur les îles.",
    },
    "es": {
        "title": "El guardián del faro",
        "author": "Lucía Romero",
        "chapters": [
            (
                "La tormenta",
                [
                    "El viento se levantó antes del amanecer y sacudió las viejas ventanas.",
                    "Elsa subió la escalera con una lámpara en la mano y contó cada peldaño.",
                ],
            ),
            (
                "La carta",
                [
                    "Una carta llegó en el barco de la mañana, envuelta en hule contra la lluvia.",
                    "La leyó dos veces junto a la ventana y luego la guardó en su abrigo.",
                ],
            ),
        ],
        "subheading": "Por la mañana",
        "dedication": "Para mi madre, que mantuvo la luz encendida.",
        "epigraph": "El mar recuerda todo lo que alguna vez ha llevado.",
        "glossary": ("Linterna", "La cámara de cristal en lo alto de un faro."),
        "about": "Lucía Romero vive junto al mar y escribe sobre islas.",
    },
    "it": {
        "title": "Il guardiano del faro",
        "author": "Paolo Venturi",
        "chapters": [
            (
                "La tempesta",
                [
                    "Il vento si alzò prima dell’alba e scosse le vecchie finestre della torre.",
                    "Elsa salì le scale con una lampada in mano e contò ogni gradino.",
                ],
            ),
            (
                "La lettera",
                [
                    "Una lettera arrivò con la barca del mattino, avvolta nella tela cerata.",
                    "La lesse due volte vicino alla finestra e poi la mise nel cappotto.",
                ],
            ),
        ],
        "subheading": "Il mattino",
        "dedication": "A mia madre, che teneva la luce accesa.",
        "epigraph": "Il mare ricorda tutto ciò che ha portato.",
        "glossary": ("Lanterna", "La camera di vetro in cima a un faro."),
        "about": "Paolo Venturi vive sul mare e scrive di isole.",
    },
    "ar": {
        "title": "حارس المنارة",
        "author": "ليلى حداد",
        "chapters": [
            (
                "العاصفة",
                [
                    "هبّت الريح قبل الفجر وهزّت نوافذ البرج القديمة.",
                    "صعدت إلسا الدرج وفي يدها مصباح، وعدّت كل درجة.",
                ],
            ),
            (
                "الرسالة",
                [
                    "وصلت رسالة مع قارب الصباح، ملفوفة بقماش مشمع يحميها من المطر.",
                    "قرأتها مرتين قرب النافذة ثم طوتها في معطفها.",
                ],
            ),
        ],
        "subheading": "في الصباح",
        "dedication": "إلى أمي التي أبقت الضوء مشتعلًا.",
        "epigraph": "البحر يتذكر كل ما حمله يومًا.",
        "glossary": ("غرفة الفانوس", "الغرفة الزجاجية في أعلى المنارة."),
        "about": "تعيش ليلى حداد قرب البحر وتكتب عن الجزر.",
    },
    "fa": {
        "title": "نگهبان فانوس دریایی",
        "author": "نرگس احمدی",
        "chapters": [
            (
                "طوفان",
                [
                    "باد پیش از سپیده‌دم برخاست و پنجره‌های کهنهٔ برج را لرزاند.",
                    "السا با چراغی در دست از پله‌ها بالا رفت و همهٔ پله‌ها را شمرد.",
                ],
            ),
            (
                "نامه",
                [
                    "نامه‌ای با قایق صبح رسید که در پارچهٔ مومی پیچیده شده بود.",
                    "او نامه را دو بار کنار پنجره خواند و بعد در جیب پالتویش گذاشت.",
                ],
            ),
        ],
        "subheading": "صبح",
        "dedication": "به مادرم که چراغ را روشن نگه داشت.",
        "epigraph": "دریا هر چه را که روزی با خود برده به یاد دارد.",
        "glossary": ("اتاق فانوس", "اتاق شیشه‌ای بالای فانوس دریایی."),
        "about": "نرگس احمدی کنار دریا زندگی می‌کند و دربارهٔ جزیره‌ها می‌نویسد.",
    },
    "ja": {
        "title": "灯台守",
        "author": "佐藤美咲",
        "chapters": [
            (
                "嵐",
                [
                    "夜明け前に風が強くなり、塔の古い窓を揺らした。",
                    "エルザはランプを手に階段を上り、一段ずつ数えた。",
                ],
            ),
            (
                "手紙",
                [
                    "朝の船で、雨よけの油布に包まれた手紙が届いた。",
                    "彼女は窓辺で二度読み、それからコートのポケットにしまった。",
                ],
            ),
        ],
        "subheading": "朝",
        "dedication": "灯りを守り続けた母に。",
        "epigraph": "海は運んだものをすべて覚えている。",
        "glossary": ("灯室", "灯台の最上部にあるガラス張りの部屋。"),
        "about": "佐藤美咲は海辺に住み、島について書いている。",
    },
    "ko": {
        "title": "등대지기",
        "author": "김서연",
        "chapters": [
            (
                "폭풍",
                [
                    "새벽이 오기 전에 바람이 거세져 탑의 낡은 창문을 흔들었다.",
                    "엘자는 등불을 들고 계단을 오르며 한 칸씩 세었다.",
                ],
            ),
            (
                "편지",
                [
                    "아침 배로 비를 막으려고 유포에 싼 편지 한 통이 도착했다.",
                    "그녀는 창가에서 편지를 두 번 읽고 외투 주머니에 넣었다.",
                ],
            ),
        ],
        "subheading": "아침",
        "dedication": "불을 꺼뜨리지 않으신 어머니께.",
        "epigraph": "바다는 자신이 실어 나른 모든 것을 기억한다.",
        "glossary": ("등롱실", "등대 꼭대기에 있는 유리로 된 방."),
        "about": "김서연은 바닷가에 살며 섬에 관한 글을 쓴다.",
    },
    "zh": {
        "title": "守灯人",
        "author": "王晓岚",
        "chapters": [
            (
                "风暴",
                [
                    "天亮之前风越刮越大，摇动着塔上的旧窗户。",
                    "艾尔莎提着灯走上楼梯，一级一级地数着台阶。",
                ],
            ),
            (
                "来信",
                [
                    "早班船送来一封信，用油布包着以防雨淋。",
                    "她在窗边读了两遍，然后把信折好放进大衣口袋。",
                ],
            ),
        ],
        "subheading": "早晨",
        "dedication": "献给一直为我留着灯的母亲。",
        "epigraph": "大海记得它曾经承载过的一切。",
        "glossary": ("灯室", "灯塔顶端的玻璃房间。"),
        "about": "王晓岚住在海边，写关于岛屿的故事。",
    },
}
LANGUAGES = list(SAMPLES)


def sample_book(language: str) -> Book:
    """The small book in ``language``: two chapters, scene break, subheading, hostile text."""
    sample = SAMPLES[language]
    chapters = []
    for number, (title, paragraphs) in enumerate(sample["chapters"], start=1):  # type: ignore[call-overload]
        first, second = paragraphs
        blocks = [Paragraph(text=first), SceneBreak(), Paragraph(text=second)]
        if number == 1:
            subheading = Subheading(text=str(sample["subheading"]))
            blocks += [subheading, Paragraph(text=HOSTILE_PARAGRAPH)]
            if language == "en":
                blocks.append(Paragraph(text=UNUSABLE_PARAGRAPH))
        chapters.append(Chapter(number=number, title=title, blocks=blocks))
    term, definition = sample["glossary"]  # type: ignore[misc]
    return Book(
        meta=BookMeta(
            title=str(sample["title"]),
            subtitle=sample.get("subtitle"),  # type: ignore[arg-type]
            author=str(sample["author"]),
            language=language,  # type: ignore[arg-type]
            identifier=f"urn:uuid:00000000-0000-4000-8000-0000000000{LANGUAGES.index(language):02d}",
            subject="Fiction",
            description=str(sample["epigraph"]),
            publisher="Presswright Test Press",
            published=date(2025, 3, 14),
        ),
        dedication=str(sample["dedication"]),
        epigraph=str(sample["epigraph"]),
        chapters=chapters,
        glossary=[GlossaryEntry(term=term, definition=definition)],
        about_author=str(sample["about"]),
        cover=CoverPalette(),
    )


def hostile_book() -> Book:
    """A book whose metadata and front matter, not only its text, are markup and code."""
    hostile = HOSTILE_PARAGRAPH
    return Book(
        meta=BookMeta(
            title=f'<b>"Bold"</b> & {HOSTILE[0]}',
            subtitle="**sub** $y$",
            author="<i>Eve</i> #set text(red)",
            language="en",
            identifier="urn:uuid:11111111-2222-4333-8444-555555555555",
            subject="<em>Subject</em>",
            description=hostile,
            publisher="& Co. <Press>",
            published=date(2025, 1, 2),
            rights="© 2025 <Eve> & **friends**",
        ),
        dedication=hostile,
        epigraph=hostile,
        chapters=[
            Chapter(
                number=1,
                title=f"<script>alert('title')</script> {HOSTILE[1]}",
                blocks=[Subheading(text="#### not a heading"), Paragraph(text=hostile)],
            )
        ],
        glossary=[GlossaryEntry(term="<dt>**term**</dt>", definition=hostile)],
        about_author=hostile,
        cover=CoverPalette(background="#888888", text="#777777", accent="#444444"),
    )
