"""Talk that is not content, in the ten languages: the model chatting, or talking about its task.

Two findings, each a precise pattern per language rather than a guess:

- **chatter** (``quality_chatter``): the model addressing the person who asked instead of
  writing the content: refusals ("je ne peux pas écrire..."), apologies, speaking as an AI,
  presenting its answer ("Hier ist der Text", "以下是文章"), offering more help.
- **task talk** (``quality_prompt_leak``): words about the writing job itself. A length
  instruction ("au maximum 60 caractères", "140 to 160 characters", "100字以内") is never
  content in a title, bullet or slug. In copy that describes a thing (a product), any text
  count ("produit de 100 mots") and the names of the job's own parts (keywords, meta
  description, SEO title, short description, alt text, JSON) are prompt talk too; an article
  may discuss them, so this stricter reading is the caller's choice (``task_talk``).

Words the brief itself uses are never held against the text: a product named "Keyword Pro"
may say so.
"""

from __future__ import annotations

import re

__all__ = ["chatter", "length_instruction", "task_words", "text_count"]

# Units of text, per language. CJK units follow the number with no space ("100字").
_UNITS = (
    r"words?|characters?|chars|sentences?|paragraphs?"
    r"|mots?|caract[eè]res?|paragraphes?"
    r"|w[oö]rter|worte|zeichen|s[aä]tze|satz|abs[aä]tze|absatz"
    r"|palabras?|caracteres?|oraciones?|p[aá]rrafos?"
    r"|parol[ae]|caratter[ei]|paragraf[oi]"
    r"|كلمة|كلمات|حرفا?|حروف|أحرف|فقرة|فقرات"
    r"|کلمه|واژه|حرف|کاراکتر|نویسه|پاراگراف"
)
_CJK_UNITS = (
    r"文字|単語|語|個?字(?![母典体幕])|个?字(?![母典体幕])|字符|个?词|단어|글자|문자|자(?![가-힣])"
)
_NUMBER = r"\d[\d.,\u066b\u066c]*"
# "at most", "maximum", "au plus", "höchstens", "como máximo", "al massimo", ...
_BOUND = (
    r"at\s+(?:most|least)|up\s+to|no\s+more\s+than|fewer\s+than|less\s+than|maximum|minimum"
    r"|max\.?|min\.?|au\s+(?:plus|moins|maximum|minimum)|moins\s+de|jusqu'?\s*[àa]"
    r"|h[öo]chstens|mindestens|maximal|minimal|bis\s+zu|weniger\s+als"
    r"|como\s+m[aá]ximo|como\s+m[ií]nimo|m[aá]ximo|m[ií]nimo|hasta|menos\s+de"
    r"|al\s+massimo|al\s+minimo|massimo|minimo|fino\s+a|meno\s+di"
    r"|حداکثر|حداقل|بیشینه|على\s+الأكثر|على\s+الأقل|حتى"
)
_RANGE = (
    rf"(?:entre|zwischen|tra|between|from|de|da|von)?\s*{_NUMBER}\s*"
    r"(?:to|and|-|\u2013|à|a|et|bis|und|y|e|و|تا)\s*" + _NUMBER
)
_LENGTH_INSTRUCTION = re.compile(
    rf"(?<!\w)(?:(?:{_BOUND})\s*{_NUMBER}|{_RANGE})\s*(?:(?:{_UNITS})(?!\w)|{_CJK_UNITS})"
    rf"|{_NUMBER}\s*(?:{_CJK_UNITS})\s*(?:以内|以下|以上|左右|이내|이하|내외)",
    re.IGNORECASE,
)
# Any count of text units: "100 mots", "100-Wörter", "50字", "60자".
_TEXT_COUNT = re.compile(
    rf"(?<![\w.]){_NUMBER}(?:\s*-\s*|\s*)(?:(?:{_UNITS})(?!\w)|{_CJK_UNITS})", re.IGNORECASE
)

