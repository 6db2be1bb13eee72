"""Comment and related markers in fr/de/es/pt/it/nl/ru/uk/sv/da/nb/fi/cs/tr/ro/hu/el/ar, as the common CMS themes and plugins
print them, in HTML (neutral class names: the heading is the only clue) and in text dumps;
and boilerplate in another language than the page."""
from __future__ import annotations

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, HEADLINE, article_page, assert_filter_removes

# language: (comment form heading, its e-mail notice, a comment-count heading, related headings)
MARKERS = {
    "fr": ("Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.", "3 commentaires", ["Vous aimerez aussi", "À lire aussi", "Articles similaires"]),
    "de": ("Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht.", "3 Kommentare", ["Das könnte Sie auch interessieren", "Ähnliche Beiträge", "Lesen Sie auch"]),
    "es": ("Deja una respuesta", "Tu dirección de correo electrónico no será publicada.", "3 comentarios", ["También te puede interesar", "Artículos relacionados", "Noticias relacionadas"]),
    "pt": ("Deixe um comentário", "O seu endereço de e-mail não será publicado.", "3 comentários", ["Você também pode gostar", "Posts relacionados", "Leia também"]),
    "it": ("Lascia un commento", "Il tuo indirizzo email non sarà pubblicato.", "3 commenti", ["Potrebbe interessarti anche", "Articoli correlati", "Leggi anche"]),
    "nl": ("Geef een reactie", "Je e-mailadres wordt niet gepubliceerd.", "3 reacties", ["Dit vind je misschien ook leuk", "Gerelateerde berichten", "Lees ook"]),
    "ru": ("Добавить комментарий", "Ваш адрес email не будет опубликован.", "3 комментария", ["Похожие записи", "Читайте также", "Вам также может понравиться"]),
    "uk": ("Залишити відповідь", "Ваша e-mail адреса не оприлюднюватиметься.", "3 коментарі", ["Схожі записи", "Читайте також", "Вам також може сподобатися"]),
    "sv": ("Lämna ett svar", "Din e-postadress kommer inte publiceras.", "3 kommentarer", ["Relaterade inlägg", "Läs också", "Du kanske också gillar"]),
    "da": ("Skriv et svar", "Din e-mailadresse vil ikke blive publiceret.", "3 kommentarer", ["Relaterede indlæg", "Læs også", "Du vil måske også kunne lide"]),
    "nb": ("Legg igjen et svar", "Din e-postadresse vil ikke bli publisert.", "3 kommentarer", ["Relaterte innlegg", "Les også", "Du vil kanskje også like"]),
    "fi": ("Jätä kommentti", "Sähköpostiosoitettasi ei julkaista.", "3 kommenttia", ["Aiheeseen liittyvät artikkelit", "Lue myös", "Saatat pitää myös näistä"]),
    "cs": ("Napsat komentář", "Vaše e-mailová adresa nebude zveřejněna.", "3 komentáře", ["Související články", "Čtěte také", "Mohlo by vás zajímat"]),
    "tr": ("Bir yanıt yazın", "E-posta adresiniz yayınlanmayacak.", "3 yorum", ["İlgili Yazılar", "Bunları da beğenebilirsiniz", "Benzer Haberler"]),
    "ro": ("Lasă un răspuns", "Adresa ta de email nu va fi publicată.", "3 comentarii", ["Articole similare", "Citește și", "Ți-ar putea plăcea și"]),
    "hu": ("Vélemény, hozzászólás?", "Az e-mail címet nem tesszük közzé.", "3 hozzászólás", ["Kapcsolódó bejegyzések", "Ez is érdekelhet", "Ajánlott cikkek"]),
    "el": ("Αφήστε μια απάντηση", "Η ηλ. διεύθυνση σας δεν δημοσιεύεται.", "3 σχόλια", ["Σχετικά άρθρα", "Διαβάστε επίσης", "Μπορεί επίσης να σας αρέσει"]),
    "ar": ("اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.", "3 تعليقات", ["مقالات ذات صلة", "اقرأ أيضا", "قد يعجبك أيضاً"]),
    "ja": ("コメントを残す", "メールアドレスが公開されることはありません。", "3件のコメント", ["関連記事", "あわせて読みたい", "こちらもおすすめ"]),
}
TEASERS = ["Titre d'un autre article...", "Noch ein Artikel über etwas anderes...", "Otro artículo sobre otra cosa..."]

GAPS: dict[tuple[str, str], str] = {}  # known gaps in the phrase lists: none today


def _languages(test: str) -> list[object]:
    return [
        pytest.param(lang, id=lang, marks=pytest.mark.xfail(strict=True, reason=GAPS[(test, lang)]) if (test, lang) in GAPS else ())
        for lang in MARKERS
    ]


@pytest.mark.parametrize("lang", _languages("comments-html"))
def test_comment_form_found_by_its_heading(lang: str) -> None:
    heading, notice, count, _ = MARKERS[lang]
    form = f'<div class="q1"><div class="q2">{count}</div><div class="q3">Un lecteur : très bon article.</div></div>' \
           f'<div class="q4"><h3>{heading}</h3><p>{notice}</p></div>'
    assert_filter_removes(article_page(inside=form, lang=lang), "comments", [count, heading, notice])


