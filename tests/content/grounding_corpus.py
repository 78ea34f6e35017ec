"""Good and bad product claims in the ten languages, for the grounding check.

Facts are written as shops export them: entities (``&ndash;``), sizes as ``30 × 45 cm`` or
``183x61cm``, Persian digits, category paths, attribute names as keys, brand names. A good
claim is one a copywriter would write from the facts (paraphrased, inflected, reordered);
a bad one is about something else: hype the facts never state, another product's feature,
or the review's own example ("make your home smell amazing" for a cutting board).
"""

# ruff: noqa: RUF001, RUF002
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """One product: its facts, bullets and short-description sentences that fit or do not."""

    name: str
    facts: dict[str, Any]
    good: list[str]
    bad: list[str]
    good_short: list[str] = field(default_factory=list)
    bad_short: list[str] = field(default_factory=list)


LATIN_CASES = [
    Case(
        "en-walnut-board",
        {
            "name": "Walnut Cutting Board – 30 × 45 cm (End-Grain)",
            "category": "Home & Kitchen > Cutting Boards",
            "attributes": {
                "Material": "American black walnut",
                "Size": "30 x 45 x 4 cm",
                "Care": "hand wash; oil monthly",
            },
            "features": ["juice groove", "non-slip rubber feet", "reversible"],
            "keywords": ["walnut cutting board"],
        },
        good=[
            "End-grain walnut that is gentle on knife edges",
            "Deep juice groove catches liquids",
            "Non-slip feet keep it steady",
            "Generous 30 × 45 cm work surface",
            "Reversible: chop on one side, serve on the other",
            "Hand wash and oil it once a month",
            "A thick, heavy board that stays put",
        ],
        bad=[
            "Makes your home smell amazing",
            "Loved by professional chefs worldwide",
            "Dishwasher safe",
            "Perfect gift for any occasion",
            "Free shipping on every order",
        ],
        good_short=[
            "A walnut cutting board for everyday chopping and serving.",
            "Its juice groove keeps your counter clean.",
        ],
        bad_short=["It will make your home smell amazing!", "Loved by chefs around the world."],
    ),
    Case(
        "en-water-bottle",
        {
            "name": "Stainless Steel Insulated Water Bottle 750ml &ndash; Matte Black",
            "category": "Drinkware",
            "attributes": {
                "Capacity": "750 ml (25 oz)",
                "Keeps cold": "24 h",
                "Keeps hot": "12 h",
                "Weight": "390 g",
            },
            "features": [
                "double-wall vacuum insulation",
                "leak-proof lid",
                "fits most car cup holders",
            ],
            "keywords": ["insulated water bottle"],
        },
        good=[
            "Ice-cold drinks for up to 24 hours",
            "Double-wall vacuum keeps coffee hot for 12 hours",
            "Leak-proof lid you can throw in a bag",
            "Fits most car cup holders",
            "Weighs just 390 g",
            "Holds 750 ml (25 oz)",
            "Stainless steel in a matte black finish",
        ],
        bad=[
            "Boosts your immune system",
            "Glows in the dark for night hikes",
            "Makes your home smell amazing",
            "Rated #1 by doctors",
            "Folds flat when empty",
        ],
        good_short=["An insulated steel bottle that keeps drinks cold all day."],
        bad_short=["Your skin will thank you every morning."],
    ),
    Case(
        "en-candle",  # here a home that smells of something is the product's point
        {
            "name": "Soy Wax Candle – Cedar & Amber, 200 g",
            "category": "Home Fragrance",
            "attributes": {"Burn time": "approx. 40 h", "Wax": "100% soy"},
            "features": ["cotton wick", "scents a room in 20 minutes"],
        },
        good=[
            "Makes your home smell of cedar and amber",
            "Fills a room with scent in 20 minutes",
            "About 40 hours of burn time",
            "Clean-burning soy wax",
            "Lead-free cotton wick",
        ],
        bad=["Dishwasher safe", "Keeps drinks cold for 24 hours", "Waterproof to 50 m"],
    ),
    Case(
        "en-yoga-mat",
        {
            "name": "Yoga mat 6mm TPE non-slip 183x61cm",
            "category": "Sports & Fitness",
            "attributes": {
                "Thickness": "6 mm",
                "Size": "183 x 61 cm",
                "Weight": "0.9 kg",
                "Material": "TPE, free of PVC and latex",
            },
            "features": ["alignment lines", "carry strap included"],
            "keywords": ["non-slip yoga mat"],
        },
        good=[
            "Non-slip grip, even in hot yoga",
            "Alignment lines help you place your hands",
            "Light at 0.9 kg, with a carry strap",
            "Full 183 × 61 cm length",
            "PVC- and latex-free TPE",
        ],
        bad=[
            "Improves your posture in a week",
            "Made from recycled ocean plastic",
            "Machine washable at 60 °C",
        ],
    ),
    Case(
        "de-walnut-board",
        {
            "name": "Walnuss-Schneidebrett 30×45 cm",
            "category": "Haus & Küche",
            "attributes": {
                "Material": "Amerikanischer Nussbaum",
                "Pflege": "Handwäsche, monatlich ölen",
            },
            "features": ["Saftrille", "rutschfeste Gummifüße", "wendbar"],
            "language": "de",
        },
        good=[
            "Massives Walnussholz, schonend für Messer",
            "Tiefe Saftrille fängt Flüssigkeiten auf",
            "Rutschfeste Füße für sicheren Stand",
            "Wendbar: eine Seite zum Schneiden, eine zum Servieren",
            "Großzügige Fläche von 30 × 45 cm",
            "Einmal im Monat mit Öl pflegen",
            "Robustes Brett für jeden Tag",
        ],
        bad=[
            "Lässt Ihr Zuhause herrlich duften",
            "Von Profiköchen weltweit geliebt",
            "Spülmaschinenfest",
            "Das perfekte Geschenk für jeden Anlass",
        ],
        good_short=["Ein Schneidebrett aus Walnuss für jeden Tag."],
        bad_short=["Ihr Zuhause wird herrlich duften."],
    ),
    Case(
        "de-beeswax-wraps",
        {
            "name": "Bio-Bienenwachstücher 3er-Set (S/M/L) – Alternative zur Frischhaltefolie",
            "category": "Küche & Haushalt",
            "attributes": {
                "Größen": "S 20x20 cm, M 25x25 cm, L 30x30 cm",
                "Material": "Bio-Baumwolle, Bienenwachs, Jojobaöl, Baumharz",
            },
            "features": ["waschbar mit kaltem Wasser", "bis zu 1 Jahr verwendbar"],
            "keywords": ["Bienenwachstücher"],
            "language": "de",
        },
        good=[
            "Ersetzt Frischhaltefolie in der Küche",
            "Drei Größen von 20 bis 30 cm",
            "Aus Bio-Baumwolle und Bienenwachs",
            "Mit kaltem Wasser abwaschen und wiederverwenden",
            "Ein Jahr lang verwendbar",
        ],
        bad=["Hält Getränke 24 Stunden heiß", "Für alle Hauttypen geeignet", "Mit USB-C-Anschluss"],
    ),
    Case(
        "es-frying-pan",
        {
            "name": "Sartén antiadherente 28 cm apta para inducción",
            "category": "Menaje de cocina",
            "attributes": {
                "Diámetro": "28 cm",
                "Material": "aluminio forjado, recubrimiento sin PFOA",
                "Mango": "ergonómico, tacto frío",
            },
            "features": ["apta para lavavajillas", "todo tipo de cocinas"],
            "keywords": ["sartén antiadherente"],
            "language": "es",
        },
        good=[
            "Antiadherente: nada se pega",
            "Funciona en inducción, gas y vitrocerámica",
            "Aluminio forjado sin PFOA",
            "Mango ergonómico que no se calienta",
            "Se puede lavar en el lavavajillas",
            "Amplios 28 cm de diámetro",
        ],
        bad=[
            "Hará que tu hogar huela increíble",
            "Amada por chefs de todo el mundo",
            "Ideal para regalar en cualquier ocasión",
            "Resistente al agua hasta 50 metros",
        ],
        good_short=["Una sartén antiadherente de 28 cm para todas las cocinas."],
        bad_short=["Hará que tu hogar huela increíble."],
    ),
    Case(
        "fr-walnut-board",
        {
            "name": "Planche à découper en noyer 30 x 45 cm",
            "category": "Maison & Cuisine",
            "attributes": {
                "Matière": "Noyer américain massif",
                "Entretien": "Lavage à la main, huiler chaque mois",
            },
            "features": ["rainure à jus", "pieds antidérapants", "réversible"],
            "language": "fr",
        },
        good=[
            "Noyer massif qui préserve le tranchant des couteaux",
            "Rainure profonde qui recueille le jus",
            "Pieds antidérapants pour plus de stabilité",
            "Réversible : découpez d'un côté, servez de l'autre",
            "Grande surface de 30 × 45 cm",
            "À laver à la main et à huiler une fois par mois",
        ],
        bad=[
            "Parfume délicieusement votre maison",
            "Adorée des chefs du monde entier",
            "Compatible lave-vaisselle",
            "Le cadeau idéal pour toutes les occasions",
        ],
        good_short=["Une planche en noyer massif pour découper et servir."],
        bad_short=["Votre maison sentira divinement bon."],
    ),
    Case(
        "fr-soap",
        {
            "name": "Savon artisanal à l'huile d'olive &amp; lavande – 100 g",
            "category": "Cosmétiques > Savons",
            "attributes": {
                "Poids": "100 g",
                "Fabrication": "saponification à froid, en Provence",
                "Peau": "tous types de peaux",
            },
            "features": ["sans huile de palme", "emballage papier recyclé"],
            "keywords": ["savon artisanal"],
            "language": "fr",
        },
        good=[
            "Saponifié à froid en Provence",
            "Doux pour toutes les peaux",
            "Sans huile de palme",
            "Parfum naturel de lavande",
            "Emballé dans du papier recyclé",
        ],
        bad=[
            "Garde vos boissons au frais 24 heures",
            "Compatible avec tous les smartphones",
            "Livraison gratuite dès 20 €",
        ],
    ),
    Case(
        "it-moka",
        {
            "name": "Moka in alluminio 3 tazze",
            "category": "Caffè",
            "attributes": {
                "Capacità": "3 tazze (150 ml)",
                "Materiale": "alluminio",
                "Piano cottura": "gas, elettrico (non induzione)",
            },
            "features": ["valvola di sicurezza", "manico antiscottatura"],
            "keywords": ["moka 3 tazze"],
            "language": "it",
        },
        good=[
            "Alluminio leggero che scalda in fretta",
            "Prepara 150 ml di caffè, tre tazzine",
            "Valvola di sicurezza integrata",
            "Manico che non scotta",
            "Per fornelli a gas ed elettrici",
        ],
        bad=[
            "Profuma la tua casa in modo incredibile",
            "Amata dagli chef di tutto il mondo",
            "Il regalo perfetto per ogni occasione",
            "Resiste in lavastoviglie",
        ],
        good_short=["Una moka in alluminio da 3 tazze per il caffè di ogni mattina."],
        bad_short=["Profuma la tua casa in modo incredibile."],
    ),
]

# Imported last: that module builds its cases with Case from this one.
from tests.content.grounding_corpus_scripts import SCRIPT_CASES  # noqa: E402

CASES = [*LATIN_CASES, *SCRIPT_CASES]
