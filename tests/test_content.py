"""Content selection: readability's candidate and the semantic container, reconciled; the
guards that keep a class name or a heading from removing the story itself."""
from __future__ import annotations

import declutter
from conftest import ARTICLE_PARAGRAPHS, HEADLINE, article_page, normalized
from declutter.core import content

LONG = ARTICLE_PARAGRAPHS


def _text(html: str) -> str:
    return normalized(declutter.clean_html(html).text)


def test_short_paragraphs_and_lists_in_the_container_are_kept() -> None:
    # readability alone drops short paragraphs and plain lists between long ones
    body = (
        f"<p>{LONG[0]}</p><p>Three things changed:</p>"
        "<ul><li>the ferry now leaves at six</li><li>the quay is open at night</li><li>tickets are sold on board</li></ul>"
        f"<p>{LONG[1]}</p><p>{LONG[2]}</p>"
    )
    text = _text(f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content">{body}</div></article></body></html>')
    for kept in ("Three things changed:", "the ferry now leaves at six", "tickets are sold on board", LONG[0], LONG[2]):
        assert kept in text


def test_a_standfirst_before_the_body_container_is_kept() -> None:
    standfirst = "Engineers found corrosion in two girders; the authority now expects the repairs to take the rest of the year."
    paragraphs = [*LONG, *(f"In the second week, {p[0].lower()}{p[1:]}" for p in LONG)]  # a body long enough to be the container
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f'<html><body><article><h1>{HEADLINE}</h1><p>{standfirst}</p><div class="entry-content">{body}</div></article></body></html>'
    text = _text(html)
    assert text.startswith(standfirst)
    assert all(p in text for p in paragraphs)
    assert HEADLINE not in text


def test_ordered_list_keeps_its_numbers_in_markdown() -> None:
    body = f"<p>{LONG[0]}</p><ol><li>Close the valve.</li><li>Drain the pipe.</li></ol><p>{LONG[1]}</p>"
    article = declutter.clean_html(f"<html><body><article>{body}</article></body></html>")
    assert "1. Close the valve." in article.markdown and "2. Drain the pipe." in article.markdown


def test_semantic_container_takes_over_when_readability_finds_little() -> None:
    # one long unbroken text in <main> with many short lines: readability scores no paragraph well
    lines = "".join(f"<div>{sentence}.</div>" for p in LONG for sentence in p.split(", "))
    text = _text(f"<html><body><nav><a href=/>Home</a></nav><main>{lines}</main></body></html>")
    assert "the authority said in a statement" in text


def test_the_container_wins_over_a_comma_heavy_blurb_readability_prefers() -> None:
    # readability scores commas: one dense blurb outscores many plain sentences
    blurb = "Opening hours, prices, parking, tickets, tours, maps, cafes, shops, toilets, lockers, lifts, ramps and more, " * 3
    sentences = [f"Sentence {n} of the story tells the reader what happened at the harbour today" for n in range(1, 11)]
    story = "".join(f"<p>{s}.</p>" for s in sentences)
    html = f'<html><body><div class="widgets"><div class="box"><p>{blurb}</p></div></div><article><h1>{HEADLINE}</h1>{story}</article></body></html>'
    text = _text(html)
    assert all(s in text for s in sentences)
    assert "Opening hours" not in text


def test_a_wrapper_whose_class_says_sidebar_is_not_removed() -> None:
    html = article_page().replace('<div class="story">', '<div class="layout has-sidebar with-widgets">')
    text = _text(html)
    assert all(p in text for p in LONG)


def test_a_sidebar_classed_story_wrapper_is_kept_on_a_script_heavy_page() -> None:
    # inline scripts and JSON can hold more characters than the story: they are not reading matter
    scripts = "<script>var state = %s;</script>" % ("[" + ",".join(['"x"'] * 6000) + "]")
    html = article_page(head=scripts, after=scripts).replace('<div class="story">', '<div class="content-with-sidebar">')
    text = _text(html)
    assert all(p in text for p in LONG)


def test_a_sidebar_classed_story_wrapper_is_kept_on_a_page_with_much_other_text() -> None:
    # the story is under a third of the page's text, but it is the page's longest run of paragraphs
    listing = "".join(f"<li>Concert number {n} at the old town hall, doors open at seven, tickets at the door.</li>" for n in range(60))
    html = article_page(after=f"<ul class='events'>{listing}</ul>").replace('<div class="story">', '<div class="article-content sticky-sidebar-relative">')
    text = _text(html)
    assert all(p in text for p in LONG)


def test_a_long_related_block_is_not_mistaken_for_the_story() -> None:
    # teasers can hold a third of the page's text; the story's paragraphs are elsewhere
    teasers = "".join(f"<div class='teaser'><h4><a href='/s{i}'>Other story {i}</a></h4><div>{LONG[i % 4][:150]} and more.</div></div>" for i in range(6))
    html = article_page(after=f'<div class="related-posts">{teasers}</div>')
    text = _text(html)
    assert all(p in text for p in LONG)
    assert "Other story" not in text and "and more." not in text


def test_a_page_wrapped_in_one_form_keeps_its_story() -> None:
    # ASP.NET and shop pages put the whole body in a <form>
    html = article_page().replace("<body>", '<body><form id="aspnetForm" action="/page">').replace("</body>", "</form></body>")
    assert all(p in _text(html) for p in LONG)


def test_a_story_inside_an_unclosed_page_header_is_kept() -> None:
    html = article_page(before='<header class="site"><a href="/">Harbour Gazette</a> <a href="/tickets">Tickets</a>').replace(
        "</body>", "</header></body>"
    )
    text = _text(html)
    assert all(p in text for p in LONG)


def test_a_story_hidden_until_a_script_reveals_it_is_kept() -> None:
    html = article_page().replace('<div class="story">', '<div class="story" style="display:none">')
    assert all(p in _text(html) for p in LONG)


def test_a_hidden_block_as_long_as_the_story_is_removed_when_the_story_shows() -> None:
    # a hidden variant (an alternative version, a collapsed duplicate) beside the visible story
    hidden = "".join(f"<p>Hidden variant {n}: {p}</p>" for n, p in enumerate(LONG))
    html = article_page(before=f'<div style="visibility: hidden">{hidden}</div>')
    text = _text(html)
    assert all(p in text for p in LONG)
    assert "Hidden variant" not in text


def test_a_small_hidden_block_is_removed() -> None:
    html = article_page(inside='<div style="display: none">Please enable JavaScript to comment.</div>')
    assert "enable JavaScript" not in _text(html)


def test_a_read_more_expander_does_not_hide_the_rest_of_the_story() -> None:
    rest = "".join(f"<p>{p}</p>" for p in LONG[2:])
    more = f'<div class="more"><h3>Read more</h3>{rest}</div>'
    html = article_page(paragraphs=LONG[:2], inside=more)
    text = _text(html)
    assert LONG[2] in text and LONG[3] in text


def test_teasers_under_a_heading_in_the_container_are_removed() -> None:
    teasers = "".join(f'<div><a href="/s{i}">Other story number {i} about the harbour</a></div>' for i in range(4))
    text = _text(article_page(inside=f"<div><h3>Related stories</h3>{teasers}</div>"))
    assert "Other story number" not in text and all(p in text for p in LONG)


def test_mathml_is_article_text() -> None:
    formula = "<math><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></math>"
    body = f"<p>{LONG[0]}</p><p>The famous relation {formula} links mass and energy, as every student learns.</p><p>{LONG[1]}</p>"
    text = _text(f"<html><body><article>{body}</article></body></html>")
    assert "E = m c 2" in text or "E=mc2" in text.replace(" ", "")


def test_explain_names_what_content_selection_left_out() -> None:
    # a short line outside the article container: no filter removes it, content selection does
    html = article_page(before='<div class="x1"><span>Weather: showers later</span></div>')
    article = declutter.clean_html(html, explain=True)
    assert "showers later" not in article.text
    left_out = [block for block in article.removed if block.filter == "content"]
    assert any("showers later" in block.snippet for block in left_out), article.removed
    assert not any(p[:40] in block.snippet for block in left_out for p in LONG)  # the article is not reported


def test_a_container_named_aside_is_not_taken_for_the_article() -> None:
    # an "aside-content" box of event listings holds more text than the short story
    items = "".join(
        f"<li>Event {n}: a meeting of the local group in the town hall, with talks and a discussion, open to all members and guests</li>"
        for n in range(40)
    )
    story = "".join(f"<p>{p}</p>" for p in LONG[:2])
    html = f'<html><body><div id="content"><article><h1>{HEADLINE}</h1>{story}</article></div><div class="aside-content"><ul>{items}</ul></div></body></html>'
    text = _text(html)
    assert LONG[0] in text and LONG[1] in text
    assert "Event 3" not in text


def test_an_article_body_inside_the_readers_community_is_not_the_article() -> None:
    # readers' posts marked up with itemprop=articleBody, longer together than the story
    story = "".join(f"<p>{p}</p>" for p in LONG)
    post = "I have crossed that bridge every day for years, and the walkway is fine, but the parking plan will not help anyone who works nights"
    replies = "".join(f'<div class="note"><p>Reader {n} wrote: {post}</p></div>' for n in range(30))
    html = (
        f'<html><body><div class="story"><h1>{HEADLINE}</h1><div itemprop="articleBody">{story}</div></div>'
        f'<div class="community-page"><div itemprop="articleBody">{replies}</div></div></body></html>'
    )
    text = _text(html)
    assert all(p in text for p in LONG)
    assert "Reader 3" not in text


def test_a_page_drawn_by_scripts_gives_the_json_ld_article_body() -> None:
    # the page shows a stub; the article's text is only in the publisher's JSON-LD articleBody
    import json

    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINE, "articleBody": "\n".join(LONG)})
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        f'<article><h1>{HEADLINE}</h1><div id="app"><p>Loading the story, please wait while the page finishes loading its content.</p></div></article></body></html>'
    )
    text = _text(html)
    assert all(p in text for p in LONG)


