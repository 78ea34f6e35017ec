"""The words a block pattern brief is read with, per supported language: data only.

:mod:`presswright.content.pattern_brief` reads a brief with these tables and nothing else,
so supporting a new phrasing is one entry here, never a new branch in the reader.

Each language has four tables, written as plain strings (``|`` separates entries, ``;``
separates groups):

* ``numbers``: ``VALUE: word word ...`` for 1 to 12 (digits are read in every language);
* ``nouns``: ``KEY: form form ...``, the things a brief counts. A form ending in ``*`` is
  singular: named without a number it means one ("a call-to-action button"). A form ending
  in ``~`` counts only with a number ("a team of four"). ``=N`` gives the form its own
  number (Arabic duals: "عمودين" is two columns). Plain forms are plurals: named without a
  number they ask for the part but leave its count to the archetype.
* ``archetypes``: ``NAME: phrase | phrase ...``, the kinds of section a brief names;
* ``side_by_side`` and ``connectors`` (the words allowed between a noun and the number after
  it: "team *of* four").

Text and tables are compared casefolded, NFKC-normalised, with Arabic letter variants
folded (see ``pattern_brief.fold``).
"""

# The tables hold words of ten languages: their letters may look like Latin ones.
# ruff: noqa: RUF001

from __future__ import annotations

__all__ = [
    "ARCHETYPE_WORDS",
    "CONNECTORS",
    "CURRENCIES",
    "NOUNS",
    "NUMBERS",
    "PRICE_PERIODS",
    "SIDE_BY_SIDE",
]

NUMBERS: dict[str, str] = {
    "en": "1: one single; 2: two pair; 3: three; 4: four; 5: five; 6: six; 7: seven;"
    " 8: eight; 9: nine; 10: ten; 11: eleven; 12: twelve dozen",
    "de": "1: eins ein eine einen einem einer; 2: zwei zwo; 3: drei; 4: vier; 5: fünf;"
    " 6: sechs; 7: sieben; 8: acht; 9: neun; 10: zehn; 11: elf; 12: zwölf",
    "es": "1: uno una un; 2: dos; 3: tres; 4: cuatro; 5: cinco; 6: seis; 7: siete; 8: ocho;"
    " 9: nueve; 10: diez; 11: once; 12: doce",
    "fr": "1: un une; 2: deux; 3: trois; 4: quatre; 5: cinq; 6: six; 7: sept; 8: huit;"
    " 9: neuf; 10: dix; 11: onze; 12: douze",
    "it": "1: uno una un; 2: due; 3: tre; 4: quattro; 5: cinque; 6: sei; 7: sette; 8: otto;"
    " 9: nove; 10: dieci; 11: undici; 12: dodici",
    "ja": "1: 一 ひとつ; 2: 二 ふたつ; 3: 三 みっつ; 4: 四 よっつ; 5: 五 いつつ; 6: 六 むっつ;"
    " 7: 七 ななつ; 8: 八 やっつ; 9: 九 ここのつ; 10: 十 とお; 11: 十一; 12: 十二",
    "zh": "1: 一; 2: 二 两; 3: 三; 4: 四; 5: 五; 6: 六; 7: 七; 8: 八; 9: 九; 10: 十;"
    " 11: 十一; 12: 十二",
    "ko": "1: 하나 한 일; 2: 둘 두 이; 3: 셋 세 삼; 4: 넷 네 사; 5: 다섯 오; 6: 여섯 육;"
    " 7: 일곱 칠; 8: 여덟 팔; 9: 아홉 구; 10: 열 십; 11: 열한 열하나 십일; 12: 열두 열둘 십이",
    "ar": "1: واحد واحدة; 2: اثنان اثنين اثنتان اثنتين; 3: ثلاثة ثلاث; 4: اربعة اربع;"
    " 5: خمسة خمس; 6: ستة ست; 7: سبعة سبع; 8: ثمانية ثماني ثمان; 9: تسعة تسع;"
    " 10: عشرة عشر; 11: احد عشر|احدى عشرة; 12: اثنا عشر|اثني عشر|اثنتا عشرة",
    "fa": "1: یک; 2: دو; 3: سه; 4: چهار; 5: پنج; 6: شش; 7: هفت; 8: هشت; 9: نه; 10: ده;"
    " 11: یازده; 12: دوازده",
}