@pytest.mark.parametrize("lang", _languages("related-html"))
def test_related_block_found_by_its_heading(lang: str) -> None:
    for heading in MARKERS[lang][3]:
        block = f'<div class="r1"><div class="r2">{heading}</div>' + "".join(f'<div class="r3"><a href="/x">{t}</a></div>' for t in TEASERS) + "</div>"
        assert_filter_removes(article_page(inside=block, lang=lang), "related", [heading, *TEASERS])


@pytest.mark.parametrize("lang", _languages("comments-text"))
def test_comment_lines_in_a_text_dump(lang: str) -> None:
    heading, notice, _, _ = MARKERS[lang]
    article = declutter.clean_text("\n\n".join([HEADLINE, *ARTICLE_PARAGRAPHS, heading, notice]), explain=True)
    assert article.title == HEADLINE
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS), article.removed


@pytest.mark.parametrize("lang", _languages("related-text"))
def test_related_lines_in_a_text_dump(lang: str) -> None:
    for heading in MARKERS[lang][3]:
        article = declutter.clean_text("\n\n".join([HEADLINE, *ARTICLE_PARAGRAPHS, heading, *TEASERS]), explain=True)
        assert article.title == HEADLINE
        assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS), (heading, article.removed)


@pytest.mark.parametrize("notice", [MARKERS[lang][1] for lang in ("fr", "de", "es", "it")])
def test_a_notice_in_another_language_than_the_page(notice: str) -> None:
    form = f'<div class="c1"><h3>Leave a Reply</h3><p>{notice}</p></div>'
    assert_filter_removes(article_page(inside=form, lang="en"), "comments", ["Leave a Reply", notice])


def test_the_languages_option_limits_the_phrase_lists() -> None:
    dump = "\n\n".join([*ARTICLE_PARAGRAPHS, "Lascia un commento", "Il tuo indirizzo email non sarà pubblicato."])
    assert "Lascia un commento" not in declutter.clean_text(dump).text
    assert "Lascia un commento" in declutter.clean_text(dump, languages=("en",)).text


# Words the lists leave out, as they also open real text (検索, 広告 in Japanese): an interview's answers ("Svar:",
# "Válasz:", "Απάντηση:", "رد:" would be read as reply links heading a comment), "Imagine:" (the
# Romanian for "image", as a caption label) and a short quote ("Μου αρέσει ...", "I like ...").
KEPT_LINES = [
    "Svar: Det beror helt på vädret och på hur många som kommer.",
    "Válasz: Ez attól függ, hányan jönnek el.",
    "Απάντηση: Εξαρτάται από τον καιρό.",
    "Imagine: a bridge that closes every winter.",
    "رد: هذا يعتمد على الطقس وعلى عدد الحضور.",
    "Μου αρέσει η θάλασσα.",
    "検索エンジンは橋の話題を伝えた。",  # "search" opens a Japanese sentence
    "広告主は冬の間も港に残った。",  # and "advertisement"
]


@pytest.mark.parametrize("line", KEPT_LINES)
def test_lines_that_only_look_like_labels_are_kept(line: str) -> None:
    dump = "\n\n".join([HEADLINE, ARTICLE_PARAGRAPHS[0], line, *ARTICLE_PARAGRAPHS[1:]])
    article = declutter.clean_text(dump, explain=True)
    assert line in article.text, article.removed


# A blog's sidebar widgets of other posts and of readers' comments on them, under the titles
# the common blog themes give them, left beside the story (neutral class names).
WIDGET_TITLES = {
    "en": ("Recent Posts", "Recent Comments"),
    "de": ("Neueste Beiträge", "Neueste Kommentare"),
    "fr": ("Articles récents", "Commentaires récents"),
    "es": ("Entradas recientes", "Comentarios recientes"),
    "pl": ("Najnowsze wpisy", "Najnowsze komentarze"),
    "fi": ("Viimeisimmät artikkelit", "Viimeisimmät kommentit"),
}
WIDGET_POSTS = ["Ferry timetable for the winter", "The old swing bridge reopens", "Fish market moves to the quay"]
WIDGET_COMMENTS = ["Jane on Ferry timetable: about time too", "Sam on The old bridge: great news"]


@pytest.mark.parametrize("lang", list(WIDGET_TITLES))
def test_a_blogs_recent_posts_and_recent_comments_widgets(lang: str) -> None:
    posts_title, comments_title = WIDGET_TITLES[lang]
    posts = "".join(f'<li><a href="/p/{n}">{title}</a></li>' for n, title in enumerate(WIDGET_POSTS))
    comments = "".join(f"<li>{comment}</li>" for comment in WIDGET_COMMENTS)
    widgets = f'<div class="w1"><h2>{posts_title}</h2><ul>{posts}</ul></div><div class="w1"><h2>{comments_title}</h2><ul>{comments}</ul></div>'
    article = declutter.clean_html(article_page(inside=widgets, lang=lang), explain=True)
    leaked = [text for text in (posts_title, comments_title, *WIDGET_POSTS, *WIDGET_COMMENTS) if text in article.text]
    assert not leaked, article.removed
    assert all(paragraph in article.text for paragraph in ARTICLE_PARAGRAPHS)
    reasons = " ".join(removed.reason for removed in article.removed)
    assert posts_title in reasons and comments_title in reasons, article.removed