def test_a_page_that_shows_its_article_keeps_its_own_blocks_over_json_ld() -> None:
    import json

    ld = json.dumps({"@type": "NewsArticle", "headline": HEADLINE, "articleBody": "A short summary of the bridge closure for search engines."})
    html = article_page(head=f'<script type="application/ld+json">{ld}</script>')
    text = _text(html)
    assert all(p in text for p in LONG) and "summary of the bridge" not in text


def test_a_page_whose_text_is_only_inside_noscript_gives_it() -> None:
    # a site that draws its pages with scripts keeps a plain version for readers without them
    story = "".join(f"<p>{p}</p>" for p in LONG)
    for plain in (f"<h1>{HEADLINE}</h1>{story}", f'<div id="page"><div id="main"><h1>{HEADLINE}</h1><div id="text">{story}</div></div></div>'):
        html = f'<html><body><div id="app"><a href="/">Home</a></div><noscript>{plain}</noscript></body></html>'
        text = _text(html)
        assert all(p in text for p in LONG)


def test_a_usual_noscript_note_stays_out_of_a_shown_article() -> None:
    html = article_page(after="<noscript><p>Please enable JavaScript in your browser to see all of this site's features.</p></noscript>")
    text = _text(html)
    assert all(p in text for p in LONG) and "enable JavaScript" not in text