# The names of the job's own parts, in the ten languages.
_TASK_WORDS = re.compile(
    r"(?<!\w)(?:"
    r"key\s?words?|key\s?phrases?|meta[\s-]?descriptions?|seo[\s-]title|short\s+description"
    r"|long\s+description|alt[\s-]text|feature\s+bullets?|product\s+copy|json"
    r"|mots?[\s-]cl[ée]s?|m[ée]ta[\s-]?descriptions?|titre\s+seo|description\s+courte"
    r"|courte\s+description|description\s+longue|texte\s+alternatif"
    r"|schl[üu]sselw[öo]rter|schl[üu]sselwort|meta[\s-]beschreibung(?:en)?|seo[\s-]titel"
    r"|kurzbeschreibung|langbeschreibung|alt[\s-]texte?"
    r"|palabras?\s+claves?|meta[\s-]?descripci[oó]n(?:es)?|t[ií]tulo\s+seo|descripci[oó]n\s+corta"
    r"|descripci[oó]n\s+larga|texto\s+alternativo"
    r"|parol[ae]\s+chiav[ei]|meta[\s-]?descrizion[ei]|titolo\s+seo|descrizione\s+breve"
    r"|descrizione\s+lunga|testo\s+alternativo"
    r"|الكلمات\s+المفتاحية|كلمة\s+مفتاحية|الكلمة\s+المفتاحية|الوصف\s+التعريفي|الوصف\s+المختصر"
    r"|کلمات\s+کلیدی|کلمه\s+کلیدی|کلیدواژه|توضیحات\s+متا|متن\s+جایگزین"
    r")(?!\w)"
    r"|キーワード|メタディスクリプション|メタ説明|关键词|关键字|元描述|키워드|메타\s?설명",
    re.IGNORECASE,
)

