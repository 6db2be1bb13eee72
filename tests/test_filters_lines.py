"""Boilerplate lines after content selection: "Read more: <title>" labels, calls to action."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import article_page, assert_filter_keeps, assert_filter_removes, clean_with


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Ferry timetable changes for the winter season",
        "Lire aussi : Le pont tournant restera fermé jusqu'en décembre",
        "Lesen Sie auch: Die Brücke bleibt bis Dezember gesperrt",
        "LEA TAMBIÉN: El puente seguirá cerrado hasta diciembre",
        "Mire: El puente seguirá cerrado hasta diciembre",
        "Auch lesen: Die Brücke bleibt bis Dezember gesperrt",
        "Lesen Sie hier: Die Fähre fährt im Winter seltener",
    ],
)
def test_labelled_teaser_lines_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


@pytest.mark.parametrize(
    "line",
    [
        "To view the full story, please subscribe to The Harbour Gazette.",
        "Jetzt den Newsletter abonnieren und nichts verpassen!",
        "¡Suscríbete para leer sin límites!",
        "For the latest stories download the Harbour Gazette apps for iOS and Android.",
        "Síguenos en Telegram, Instagram y Twitter para recibir todas nuestras noticias",
        "Jede kleine Spende hilft unserer Redaktion!",
        "We want to hear what you think about this article. Submit a letter to the editor.",
        "(Alle Angaben ohne Gewähr)",
        "Zurück zur Startseite",
        "Diesen Artikel teilen",
        "Harbour photographer and ferry enthusiast. View all posts by Jane Doe",
    ],
)
def test_calls_to_action_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


def test_a_long_paragraph_about_subscriptions_stays() -> None:
    paragraph = (
        "The number of households that subscribe to a local newspaper fell again last year, the survey found, "
        "although readers under thirty were more likely to pay for a digital edition than five years ago, "
        "which the publishers' association called the first good news in a decade."
    )
    assert_filter_keeps(article_page(inside=f"<p>{paragraph}</p>"), "boilerplate", [paragraph])


@pytest.mark.parametrize(
    "line",
    [
        "Aktualisiert: 11.04.2020, 10:27",
        "Tags: harbour, bridges, ferries",
        "Von: Jane Doe",
        "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02",
        "Veröffentlicht am Dienstag, 6. Mai 2014 um 23:30",
        "This entry was posted in Harbour news. Bookmark the permalink.",
        "Last updated:",
        # by-lines of parts set apart by dots or bars, one of them a date or a label
        "Von Jana Wolters · 19. Februar 2024 · Kategorie: Mobilität",
        "Harbour Gazette | 04.05.2015 à 13h36 | Par Jane Doe",
        "Por Jane Doe | 03/05/2022 20:36",
    ],
)
def test_post_metadata_lines_are_removed(line: str) -> None:
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


@pytest.mark.parametrize(
    "line",
    [
        "By mid 2019, the ferry company had already cut its winter timetable twice.",
        "Von den 16 Brücken im Hafen ist nur noch eine für Autos gesperrt.",
        "Der Beitrag wurde am Montag im Regionalfernsehen gezeigt.",
        "Posted in 2019 the first timetable already showed fewer winter ferries.",
        # a blog post's own opening line, which Readability keeps as the post's text
        "Posted on Tuesday 15 October 2019 at 09:11 by Jane Doe.",
        # parts set apart by dots that hold no date: a formula, a table's figures
        "The volume is V = h · r · r · π · 0,5 for the half cylinder of the old tank.",
        "Depth 12.5 · 14.0 · 9.75",
    ],
)
def test_sentences_opening_like_post_metadata_are_kept(line: str) -> None:
    assert_filter_keeps(article_page(inside=f"<p>{line}</p>"), "boilerplate", [line])


@pytest.mark.parametrize(
    "line",
    [
        'Posted in <a href="/c/news">Harbour news</a>, <a href="/c/ferries">Ferries</a> | <a href="#comments">3 Comments</a>',
        'Filed under <a href="/c/news">Harbour news</a>',
        'Tagged <a href="/t/ferries">ferries</a>, <a href="/t/quay">quay</a>, <a href="/t/bridges">bridges</a>',
        'Kategorie <a href="/k/hafen">Hafen</a>, <a href="/k/faehren">Fähren</a>',
    ],
)
def test_a_label_over_links_is_post_metadata(line: str) -> None:
    """A post's categories or tags as links after a label, no colon: "Posted in News | 3 Comments"."""
    text = lxml.html.fromstring(f"<p>{line}</p>").text_content()
    assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "boilerplate", [text])