_PANEL = [f"In the interview, the harbour master explains point {n} of the plan: the works, the diversions, the costs and the timetable." for n in range(1, 9)]


def _sections_page(beside: str) -> str:
    """A story split over sibling boxes: paragraphs, an accordion panel (the longest box,
    a content-class container), more paragraphs; `beside` goes next to them."""
    media = [f'<div class="media"><p>{LONG[0]}</p><p>{LONG[1]}</p></div>', f'<div class="media"><p>{LONG[2]}</p><p>{LONG[3]}</p></div>']
    panel = '<div class="accordion"><div class="panel"><h4>Interview</h4><div class="panel-body">' + "".join(f"<p>{p}</p>" for p in _PANEL) + "</div></div></div>"
    return f'<html><body><h1>{HEADLINE}</h1><div class="page"><div class="news-detail">{media[0]}{panel}{media[1]}{beside}</div></div></body></html>'


def test_an_article_split_over_sibling_boxes_is_kept_whole() -> None:
    # the longest box is both the content-class container and readability's pick
    text = _text(_sections_page(""))
    assert all(p in text for p in (*LONG, *_PANEL))


def test_other_stories_beside_the_box_are_not_taken_for_its_sections() -> None:
    others = "".join(f"<article><h2>Other story {n}</h2><p>{p}</p></article>" for n, p in enumerate(LONG))
    text = _text(_sections_page(others))
    assert all(p in text for p in _PANEL) and "Other story" not in text