# The model talking to the person who asked. Each entry is phrased so that ordinary copy
# ("Voici ce qu'il faut", "Hier ist alles", "以下の3つ") does not match.
_CHATTER = re.compile(
    r"(?<!\w)(?:"
    # English
    r"as an ai\b|as a language model|i'?m glad you|i am glad you|i hope this helps"
    r"|here'?s a summary of|here is a summary of|let me know if|feel free to ask|sure,? here"
    r"|certainly!? here|i'?d be happy to|in this response|i am writing (?:a|an|this)\b"
    r"|i'?m writing (?:a|an|this)\b|as you requested|as requested\b"
    r"|here is the (?:article|text|section|paragraph|copy)\b"
    r"|i (?:can ?not|can't|am unable to|am not able to) (?:write|provide|generate|create|help"
    r"|answer|produce|fulfil|complete)"
    r"|i'?m sorry,? but|i am sorry,? but|i apologi[sz]e"
    # French
    r"|je ne (?:peux|suis pas en mesure de|suis pas capable de)(?: pas)?(?: vous)?"
    r" (?:fournir|écrire|rédiger|générer|créer|répondre|aider|donner|produire|inventer"
    r"|traduire|proposer|utiliser)"
    r"|je suis désolée?|en tant qu'(?:ia|assistant|intelligence artificielle|modèle de langage)"
    r"|voici (?:le|la|une?|les|votre|vos) (?:texte|description|article|contenu|traduction"
    r"|réponse|titre|résumé|proposition)s?\b|j'espère que cela|n'hésitez pas à me"
    r"|comme (?:vous l'avez |)demandé"
    # German
    r"|ich kann (?:ihnen |dir )?(?:keine?n?|nicht)\b|es tut mir leid|als (?:ki|sprachmodell"
    r"|ki-assistent)\b|hier (?:ist|sind) (?:der|die|das|eine?|ihr|dein) (?:text|beschreibung"
    r"|artikel|inhalt|übersetzung|antwort|titel|zusammenfassung)\b|ich hoffe,? (?:das|dies)"
    r"|wie gewünscht\b"
    # Spanish
    r"|no puedo (?:escribir|proporcionar|generar|crear|ayudar|responder|dar|producir|traducir)"
    r"|lo siento,? pero|como (?:una? )?(?:ia|inteligencia artificial|modelo de lenguaje)\b"
    r"|aquí (?:está|tienes|tiene) (?:el|la|una?|tu|su) (?:texto|descripción|artículo|contenido"
    r"|traducción|respuesta|título|resumen)\b|espero que (?:esto|te|le) (?:te |le )?(?:ayude|sirva)"
    r"|como (?:me )?(?:has|ha) (?:pedido|solicitado)"
    # Italian
    r"|non posso (?:scrivere|fornire|generare|creare|aiutare|rispondere|dare|produrre|tradurre)"
    r"|mi dispiace,? ma|come (?:un'? ?)?(?:ia|intelligenza artificiale|modello linguistico)\b"
    r"|ecco (?:il|la|lo|un|una|uno|il tuo|la tua) (?:testo|descrizione|articolo|contenuto"
    r"|traduzione|risposta|titolo|riassunto)\b"
    r"|spero che (?:questo|ti|le) (?:ti |le )?(?:aiuti|sia utile)"
    r"|come (?:mi )?(?:hai|ha) (?:chiesto|richiesto)"
    # Arabic, Persian
    r"|عذرا|عذراً|آسف،|لا أستطيع|لا يمكنني|بصفتي (?:ذكاء|نموذج)|كذكاء اصطناعي"
    r"|إليك (?:النص|الوصف|المقال)"
    r"|متاسفم|متأسفم|نمی(?:\u200c)توانم|نمیتوانم|به عنوان یک (?:هوش مصنوعی|مدل زبانی)"
    r"|در اینجا (?:متن|توضیحات|مقاله)"
    r")"
    # Japanese, Chinese, Korean (no word boundaries)
    r"|申し訳(?:ありません|ございません)|AIとして|言語モデルとして|以下が(?:文章|記事|説明)"
    r"|お役に立て|作为(?:一个)?(?:AI|人工智能|语言模型)|我无法|我不能(?:提供|写|生成|回答|帮)"
    r"|抱歉|对不起|以下是(?:文章|描述|内容|翻译|标题)|希望(?:这|这些)(?:对你|能)"
    r"|죄송합니다|죄송하지만|AI로서|언어 모델로서|저는 (?:AI|인공지능)"
    r"|다음은 (?:글|설명|기사|번역)",
    re.IGNORECASE,
)


def _outside_brief(found: str, brief: str, *, numbers: bool = False) -> bool:
    """Whether ``found`` is not the brief's own words; with ``numbers``, not its numbers either
    (a shop's "engraving: max 20 characters" lets the copy say "up to 20 characters")."""
    if " ".join(found.casefold().split()) in " ".join(brief.casefold().split()):
        return False
    if numbers:
        given = set(re.findall(r"\d+", brief))
        return not given.intersection(re.findall(r"\d+", found))
    return True


def chatter(text: str) -> str | None:
    """The first phrase where the text talks to the person who asked, or None."""
    found = _CHATTER.search(text)
    return found.group(0) if found else None


def length_instruction(text: str, brief: str = "") -> str | None:
    """The first length instruction ("au maximum 60 caractères") not in the brief, or None."""
    for found in _LENGTH_INSTRUCTION.finditer(text):
        if _outside_brief(found.group(0), brief, numbers=True):
            return found.group(0).strip()
    return None


def text_count(text: str, brief: str = "") -> str | None:
    """The first count of text units ("100 mots", "50字") not in the brief, or None."""
    for found in _TEXT_COUNT.finditer(text):
        if _outside_brief(found.group(0), brief, numbers=True):
            return found.group(0).strip()
    return None


def task_words(text: str, brief: str = "") -> str | None:
    """The first name of a part of the writing job ("mots-clés", "SEO title") not in the brief."""
    for found in _TASK_WORDS.finditer(text):
        if _outside_brief(found.group(0), brief):
            return found.group(0)
    return None