@pytest.mark.parametrize(
    "line",
    [
        'By <a href="/authors/jane">Jane Doe</a>',  # the story's by-line stays in the text
        'Posted by <a href="/authors/jane">Jane Doe</a>',
        # a linked title that opens with a label's word, in a list of other posts
        '<a href="/stories/9">Tags of the old harbour: a history</a> by Jane Doe',
        'Posted in 2019, <a href="/timetable">the first timetable</a> already showed fewer winter ferries to the islands.',
    ],
)
def test_by_lines_and_sentences_with_links_after_a_label_stay(line: str) -> None:
    text = lxml.html.fromstring(f"<p>{line}</p>").text_content()
    assert_filter_keeps(article_page(inside=f"<p>{line}</p>"), "boilerplate", [text])


def test_php_error_messages_are_cut_out_of_the_text() -> None:
    warning = "Warning: Creating default object from empty value in /www/htdocs/site/wp-includes/classes.php on line 407"
    inline = "Strict Standards: Only variables should be passed by reference in /www/htdocs/site/wp-includes/wp-db.php on line 785"
    sentence = "The ferry will run every hour until the bridge reopens."
    html = article_page(inside=f"<p>{warning}</p><p>{inline} {sentence}</p>")
    assert_filter_removes(html, "boilerplate", [warning, inline])
    assert sentence in clean_with(html, "boilerplate").text


def test_a_related_menu_item_above_a_dumped_story_does_not_eat_its_short_paragraphs() -> None:
    # A text dump keeps the site's menu, "Related" included, above the story: the story's
    # short opening paragraphs are no teasers. Teasers under a real "Related" heading go.
    import declutter

    story = [
        "The harbour authority closed the old swing bridge to cars on Monday, a week earlier than planned.",
        "Engineers found corrosion in two of its main girders during a routine inspection last month.",
        "Cyclists and pedestrians can still cross on a temporary walkway fixed to the northern side.",
        "Local traders asked for free parking on the southern quay while the repairs last, and the council "
        "agreed to a trial that starts next week and runs until the bridge opens again in the spring.",
    ]
    teasers = ["Ferry timetable changes for the winter", "New cycle lanes open on the quay"]
    dump = "\n".join(["Home", "News", "Related", "Sport", *story, "You May Also Like", *teasers])
    text = declutter.clean_text(dump).text
    for paragraph in story:
        assert paragraph in text
    for teaser in teasers:
        assert teaser not in text


def test_a_dumps_site_footer_after_the_story_goes_and_its_sign_off_stays() -> None:
    import declutter

    story = [
        "The harbour authority closed the old swing bridge to cars on Monday, a week earlier than planned.",
        "Engineers found corrosion in two of its main girders during a routine inspection last month.",
    ]
    sign_off = ["(AP)", "Jane Doe reports from the harbour."]
    footer = ["About us", "Advertise with the Gazette", "Imprint", "Gazette Media Group 2024"]
    article = declutter.clean_text("\n".join([*story, *sign_off, *footer]), explain=True)
    for line in [*story, *sign_off]:
        assert line in article.text
    for line in footer:
        assert line not in article.text
    assert [removed.filter for removed in article.removed] == ["chrome"] * len(footer)


def test_a_chinese_dumps_prose_ends_its_sentences_with_full_width_stops() -> None:
    # "。" ends a sentence as "." does: the story's last paragraph is found, the footer after it goes.
    import declutter

    story = [
        "港务局周一宣布，旧转桥将对汽车关闭，直到年底为止，因为工程师在例行检查中发现两根主梁严重锈蚀，需要尽快进行全面维修，费用约为四百万欧元，主要由地区历史基础设施基金支付。",
        "骑自行车的人和行人仍然可以通过固定在桥北侧的临时步道过桥，港务局表示，每天早上第一班渡轮到达之前都会对步道进行检查，确保安全无虞，并在恶劣天气和夜间大风时关闭步道。",
    ]
    sign_off = ["（新华社）", "记者 张三"]
    footer = ["关于我们", "联系我们", "广告服务", "网站地图"]
    text = declutter.clean_text("\n".join([*story, *sign_off, *footer])).text
    assert all(line in text for line in [*story, *sign_off])
    assert not [line for line in footer if line in text]