def test_a_list_beside_the_box_is_not_taken_for_its_sections() -> None:
    replies = "".join(f"<li>Reader {n}: {p}</li>" for n, p in enumerate(LONG))
    text = _text(_sections_page(f"<ul>{replies}</ul>"))
    assert all(p in text for p in _PANEL) and "Reader 1" not in text


def test_an_article_split_over_sibling_boxes_is_kept_whole_without_a_content_container() -> None:
    # no semantic container: readability's pick (the longest box) is where the sections are found from
    html = _sections_page("").replace("panel-body", "panel-inner")
    text = _text(html)
    assert all(p in text for p in (*LONG, *_PANEL))


def test_a_how_to_page_drawn_by_scripts_gives_its_json_ld_steps() -> None:
    # a how-to (or recipe) keeps its text in description and steps, not in an articleBody;
    # the steps' text holds markup
    import json

    steps = [{"@type": "HowToStep", "name": f"Step {n}", "itemListElement": {"@type": "HowToDirection", "text": f"<p>{p}</p>"}} for n, p in enumerate(LONG[1:], 1)]
    ld = json.dumps({"@context": "https://schema.org", "@type": "HowTo", "name": HEADLINE, "description": LONG[0], "step": steps})
    html = f'<html><head><script type="application/ld+json">{ld}</script></head><body><div id="app" data-props="{{}}"></div></body></html>'
    text = _text(html)
    assert all(p in text for p in LONG) and "<p>" not in text


def test_a_short_page_gives_all_its_prose() -> None:
    # readability keeps one of a short page's few paragraphs; the page's prose is its text
    html = (
        '<html><body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav><div class="row">'
        '<div class="col"><img src="puzzle.png"><p>How did variables work again?<br>Here is a page from our teaching material!</p></div>'
        '<div class="col"><p>Variables are no problem for you? Then see whether you can solve our puzzle, with a pencil, a rubber, and a friend!</p></div>'
        '</div><footer><a href="/imprint">Imprint</a></footer></body></html>'
    )
    text = _text(html)
    assert "How did variables work again?" in text and "solve our puzzle" in text
    assert "Imprint" not in text


def test_an_article_split_over_the_pages_top_level_boxes_is_kept_whole() -> None:
    # the body's own children are the article's boxes: an intro in a content-class box, then topics
    topics = "".join(f'<div class="topic"><div class="row"><h2>Topic {n}</h2><div class="col"><p>{p}</p><p>{_PANEL[n]}</p><p>{_PANEL[n+1]}</p></div></div></div>' for n, p in enumerate(LONG))
    html = f'<html><body><h1>{HEADLINE}</h1><section class="post-text"><p>{_PANEL[7]}</p><p>{_PANEL[6]}</p><p>{_PANEL[5]}</p></section>{topics}</body></html>'
    text = _text(html)
    assert all(p in text for p in (*LONG, *_PANEL))


def test_a_reference_list_with_words_beside_its_links_is_kept() -> None:
    # each reference is mostly its linked title, yet names its source and date beside it
    # (readability drops the box around the list as link-dense); a list of bare links (a
    # menu, teasers) in the same container stays out
    references = [
        ("Swing bridge inspection finds corrosion in the main girders of the old crossing", "Harbour Gazette. 3 May 2021."),
        ("Council agrees to a parking trial on the southern quay during the repairs", "Quay News. 9 May 2021."),
        ("Regional fund to pay for most of the repairs to historic harbour infrastructure", "Coast Daily. 12 May 2021."),
    ]
    items = "".join(f'<li><a href="/r{n}">"{title}"</a>. {source}</li>' for n, (title, source) in enumerate(references))
    links = "".join(f'<li><a href="/s{n}">Other story number {n} about the harbour</a></li>' for n in range(3))
    body = "".join(f"<p>{p}</p>" for p in LONG)
    html = f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content">{body}<h2>References</h2><div class="notes"><ol>{items}</ol></div><ul>{links}</ul></div></article></body></html>'
    text = _text(html)
    for title, source in references:
        assert f'"{title}". {source}' in text
    assert "Other story number" not in text