NOUNS: dict[str, str] = {
    "en": "columns: column* columns; tiers: tier* tiers plan* plans package* packages;"
    " buttons: button* buttons; questions: question* questions faqs;"
    " testimonials: testimonial* testimonials review* reviews quote* quotes;"
    " members: member* members person* people team~ staff~;"
    " images: image* images photo* photos picture* pictures;"
    " features: feature* features benefit* benefits service* services;"
    " stats: stat* stats statistic* statistics figures metrics;"
    " items: card* cards box* boxes item* items grid~ steps",
    "de": "columns: spalte* spalten spaltig~ spaltige~ spaltigen~;"
    " tiers: tarif* tarife tarifen paket* pakete paketen preisstufe* preisstufen stufe* stufen"
    " plan* pläne plänen; buttons: button* buttons schaltfläche* schaltflächen knopf* knöpfe"
    " knöpfen; questions: frage* fragen;"
    " testimonials: kundenstimme* kundenstimmen bewertung* bewertungen testimonial*"
    " testimonials zitat* zitate zitaten referenz* referenzen;"
    " members: mitglied* mitglieder mitgliedern person* personen team~ köpfe~;"
    " images: bild* bilder bildern foto* fotos;"
    " features: funktion* funktionen vorteil* vorteile vorteilen leistung* leistungen"
    " merkmal* merkmale merkmalen; stats: kennzahl* kennzahlen statistik* statistiken;"
    " items: karte* karten kachel* kacheln element* elemente elementen raster~",
    "es": "columns: columna* columnas; tiers: plan* planes nivel* niveles paquete* paquetes"
    " tarifa* tarifas; buttons: botón* boton* botones; questions: pregunta* preguntas;"
    " testimonials: testimonio* testimonios reseña* reseñas opinión* opiniones cita* citas;"
    " members: miembro* miembros persona* personas equipo~;"
    " images: imagen* imágenes imagenes foto* fotos fotografía* fotografías;"
    " features: característica* características ventaja* ventajas servicio* servicios"
    " beneficio* beneficios; stats: estadística* estadísticas cifra* cifras;"
    " items: tarjeta* tarjetas elemento* elementos cuadrícula~",
    "fr": "columns: colonne* colonnes; tiers: formule* formules offre* offres forfait*"
    " forfaits plan* plans niveau* niveaux; buttons: bouton* boutons;"
    " questions: question* questions; testimonials: témoignage* témoignages avis~"
    " citation* citations; members: membre* membres personne* personnes équipe~;"
    " images: image* images photo* photos; features: fonctionnalité* fonctionnalités"
    " avantage* avantages service* services atout* atouts;"
    " stats: statistique* statistiques chiffre* chiffres;"
    " items: carte* cartes élément* éléments grille~",
    "it": "columns: colonna* colonne; tiers: piano* piani pacchetto* pacchetti livello*"
    " livelli tariffa* tariffe abbonamento* abbonamenti; buttons: pulsante* pulsanti"
    " bottone* bottoni; questions: domanda* domande;"
    " testimonials: testimonianza* testimonianze recensione* recensioni citazione* citazioni;"
    " members: membro* membri persona* persone team~ squadra~;"
    " images: immagine* immagini foto~ fotografia* fotografie;"
    " features: caratteristica* caratteristiche vantaggio* vantaggi servizio* servizi"
    " funzionalità~; stats: statistica* statistiche cifra* cifre;"
    " items: scheda* schede elemento* elementi griglia~",
    "ja": "columns: カラム コラム 列 段; tiers: 料金プラン 価格プラン プラン コース;"
    " buttons: ボタン; questions: 質問 問い; testimonials: お客様の声 推薦文 レビュー 口コミ"
    " 感想; members: メンバー スタッフ 人~ 名~; images: 画像 写真 イメージ;"
    " features: 特徴 機能 メリット 強み; stats: 統計 数字 実績; items: カード 項目",
    "zh": "columns: 列 栏; tiers: 价格方案 方案 套餐 等级 计划; buttons: 按钮;"
    " questions: 问题 提问; testimonials: 客户评价 用户评价 评价 推荐语 感言;"
    " members: 团队成员 成员 人~ 位~; images: 图片 照片 图像;"
    " features: 功能 特点 优势 特色; stats: 统计 数据; items: 卡片 项目",
    "ko": "columns: 열 칼럼 컬럼 단~; tiers: 요금제 플랜 등급 패키지; buttons: 버튼;"
    " questions: 질문 문항; testimonials: 후기 추천사 리뷰;"
    " members: 팀원 멤버 구성원 직원 명~; images: 이미지 사진;"
    " features: 기능 특징 장점; stats: 통계 수치; items: 카드 항목",
    "ar": "columns: عمود* اعمدة عمودين=2 عمودان=2; tiers: خطة* خطط خطتين=2 باقة* باقات"
    " باقتين=2 مستوى* مستويات اشتراك* اشتراكات; buttons: زر* ازرار زرين=2 زران=2;"
    " questions: سؤال* اسئلة سؤالين=2; testimonials: شهادة* شهادات رأي* اراء تقييم*"
    " تقييمات مراجعة* مراجعات; members: عضو* اعضاء شخص* اشخاص فريق~;"
    " images: صورة* صور صورتين=2; features: ميزة* ميزات مزايا خدمة* خدمات فائدة* فوائد;"
    " stats: احصائية* احصائيات; items: بطاقة* بطاقات عنصر* عناصر",
    "fa": "columns: ستون* ستون‌ها ستونها; tiers: پلن* پلن‌ها طرح* طرح‌ها بسته* بسته‌ها"
    " تعرفه*; buttons: دکمه* دکمه‌ها; questions: سؤال* سوال* سؤال‌ها سوال‌ها پرسش* پرسش‌ها;"
    " testimonials: نظر* نظرات توصیه‌نامه* نقل‌قول*; members: عضو* اعضا اعضای نفر~;"
    " images: تصویر* تصاویر تصویرها عکس* عکس‌ها; features: ویژگی* ویژگی‌ها مزیت* مزایا"
    " خدمات; stats: آمار~; items: کارت* کارت‌ها مورد~",
}

