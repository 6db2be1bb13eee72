"""The comments filter on small pages: comment threads and comment forms, found by class/id,
by the form's shape and by their heading, inside the article's own container."""
from __future__ import annotations

import declutter
from conftest import ARTICLE_PARAGRAPHS, article_page, assert_filter_keeps, assert_filter_removes, clean_with


def test_thread_by_class_name() -> None:
    thread = """<div class="comments-area"><h3>2 Comments</h3>
      <div class="comment-body">Great write-up, thanks for covering the bridge.</div>
      <div class="comment-body">The walkway is slippery when it rains, be careful.</div></div>"""
    assert_filter_removes(
        article_page(inside=thread), "comments",
        ["2 Comments", "Great write-up, thanks for covering the bridge.", "The walkway is slippery when it rains"],
    )


def test_wordpress_respond_form() -> None:
    form = """<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply <small><a href="#">Cancel reply</a></small></h3>
      <form id="commentform"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
      <p><label>Comment</label><textarea name="comment"></textarea></p></form></div>"""
    assert_filter_removes(
        article_page(inside=form), "comments",
        ["Leave a Reply", "Cancel reply", "Your email address will not be published."],
    )


def test_form_with_a_textarea_and_no_telling_class() -> None:
    form = """<form action="/post" method="post"><div class="f1">Your name</div><input name="n">
      <div class="f2">What do you think about this story?</div><textarea name="t"></textarea></form>"""
    assert_filter_removes(article_page(inside=form), "comments", ["What do you think about this story?"])


def test_section_found_by_its_heading_alone() -> None:
    section = """<div class="k9"><div class="k8">Leave a comment</div>
      <div class="k7">Your email address will not be published.</div></div>"""
    assert_filter_removes(article_page(inside=section), "comments", ["Leave a comment", "Your email address will not be published."])


def test_thread_in_a_details_box() -> None:
    details = """<details class="box"><summary>3 comments</summary>
      <div class="x1"><div class="x2">Mara</div><div class="x3">We cross that bridge every morning with the kids, so thanks for the update.</div></div>
      <div class="x1"><div class="x2">Olu</div><div class="x3">Four million seems low for that much corrosion.</div></div>
    </details>"""
    assert_filter_removes(
        article_page(inside=details), "comments",
        ["3 comments", "We cross that bridge every morning", "Four million seems low"],
    )


def test_each_comment_marked_up_as_an_article() -> None:
    thread = """<ol class="comment-list"><li><article id="div-comment-7" class="comment-body">
      <footer class="comment-meta">Sam</footer><div class="comment-content"><p>Glad the walkway stays open for cyclists.</p></div></article></li></ol>"""
    assert_filter_removes(article_page(inside=thread), "comments", ["Glad the walkway stays open for cyclists."])


COMMENTARY = '<div class="commentary"><p>Commentary: the repair shows how little the city has spent on its bridges for two decades.</p></div>'


def test_commentary_is_not_a_comment_section() -> None:
    result = clean_with(article_page(inside=COMMENTARY), "comments")
    assert not [block for block in result.removed if block.filter == "comments"], result.removed


def test_a_commentary_block_survives_the_whole_pipeline() -> None:
    # readability-lxml's "unlikely candidates" rule matches "comment" anywhere in a class.
    article = declutter.clean_html(article_page(inside=COMMENTARY))
    assert "Commentary: the repair shows how little the city has spent" in article.text


def test_the_article_is_kept_when_it_sits_inside_a_comments_wrapper() -> None:
    # Some themes wrap the whole post, comments included, in one "comments-enabled" div.
    html = article_page().replace('<div class="story">', '<div class="post comments-enabled"><article>').replace(
        "</div>\n\n</body>", "</article></div>\n\n</body>"
    )
    assert "comments-enabled" in html and "</article>" in html
    assert_filter_keeps(html, "comments", [])


def test_a_section_whose_id_is_its_heading_made_a_slug_is_not_a_thread() -> None:
    # Docs generators name sections after their headings: the id says "responses" because
    # the heading does, not because the section holds readers' responses.
    heading = "Predictable, Scriptable Responses from Humans"
    text = "In the early days the service was built on a retrofitted distributed management system."
    section = f'<section id="predictable-scriptable-responses-from-humans-bvs1h4sd"><h2>{heading}</h2><p>{text}</p></section>'
    assert_filter_keeps(article_page(inside=section), "comments", [heading, text])
    thread = '<section id="reader-responses"><h2>Reader responses</h2><p>Great write-up, thanks for covering it.</p></section>'
    assert_filter_removes(article_page(inside=thread), "comments", ["Great write-up"])