def test_a_sub_list_of_links_under_a_kept_list_item_is_kept() -> None:
    # the story's list item introduces a nested list of bare links (bug titles): they are
    # the item's; a list of bare links of its own stays out
    bugs = [f"Bug {n} – The swing bridge sensor reports a closed span after the repairs" for n in range(1001, 1004)]
    sub_list = "".join(f'<li><a href="/b{n}">{bug}</a></li>' for n, bug in enumerate(bugs))
    story_list = f"<ul><li>The team fixed the lighting on the northern walkway.</li><li>In progress:<ul>{sub_list}</ul></li></ul>"
    links = "".join(f'<li><a href="/s{n}">Other story number {n} about the harbour</a></li>' for n in range(3))
    body = "".join(f"<p>{p}</p>" for p in LONG)
    html = f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content">{body}<div>{story_list}</div><p>{LONG[0]}</p><ul>{links}</ul></div></article></body></html>'
    text = _text(html)
    assert "In progress:" in text
    assert all(bug in text for bug in bugs)
    assert "Other story number" not in text


def test_the_articles_table_of_contents_is_kept() -> None:
    # a run of in-page links naming the article's headings (numbered; the headings end with
    # a permalink sign); a tab bar naming one heading of a box beside them stays out
    sections = ["The inspection", "The walkway", "The parking trial", "The repair fund"]
    contents = "".join(f'<li><a href="#s{n}">{n + 1} {title}</a></li>' for n, title in enumerate(sections))
    body = "".join(f'<h2 id="s{n}">{title}<a href="#s{n}">¶</a></h2><p>{LONG[n]}</p>' for n, title in enumerate(sections))
    tabs = '<ul><li><a href="#t1">Latest</a></li><li><a href="#t2">Most read</a></li><li><a href="#t3">Weather</a></li></ul><h3>Latest</h3>'
    html = f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content"><p>{LONG[3]}</p><h2>Contents</h2><ul>{contents}</ul>{body}{tabs}<p>{LONG[1]}</p></div></article></body></html>'
    text = _text(html)
    assert all(f"{n + 1} {title}" in text for n, title in enumerate(sections))
    assert "Most read" not in text


def test_a_reference_broken_by_a_box_inside_it_is_kept_whole() -> None:
    # a widget's <div> (an icon a browser add-on put after each link) splits each reference
    # into its linked title and the rest of its sentence: the item is judged whole
    references = [
        ("Swing bridge inspection finds corrosion in the main girders", "Harbour Gazette. 3 May 2021."),
        ("Council agrees to a parking trial on the southern quay", "Quay News. 9 May 2021."),
        ("Regional fund to pay for most of the repairs", "Coast Daily. 12 May 2021."),
    ]
    items = "".join(
        f'<li><a href="/b{n}">^</a> <cite><a href="/r{n}">"{title}"</a><div class="shield"><div class="icon"></div></div>. {source}</cite></li>'
        for n, (title, source) in enumerate(references)
    )
    body = "".join(f"<p>{p}</p>" for p in LONG)
    html = f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content">{body}<h2>References</h2><div class="notes"><ol>{items}</ol></div></div></article></body></html>'
    text = _text(html)
    for title, source in references:
        assert f'"{title}"' in text and source in text