# English archetype words are read in every language too: "FAQ", "CTA" and "hero" are
# common loanwords in briefs written in any of them.
ARCHETYPE_WORDS: dict[str, str] = {
    "en": "hero: hero | banner | splash | above the fold | landing header;"
    " pricing: pricing | price list | prices | price table | pricing table;"
    " features: features section | feature grid | feature list | features | services;"
    " testimonials: testimonials | reviews | what customers say;"
    " faq: faq | faqs | frequently asked questions | q&a;"
    " cta: call to action | call-to-action | cta;"
    " team: team | staff | our people;"
    " contact: contact | get in touch | reach us | find us;"
    " gallery: gallery | portfolio | photo grid;"
    " media_text: text with media | media and text | media & text | media-text | media text"
    " | image and text | text and image | image with text | text with image | text with an image;"
    " newsletter: newsletter | sign-up | signup | subscribe;"
    " stats: stats | statistics | key figures | counters | numbers;"
    " text: text section | about us | about section | introduction | our story",
    "de": "hero: hero-bereich | bühne | kopfbereich | banner;"
    " pricing: preistabelle | preisliste | preisübersicht | preisbereich | preise | preisen;"
    " features: funktionen | leistungen | vorteile | features;"
    " testimonials: kundenstimmen | referenzen | bewertungen;"
    " faq: häufige fragen | häufig gestellte fragen | faq;"
    " cta: handlungsaufforderung | call to action | call-to-action | cta;"
    " team: team | unser team | mitarbeiter; contact: kontakt | kontaktbereich | anfahrt;"
    " gallery: galerie | bildergalerie | fotogalerie | portfolio;"
    " media_text: text mit bild | bild und text | text und bild | medien und text;"
    " newsletter: newsletter | anmeldung; stats: statistiken | kennzahlen | zahlen;"
    " text: textbereich | über uns | einleitung",
    "es": "hero: portada | sección principal | cabecera | banner;"
    " pricing: tabla de precios | lista de precios | precios | tarifas;"
    " features: características | funcionalidades | ventajas | servicios;"
    " testimonials: testimonios | reseñas | opiniones; faq: preguntas frecuentes | faq;"
    " cta: llamada a la acción | llamado a la acción | cta; team: equipo | nuestro equipo;"
    " contact: contacto | contáctanos | contactanos; gallery: galería | galeria | portafolio;"
    " media_text: texto con imagen | imagen y texto | texto e imagen | medios y texto;"
    " newsletter: boletín | boletin | suscripción | suscripcion;"
    " stats: estadísticas | cifras; text: sección de texto | sobre nosotros",
    "fr": "hero: bannière | en-tête | section d'accueil;"
    " pricing: grille tarifaire | tableau des prix | tableau de prix | tarifs | prix"
    " | tarification;"
    " features: fonctionnalités | avantages | services | atouts;"
    " testimonials: témoignages | avis clients | avis;"
    " faq: questions fréquentes | foire aux questions | faq;"
    " cta: appel à l'action | appel à action | cta; team: équipe | notre équipe;"
    " contact: contact | nous contacter | contactez-nous; gallery: galerie | portfolio;"
    " media_text: texte et image | image et texte | texte avec image | média et texte;"
    " newsletter: lettre d'information | newsletter | inscription;"
    " stats: statistiques | chiffres clés | chiffres; text: à propos | section de texte",
    "it": "hero: sezione principale | copertina | banner;"
    " pricing: tabella prezzi | tabella dei prezzi | listino | prezzi | tariffe;"
    " features: funzionalità | caratteristiche | vantaggi | servizi;"
    " testimonials: testimonianze | recensioni; faq: domande frequenti | faq;"
    " cta: invito all'azione | call to action | cta; team: il nostro team | squadra | team;"
    " contact: contatti | contatto | contattaci; gallery: galleria | portfolio;"
    " media_text: testo con immagine | immagine e testo | testo e immagine | media e testo;"
    " newsletter: newsletter | iscrizione; stats: statistiche | numeri;"
    " text: chi siamo | sezione di testo",
    "ja": "hero: ヒーロー | メインビジュアル | ファーストビュー;"
    " pricing: 料金表 | 価格表 | 料金 | 価格 | プライシング;"
    " features: 機能紹介 | 機能一覧 | サービス紹介 | 特徴;"
    " testimonials: お客様の声 | 口コミ | レビュー; faq: よくある質問 | faq | q&a;"
    " cta: 行動喚起 | コールトゥアクション | cta; team: チーム | スタッフ紹介 | メンバー紹介;"
    " contact: お問い合わせ | 問い合わせ | 連絡先; gallery: ギャラリー | ポートフォリオ | 写真集;"
    " media_text: 画像とテキスト | テキストと画像 | メディアとテキスト;"
    " newsletter: ニュースレター | メルマガ; stats: 統計 | 実績; text: テキスト | 会社概要",
    "zh": "hero: 首屏 | 主视觉 | 横幅; pricing: 价格表 | 定价 | 价格 | 收费;"
    " features: 功能介绍 | 功能 | 特色 | 特点; testimonials: 客户评价 | 用户评价 | 评价;"
    " faq: 常见问题 | 问答 | faq; cta: 行动号召 | cta; team: 团队;"
    " contact: 联系我们 | 联系方式 | 联系; gallery: 画廊 | 图库 | 相册 | 作品集;"
    " media_text: 图文 | 图片和文字 | 文字和图片 | 媒体和文本;"
    " newsletter: 新闻通讯 | 订阅 | 电子报;"
    " stats: 统计 | 数据; text: 文字 | 关于我们",
    "ko": "hero: 히어로 | 메인 배너 | 배너; pricing: 가격표 | 요금표 | 요금 | 가격;"
    " features: 기능 | 특징 | 서비스 소개; testimonials: 고객 후기 | 후기 | 추천사 | 리뷰;"
    " faq: 자주 묻는 질문 | faq; cta: 행동 유도 | 콜투액션 | cta; team: 팀 소개 | 팀;"
    " contact: 연락처 | 문의 | 연락; gallery: 갤러리 | 포트폴리오 | 사진첩;"
    " media_text: 이미지와 텍스트 | 텍스트와 이미지 | 미디어와 텍스트;"
    " newsletter: 뉴스레터 | 구독; stats: 통계 | 수치; text: 텍스트 | 회사 소개",
    "ar": "hero: قسم رئيسي | واجهة | لافتة | بانر | هيرو;"
    " pricing: جدول اسعار | جدول الاسعار | اسعار | تسعير;"
    " features: ميزات | مزايا | خدمات; testimonials: شهادات | اراء العملاء | تقييمات;"
    " faq: الاسئلة الشائعة | اسئلة شائعة | اسئلة متكررة;"
    " cta: دعوة لاتخاذ اجراء | دعوة الى اتخاذ اجراء | دعوة للعمل; team: فريق العمل | فريق;"
    " contact: اتصل بنا | تواصل | اتصال; gallery: معرض صور | معرض;"
    " media_text: نص وصورة | صورة ونص | وسائط ونص;"
    " newsletter: نشرة اخبارية | النشرة البريدية; stats: احصائيات | ارقام;"
    " text: من نحن | قسم نصي",
    "fa": "hero: هیرو | بخش اصلی | بنر; pricing: جدول قیمت | قیمت‌گذاری | قیمت | تعرفه;"
    " features: ویژگی‌ها | امکانات | خدمات; testimonials: نظرات مشتریان | نظرات | رضایت مشتریان;"
    " faq: سؤالات متداول | سوالات متداول | پرسش‌های متداول; cta: فراخوان اقدام | دعوت به اقدام;"
    " team: اعضای تیم | تیم; contact: تماس با ما | تماس; gallery: گالری تصاویر | گالری;"
    " media_text: متن و تصویر | تصویر و متن; newsletter: خبرنامه; stats: آمار;"
    " text: درباره ما | بخش متنی",
}