def test_a_live_ticker_whose_entries_are_called_comments_is_kept() -> None:
    # A match report told as a live ticker: the ticker is the story, and so is each entry.
    entries = [
        "The two sides are feeling each other out in the opening minutes of the match.",
        "The corner kick comes to nothing, the keeper punches it clear of the box.",
        "A yellow card for the keeper, who took far too long over a goal kick.",
        "It is all over at the stadium: the home side held the champions to a draw.",
    ]
    ticker = "".join(
        f'<div class="live-match-comment"><span class="live-match-comment-time">{minute}\'</span>'
        f'<div class="live-match-comment-body">{entry}</div></div>'
        for minute, entry in zip((3, 55, 80, 95), entries)
    )
    html = f"""<!DOCTYPE html><html><head><title>Home side v Champions</title></head><body>
    <h1>Home side v Champions</h1><div class="live-match-comments">{ticker}</div></body></html>"""
    result = clean_with(html, "comments")
    text = " ".join(result.text.split())
    assert all(entry in text for entry in entries), result.removed


def test_a_long_thread_under_a_bare_comments_wrapper_still_loses_its_comments() -> None:
    # The story guard keeps a wrapper that holds much of the page's text; the readers'
    # comments in it are no ticker entries, and go one by one.
    replies = [
        "I cross that bridge every morning on my way to work and the walkway has been slippery for weeks now.",
        "The council should have repaired the girders ten years ago, when the first cracks were reported by the divers.",
        "Free parking on the southern quay is a good idea, but the trial is far too short to tell whether it works.",
    ]
    thread = '<div class="comments">' + "".join(
        f'<div class="comment"><div class="comment-body">{4 * f"<p>{reply}</p>"}</div></div>' for reply in replies
    ) + "</div>"
    assert_filter_removes(article_page(after=thread), "comments", [replies[0][:40], replies[2][:40]])


def test_commentlist_class_words_but_has_or_no_commentlist() -> None:
    from declutter.core.filters.comments import _COMMENT_CLASSES

    for thread in ("commentlist", "wp-commentlist", "x_commentlist y", "no-commentlist commentlist"):
        assert _COMMENT_CLASSES.search(thread), thread
    for post in ("has-commentlist", "no-commentlist", "has_commentlist", "post no-commentlist"):
        assert not _COMMENT_CLASSES.search(post), post


def test_the_story_in_an_article_whose_class_says_comments_is_kept() -> None:
    # The headline stands above the <article>, whose class names its comment count: the one
    # article around the page's longest run of prose is the story, not a reader's comment.
    html = article_page().replace('<div class="story">', "").replace("</h1>", '</h1><article class="post comments-3">')
    html = html.replace("\n\n</body>", "</article>\n\n</body>")
    assert '<article class="post comments-3">' in html and "</article>" in html
    assert_filter_keeps(html, "comments", [])


def test_a_comments_heading_over_a_readers_long_post_stays_where_the_story_ends() -> None:
    # The heading heads nothing the rule can take: the one long reader's post under it is
    # prose, longer than the short story, so the story guard keeps it. Removed alone, the
    # heading would take away the marker where the text stage ends the story.
    story = (
        "The harbour ferry will run again from Monday, the council said after a two-year pause.",
        "Tickets cost the same as before, and the first boat leaves the north quay at seven.",
    )
    reply = (
        "I have taken that ferry to work for twenty years, and the two years without it cost me an hour every day, "
        "so I am glad it is back, but the council should say why the repairs took so long and what they cost. "
    ) * 3
    html = f"""<!DOCTYPE html><html lang="en"><head><title>The ferry runs again</title></head><body>
    <div class="post"><h1>The ferry runs again</h1>{''.join(f'<p>{p}</p>' for p in story)}
    <div class="k1"><h3>2 Comments</h3><ol><li><p>{reply}</p></li><li><p>Great news, see you on the boat on Monday.</p></li></ol></div>
    </div></body></html>"""
    article = declutter.clean_html(html, explain=True)
    text = " ".join(article.text.split())
    assert all(paragraph in text for paragraph in story), article.removed
    assert "twenty years" not in text and "see you on the boat" not in text, article.removed
    assert any(block.snippet == "2 Comments" for block in article.removed), article.removed


def test_a_comments_button_goes_without_the_story_text_after_it() -> None:
    # "12 Comments" as a link under the headline leads to the thread elsewhere: the lead
    # that follows it as bare text is the story's.
    lead = "The harbour ferry will run again from Monday, the council said after a two-year pause for repairs to the north quay."
    html = article_page().replace("</h1>", f'</h1>\n<p><a href="#comments">12 Comments</a></p> {lead}\n', 1)
    assert_filter_removes(html, "comments", ["12 Comments"], article=(lead, *ARTICLE_PARAGRAPHS))