def test_a_list_of_sources_written_out_as_web_addresses_is_kept() -> None:
    sources = ["https://example.org/harbour/bridge-inspection-2021", "https://example.com/council/quay-parking-trial"]
    items = "".join(f'<li><a href="{url}">{url}</a></li>' for url in sources)
    links = "".join(f'<li><a href="/s{n}">Other story number {n} about the harbour</a></li>' for n in range(3))
    body = "".join(f"<p>{p}</p>" for p in LONG)
    html = f'<html><body><article><h1>{HEADLINE}</h1><div class="entry-content">{body}<p>Sources:</p><div class="refs"><ul>{items}</ul></div><ul>{links}</ul></div></article></body></html>'
    text = _text(html)
    assert all(url in text for url in sources)
    assert "Other story number" not in text


# Readers' replies under the story in the same page-wide wrapper, with no class, heading,
# date or signature that says so: list items of prose.
_REPLIES = (
    "I walked across the temporary walkway yesterday and it felt perfectly safe, though the queue at the ferry was long.",
    "Four million euros seems a lot for two girders, but I suppose the bridge is older than anyone living in the town.",
    "The free parking trial is a good idea; the traders on the southern quay have had a hard year already, and this helps.",
    "Does anyone know whether the night buses will still run over the bridge, or will they take the long way round now?",
    "My grandfather worked on the bridge when it was last repaired, and he always said the northern girders were the weak ones.",
    "They should have inspected it years ago instead of waiting for the corrosion to show; this was all foreseeable.",
    "Cycling over this morning was fine, but the walkway is narrow and people with prams had to wait for a long time.",
)


def _wrapper_page(story: str, replies: str) -> str:
    return f"""<html><head><title>{HEADLINE}</title></head><body>
<div id="content">
<div><h1>{HEADLINE}</h1><div>{story}</div></div>
<ol>{replies}</ol>
</div></body></html>"""


def test_what_follows_the_story_in_a_page_wide_wrapper_is_left_out() -> None:
    # the wrapper's class says content and holds the story and a thread far longer than it:
    # the story is readability's run of paragraphs under the headline, the thread is not
    story = "".join(f"<p>{p}</p>" for p in LONG)
    replies = "".join(f"<li><p>{reply}</p></li>" for reply in _REPLIES)
    article = declutter.clean_html(_wrapper_page(story, replies), explain=True)
    text = normalized(article.text)
    assert all(p in text for p in LONG)
    assert not [reply for reply in _REPLIES if reply in text]
    reasons = {removed.reason for removed in article.removed if removed.filter == "content" and removed.snippet.startswith(_REPLIES[0][:40])}
    assert reasons == {content.BEYOND_STORY_RUN}


def test_the_story_run_goes_on_over_paragraphs_readability_leaves_out() -> None:
    # a short line and a subheading after readability's paragraphs are the story's, not a thread
    story = "".join(f"<p>{p}</p>" for p in LONG[:3]) + "<h2>What comes next</h2><p>Work starts in May.</p>" + f"<p>{LONG[3]}</p>"
    replies = "".join(f"<li><p>{reply}</p></li>" for reply in _REPLIES)
    text = _text(_wrapper_page(story, replies))
    assert all(p in text for p in LONG)
    assert "What comes next" in text and "Work starts in May." in text
    assert _REPLIES[0] not in text


def test_a_box_readability_prefers_below_the_story_keeps_the_container() -> None:
    # readability's commas pick a box at the foot of the story (a fact sheet): most of the
    # container's prose comes before that box, so the container is the article, not a
    # wrapper of the page, and the story stays
    facts = "Length, 212 metres; span, 64 metres; opened, 1911; rebuilt, 1958; owner, the harbour authority; listed, yes; lanes, two; "
    story = "".join(f"<div><p>{p}</p></div>" for p in LONG)
    box = f"<div><p>{facts * 4}</p><p>{facts * 4}</p></div>"
    html = f'<html><body><main class="content"><h1>{HEADLINE}</h1>{story}<p><a href="/map">See the map</a></p>{box}</main></body></html>'
    text = _text(html)
    assert all(p in text for p in LONG)