SIDE_BY_SIDE: dict[str, str] = {
    "en": "side by side | side-by-side | next to each other | in a row",
    "de": "nebeneinander | in einer reihe",
    "es": "lado a lado | uno al lado del otro | en fila",
    "fr": "côte à côte | côte-à-côte | les uns à côté des autres",
    "it": "affiancati | affiancate | fianco a fianco | uno accanto all'altro",
    "ja": "横並び | 並べて",
    "zh": "并排 | 并列",
    "ko": "나란히",
    "ar": "جنبا الى جنب | جنب الى جنب | متجاورة",
    "fa": "کنار هم | کنار یکدیگر",
}

CONNECTORS: dict[str, str] = {
    "en": "of | with",
    "de": "aus | von | mit",
    "es": "de | con",
    "fr": "de | avec",
    "it": "di | da | con",
    "ja": "を | が | は | :",
    "zh": ":",
    "ko": "",
    "ar": "من",
    "fa": "از",
}

# What a price may say after its amount ("$29/month"), per language: the grammar holds a
# price slot to an amount, a currency and one of these periods.
PRICE_PERIODS: dict[str, str] = {
    "en": "month | year | week | class | session | visit | person",
    "de": "Monat | Jahr | Woche | Kurs | Stunde | Person",
    "es": "mes | año | semana | clase | sesión | persona",
    "fr": "mois | an | semaine | cours | séance | personne",
    "it": "mese | anno | settimana | lezione | persona",
    "ja": "月 | 年 | 週 | 回 | 人",
    "zh": "月 | 年 | 周 | 次 | 节 | 人",
    "ko": "월 | 년 | 주 | 회 | 인",
    "ar": "شهر | سنة | أسبوع | حصة | شخص",
    "fa": "ماه | سال | هفته | جلسه | نفر",
}
CURRENCIES = "$ | € | £ | ¥ | ₩ | ﷼ | USD | EUR | GBP | CHF | JPY | CNY | KRW | AED | SAR | IRR"
