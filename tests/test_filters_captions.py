"""The captions filter (figure captions and credit classes in the tree) and the credits
filter (credit and copyright lines in the text)."""
from __future__ import annotations

import declutter
from conftest import article_page, assert_filter_keeps, assert_filter_removes, clean_with, normalized

CAPTION = "The old lighthouse at dawn, seen from the northern pier."


def test_figcaption_is_removed() -> None:
    figure = f'<figure><img src="l.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>'
    assert_filter_removes(article_page(inside=figure), "captions", [CAPTION])


def test_caption_and_credit_classes_are_removed() -> None:
    block = f'<div class="wp-caption"><img src="l.jpg"><p class="wp-caption-text">{CAPTION}</p><span class="photo-credit">Jane Doe</span></div>'
    assert_filter_removes(article_page(inside=block), "captions", [CAPTION, "Jane Doe"])


def test_credit_lines_are_removed_in_several_languages() -> None:
    for line in ("Harbour at dawn. Photo: Jane Doe", "Der Hafen am Morgen. Foto: Max Muster", "© AFP / Jean Dupont", "Puerto de Montevideo. Foto: Archivo", "Beitragsbild: Titelseite der Zeitung vom 2.4.2019"):
        assert_filter_removes(article_page(inside=f"<p>{line}</p>"), "credits", [line])


def test_a_paragraph_that_mentions_photos_stays() -> None:
    sentence = "The museum will show the photos from the expedition next spring, together with the diaries of its crew."
    assert_filter_keeps(article_page(inside=f"<p>{sentence}</p>"), "credits", [sentence])
    assert_filter_keeps(article_page(inside=f"<p>{sentence}</p>"), "captions", [sentence])


def test_explain_names_the_filters() -> None:
    figure = f'<figure><img src="l.jpg"><figcaption>{CAPTION}</figcaption></figure><p>Harbour at dawn. Photo: Jane Doe</p>'
    removed = declutter.clean_html(article_page(inside=figure), explain=True).removed
    assert {"captions", "credits"} <= {block.filter for block in removed}


def test_a_gallery_legend_list_is_removed() -> None:
    legends = (
        '<ul class="legends"><li><h2><span class="counter">1/2</span> Harbour at dawn</h2>'
        "<p>The fishing fleet leaves the harbour before sunrise, as it has done for two centuries.</p></li>"
        '<li><h2><span class="counter">2/2</span> The old pier</h2><p>The pier was rebuilt after the storm of 1953 with stone from the quarry.</p></li></ul>'
    )
    assert_filter_removes(article_page(inside=legends), "captions", ["fishing fleet leaves the harbour", "rebuilt after the storm"])


def test_a_long_notice_opening_with_the_copyright_sign_is_removed() -> None:
    notice = ("© 2022, The Harbour Gazette. This article is the property of The Harbour Gazette. Written permission "
              "must be obtained before reprint in online or print media. Reprinting our content without permission "
              "will be met with legal action, and quoting more than two paragraphs counts as reprinting.")
    assert len(notice) > 200
    assert_filter_removes(article_page(inside=f"<p>{notice}</p>"), "credits", [notice])


def test_a_paragraph_ending_in_a_credit_line_is_kept_whole() -> None:
    # cutting the credit out of the paragraph cost on l3s-gn1 and paid nowhere (benchmarks/ablation.py)
    prose = "All of this comes in at less than half the price of the flagships."
    html = article_page(inside=f"<p>{prose}<br>Image credit: www.example.com</p>")
    assert_filter_keeps(html, "credits", [prose, "Image credit: www.example.com"])


def test_a_label_word_inside_a_phrase_or_a_quoted_title_is_no_credit() -> None:
    field = "Primary Funding Source:"
    reference = '^ "Freeing the Source: The Story of Mozilla". Open Sources: Voices from the Open Source Revolution.'
    assert_filter_keeps(article_page(inside=f"<p>{field}</p><p>{reference}</p>"), "credits", [field, reference])
    assert_filter_removes(article_page(inside="<p>Source: Reuters</p>"), "credits", ["Source: Reuters"])


def test_a_sentence_about_copyrights_is_no_copyright_line() -> None:
    sentence = "The foundation licenses its assets, such as copyrights and trademarks, to the corporation."
    assert_filter_keeps(article_page(inside=f"<p>{sentence}</p>"), "credits", [sentence])
    assert_filter_removes(article_page(inside="<p>Copyright 2024 Harbour Gazette</p>"), "credits", ["Copyright 2024"])


def test_the_word_copyright_in_a_sentence_is_no_copyright_line() -> None:
    # A notice prints the word capitalised; in lower case it is a word of the story.
    sentences = ("The judge is no copyright novice.", "A settlement does not mean an admission of copyright infringement.")
    assert_filter_keeps(article_page(inside="".join(f"<p>{s}</p>" for s in sentences)), "credits", list(sentences))
    assert_filter_removes(article_page(inside="<p>Photo Copyright Harbour Pictures</p>"), "credits", ["Photo Copyright"])


def test_a_class_saying_what_an_element_has_or_lacks_is_no_caption_class() -> None:
    # "no_caption", "has-caption": a list item or figure named after its caption, not the caption.
    item = "The mother of the student described how her daughter was burning up from within."
    html = article_page(inside=f'<div class="superlist_item superlist_item_wide no_caption"><p>{item}</p></div>')
    assert_filter_keeps(html, "captions", [item])
    assert_filter_removes(article_page(inside=f'<div class="media-caption">{CAPTION}</div>'), "captions", [CAPTION])


def test_a_chart_embed_is_removed_with_its_labels() -> None:
    """A chart's title, lead-in and axis labels are the figure's text, as a caption is."""
    chart = (
        '<section class="interactive-embedded custom-graphic-container"><header><p>Annual interest payments are expected to triple.</p></header>'
        '<div class="interactive-graphic"><p>Interest payments on the national debt</p><p>Interest payments on the national debt</p></div></section>'
    )
    assert_filter_removes(article_page(inside=chart), "captions", ["Annual interest payments", "Interest payments on the national debt"])


PHOTO_STORY_CAPTIONS = (
    "A ferry crosses the harbour at first light while the fishing boats wait at the quay for the tide to turn.",
    "Volunteers carry lanterns along the old sea wall, where the festival has been held every autumn for a century.",
    "Children watch the parade of decorated boats from the steps of the library, wrapped in blankets against the wind.",
    "The last boat of the evening returns under the lighthouse as the crowd on the pier sings the harbour song.",
)


def test_the_captions_of_a_photo_story_stay() -> None:
    # A slideshow whose captions hold more prose than any run of paragraphs beside them:
    # the captions are the story, whatever their class says.
    slides = "".join(
        f'<div class="wp-caption"><img src="p{number}.jpg" alt=""><p class="wp-caption-text">{caption}</p></div>'
        for number, caption in enumerate(PHOTO_STORY_CAPTIONS)
    )
    intro = "The harbour festival in pictures."
    page = article_page(paragraphs=(intro,), inside=slides)
    text = normalized(clean_with(page, "captions").text)
    assert all(caption in text for caption in PHOTO_STORY_CAPTIONS)
    # beside a story longer than they are, the same captions go
    longer = article_page(inside=slides)
    text = normalized(clean_with(longer, "captions").text)
    assert not any(caption in text for caption in PHOTO_STORY_CAPTIONS)