# A short post under its headline, and, far from it, a longer box of prose: a sidebar's text
# widget ("widget_text": a content class word) or a notice readability prefers.
_SHORT_POST = (
    "<p>The winter timetable of the harbour ferry is out. Boats leave the north pier every forty minutes "
    "from six in the morning, and the last one crosses at eleven at night until the bridge reopens in spring.</p>"
    "<p>Tickets bought for the bridge bus are valid on board.</p>"
)
_WIDGET = "".join(
    f"<p>Disclaimer {n}: this site has no affiliation with the ferry operators or the harbour authority named on it. "
    "Please visit their official websites for timetables, fares and notices; all trademarks belong to their owners.</p>"
    for n in range(4)
)


def _post_beside(box: str) -> str:
    return f"""<html><head><title>Winter ferry timetable | Harbour Notes</title></head><body>
<div id="header"><a href="/">Harbour Notes</a></div>
<div class="post"><h3>Winter ferry timetable</h3><div class="post-content">{_SHORT_POST}</div></div>
{box}</body></html>"""


def test_the_story_under_its_headline_wins_over_a_longer_box_elsewhere() -> None:
    # the widget's content class made it the semantic container, and its prose outweighed
    # readability's pick (the post) twice over: the post is in the headline's box, it is not
    text = _text(_post_beside(f'<div class="sidebar-col"><div class="widget widget_text"><div class="textwidget">{_WIDGET}</div></div></div>'))
    assert "Boats leave the north pier every forty minutes" in text
    assert "Disclaimer 2" not in text
    # the other way round: readability prefers a notice, the semantic container holds the story
    notice = "<div class='note'><p>" + "This page is best viewed in an up-to-date web browser with style sheets enabled, and you may not get the full experience. " * 3 + "</p></div>"
    menu = "<ul>" + "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(12)) + "</ul>"
    page = f"""<html><head><title>Winter ferry timetable | Harbour Notes</title></head><body>{menu}
<div id="main-content"><h1>Winter ferry timetable</h1><p>24 July 2012</p><div class="media">{_SHORT_POST}</div></div>{notice}</body></html>"""
    text = _text(page)
    assert "Boats leave the north pier every forty minutes" in text
    assert "best viewed" not in text


def test_a_header_in_the_headlines_box_does_not_take_the_story_from_its_body() -> None:
    # the headline's box is the story's header (standfirst, by-line): the body beside it is the story
    header = "<header class='story-head'><h1>Winter ferry timetable</h1><p>The harbour ferry gets a winter timetable while the bridge is shut, with boats every forty minutes.</p><p>By Jane Roe</p></header>"
    body = "".join(f"<p>{p}</p>" for p in LONG)
    text = _text(f"<html><head><title>Winter ferry timetable</title></head><body><div>{header}<div class='story-body'>{body}</div></div></body></html>")
    assert all(normalized(p) in text for p in LONG)


def test_a_profile_box_before_a_short_post_in_the_container_is_not_the_story() -> None:
    # a photo post of two lines, too short for readability to be trusted: the content
    # container takes over, and it also holds the author's profile box before the headline
    profile = (
        "<div class='about'><div class='pic'><a href='/'><img src='/me.jpg' alt='me'></a></div>"
        "<div class='bio'><a href='/me'>Jane Roe (@janeroe)</a><p>I walk. I draw. I write about ferries. "
        "And a tweet is too short for it. Here I share my sketches of the harbour and those of others, "
        "with notes on the boats, the crews and the weather, twice a week since the old pier closed.</p></div></div>"
    )
    post = (
        "<div class='unit'><div class='date'>July 11th, 9:39am</div><h2><a href='/winter-ferry'>Winter ferry sketches</a></h2>"
        "<div class='photo'><p><a href='https://example.org/sketches'><img src='/ferry.jpg'></a></p>"
        "<p>Ferries drawn as the winter comes in, from the north pier at dawn to the last boat of the night.</p></div></div>"
    )
    page = f"""<html><head><title>Winter ferry sketches - Harbour Sketchbook</title></head><body>
<div id="header"><a href="/">Harbour Sketchbook</a></div>
<div id="content">{profile}{post}</div></body></html>"""
    article = declutter.clean_html(page, explain=True)
    text = normalized(article.text)
    assert "Ferries drawn as the winter comes in, from the north pier at dawn to the last boat of the night." in text
    assert "I write about ferries" not in text
    reasons = {removed.reason for removed in article.removed if removed.snippet.startswith("I walk. I draw.")}
    assert reasons == {content.BEFORE_HEADLINE_BOX}


def test_a_profile_box_before_the_story_in_the_container_is_not_the_story() -> None:
    # readability and the content container agree on a long post; the container also holds
    # the author's profile box before the post's headline: it is left out, the story stays
    profile = (
        "<div class='about'><img src='/me.jpg' alt='me'><h4>Jane Roe</h4>"
        "<p>I walk. I draw. I write about ferries, the boats, the crews and the weather on the harbour, "
        "twice a week since the old pier closed. Tips are welcome by mail.</p></div>"
    )
    body = "".join(f"<p>{p}</p>" for p in LONG)
    page = f"""<html><head><title>{HEADLINE} - Harbour Notes</title></head><body>
<div id="header"><a href="/">Harbour Notes</a></div>
<div id="content">{profile}<div class="unit"><h2>{HEADLINE}</h2><div class="entry-text">{body}</div></div></div></body></html>"""
    article = declutter.clean_html(page, explain=True)
    text = normalized(article.text)
    assert all(normalized(p) in text for p in LONG)
    assert "I write about ferries" not in text
    reasons = {removed.reason for removed in article.removed if removed.snippet.startswith("I walk. I draw.")}
    assert reasons == {content.BEFORE_HEADLINE_BOX}


def test_a_list_readability_drops_inside_the_story_is_kept_without_a_container() -> None:
    # no semantic container: readability's cleaning drops the story's list of linked
    # papers (each with words of its own); the items between its paragraphs come back, a
    # menu of bare links beside the story does not
    items = "".join(f'<li><a href="/papers/{n}">Paper {n} on the bridge</a> by Author {n}</li>' for n in range(6))
    page = f"""<html><head><title>{HEADLINE}</title></head><body><div id="nav"><a href="/">Home</a> <a href="/a">About</a></div>
<div id="wrap"><h1>{HEADLINE}</h1><p>{LONG[0]}</p><p>{LONG[1]}</p><p>The collection holds these papers:</p><ul>{items}</ul>
<p>{LONG[2]}</p><p>{LONG[3]}</p></div>
<div id="side"><ul><li><a href="/x">Archive</a></li><li><a href="/y">Contact us</a></li></ul></div></body></html>"""
    text = _text(page)
    assert all(f"Paper {n} on the bridge by Author {n}" in text for n in range(6))
    assert text.index("Paper 5 on the bridge") < text.index(normalized(LONG[2])[:40])  # in its place
    assert "Contact us" not in text


def test_a_link_roundup_in_the_container_keeps_its_items_with_words_of_their_own() -> None:
    # a week's round-up: the post is a list of links to other posts, each with a few words
    # of its own ("Study:"); readability finds no paragraph in it and the container takes
    # over, which kept only the items under half links
    roundup = [
        ("Study:", "Fan Sharing Is Worth Four Dollars And Twenty Cents"),
        ("Interview:", "The Label Boss Who Went Back To Vinyl Pressing"),
        ("A free web-sourced playlist creator", "Launches Its Public Beta"),
        *((f"Label news from the harbour {n}:", f"A Record Company Signs Its Next Band Number {n} Today") for n in range(10)),
    ]
    items = "".join(f'<li><strong>{label}</strong> <a href="/2012/10/{n}.html">{title}</a></li>' for n, (label, title) in enumerate(roundup))
    menu = "".join(f'<li><a href="/c{n}">Category {n}</a></li>' for n in range(8))
    page = f"""<html><head><title>The week in review | Music Notes</title></head><body><ul class="menu">{menu}</ul>
<div class="entry"><h2>The week in review</h2><div class="entry-content"><ul>{items}</ul><p><strong>MORE:</strong></p></div></div></body></html>"""
    text = _text(page)
    assert "Study: Fan Sharing Is Worth Four Dollars And Twenty Cents" in text
    assert "Label news from the harbour 9: A Record Company Signs Its Next Band Number 9 Today" in text
    assert "Category 3" not in text
