"""Comment threads and story lists found by their shape (runs of similar dated blocks after
the story), under class names no list knows, in any language; and what that rule keeps."""
from __future__ import annotations

from conftest import ARTICLE_PARAGRAPHS, article_page, assert_filter_keeps, assert_filter_removes, clean_with, normalize

REPLIES = (
    "Not to be confused with the older bridge upstream, which was rebuilt in the nineties.",
    "The walkway is slippery when it rains, so please mind the gap at the northern end.",
    "Four million seems low for that much corrosion, I expect the bill to double by spring.",
    "Our shop on the quay lost half its visitors last month, the free parking cannot come soon enough.",
)


def _thread(stamps: list[str], item: str = "div", shape: str = 'class="k1 by-{n}"') -> str:
    return "\n".join(
        f'<{item} {shape.format(n=n)}><div><p>{reply}</p></div><p class="k2">{stamp}</p><hr></{item}>'
        for n, (reply, stamp) in enumerate(zip(REPLIES, stamps))
    )


def test_a_thread_of_dated_posts_under_no_telling_class() -> None:
    """Each post a reply and a signed, dated line; the wrapper's class says nothing."""
    stamps = [f"Posted by: Reader {n} at November 8, 2012 7:{10 + n} AM" for n in range(4)]
    assert_filter_removes(article_page(after=_thread(stamps)), "comments", list(REPLIES), control=True)


def test_a_thread_dated_in_figures_in_another_language() -> None:
    stamps = [f"Geschrieben von Leser{n} am 0{n + 1}.03.2011, 16:2{n}" for n in range(4)]
    assert_filter_removes(article_page(after=_thread(stamps, "li", 'class="x9"')), "comments", list(REPLIES))


def test_a_list_of_other_stories_each_dated() -> None:
    cards = "\n".join(
        f'<li><h3><a href="/news/{n}">Ferry timetable changes for the winter season, part {n}</a></h3>'
        f"<p>2012-11-0{n + 1}</p><p>The operator adds two late sailings on Fridays and drops one on Sundays.</p></li>"
        for n in range(4)
    )
    assert_filter_removes(
        article_page(after=f"<ul>{cards}</ul>"), "comments", ["Ferry timetable changes for the winter season, part 1"]
    )


def test_a_thread_with_nothing_before_it_is_the_page() -> None:
    """A forum's thread: the posts are the page's text from the first one on."""
    stamps = [f"Reader {n} 0{n + 1}.03.2011, 16:2{n}" for n in range(4)]
    page = f"<html><body><h1>Ferry timetable</h1>{_thread(stamps)}</body></html>"
    text = normalize(clean_with(page, "comments").text)
    assert all(reply in text for reply in REPLIES)


def test_entries_that_print_one_date_each_are_kept() -> None:
    """A glossary's entries, each with the same "last edited" date: not posts written apart."""
    assert_filter_keeps(article_page(inside=_thread(["13 August"] * 4)), "comments", list(REPLIES))


def test_a_table_of_dated_events_is_kept() -> None:
    rows = "\n".join(f"<tr><td>{n + 2} May 1998</td><td>{reply}</td></tr>" for n, reply in enumerate(REPLIES))
    assert_filter_keeps(article_page(inside=f"<table>{rows}</table>"), "comments", list(REPLIES))


def test_dated_steps_of_the_story_itself_are_kept() -> None:
    """The story is told as dated sections, the first one holding most of its prose."""
    first = "<div class='step'><p>12 May 2019</p>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS) + "</div>"
    rest = "".join(f"<div class='step'><p>1{n} June 2019</p><p>{reply}</p></div>" for n, reply in enumerate(REPLIES))
    page = f"<html><body><h1>Ferry timetable</h1><p>{REPLIES[0] * 3}</p><div>{first}{rest}</div></body></html>"
    text = normalize(clean_with(page, "comments").text)
    assert all(reply in text for reply in REPLIES[1:]) and ARTICLE_PARAGRAPHS[0] in text


def test_the_reason_is_explained() -> None:
    stamps = [f"Posted by: Reader {n} at November 8, 2012 7:{10 + n} AM" for n in range(4)]
    removed = clean_with(article_page(after=_thread(stamps)), "comments").removed
    assert any(block.reason.startswith("run of similar dated blocks") for block in removed), removed


def test_a_thread_whose_one_long_post_outweighs_the_story() -> None:
    """One reader's essay is longer than the story: the story guard would keep it as the
    page's main run of prose; the thread's shape says it is a post like the others."""
    essay = "".join(f"<p>{p} {p} {p}</p>" for p in REPLIES)
    posts = [f"<p>{reply}</p>" for reply in REPLIES[:3]] + [essay]
    thread = "\n".join(
        f'<div class="comment"><div class="comment-header">Reader {n} | November 9, 2012 1:{10 + n} AM | Reply</div>'
        f'<div class="comment-content">{post}</div></div>'
        for n, post in enumerate(posts)
    )
    assert_filter_removes(article_page(after=f'<div class="thread">{thread}</div>'), "comments", list(REPLIES))


def test_a_thread_of_terms_and_descriptions() -> None:
    """Each post a <dt> with the name and date, the reply in the <dd> after it."""
    posts = "\n".join(
        f'<dt class="c1"><span>Reader {n}</span> <span>11.06.12 at 7:{10 + n} pm</span></dt><dd class="c1"><p>{reply}</p></dd>'
        for n, reply in enumerate(REPLIES)
    )
    assert_filter_removes(article_page(after=f"<dl>{posts}</dl>"), "comments", list(REPLIES))


def test_a_list_of_references_is_kept() -> None:
    """Short and long references alternate, some dated: one list's items, not heads and posts."""
    items = "\n".join(
        f'<li>^ "Harbour report {n}" . Port authority . Retrieved {n + 1} May 2016 .</li><li>^ {reply} {reply} Retrieved 2016-10-2{n} .</li>'
        for n, reply in enumerate(REPLIES)
    )
    assert_filter_keeps(article_page(inside=f"<ol>{items}</ol>"), "comments", [f'"Harbour report {n}"' for n in range(4)])


SUMMARIES = (
    "A soldier was injured on Tuesday in a roadside attack, the military said.",
    "Three men were sentenced to life for plotting the failed car bombing.",
    "The parliament narrowly elected the opposition's choice for Speaker.",
)


def test_a_list_of_other_stories_with_no_heading_and_no_telling_class() -> None:
    """Linked titles over one-line summaries, in a box no class or heading names."""
    cards = "".join(
        f'<dt class="q1"><a href="/world/{n}.html">Other story number {n} of the day</a></dt><dd class="q2">{summary}</dd>'
        for n, summary in enumerate(SUMMARIES)
    )
    assert_filter_removes(article_page(after=f'<div id="z3"><dl>{cards}</dl></div>'), "related", list(SUMMARIES))


def test_a_list_article_with_linked_section_titles_is_kept() -> None:
    """Each entry's title links to the place it reviews, and a section of prose follows it."""
    entries = "".join(
        f'<div class="entry"><h3><a href="https://example.org/{n}">Harbour ferry number {n}</a></h3>'
        f"<p>{ARTICLE_PARAGRAPHS[n]} {ARTICLE_PARAGRAPHS[n + 1]}</p></div>"
        for n in range(3)
    )
    page = article_page(after=entries)
    text = normalize(clean_with(page, "related").text)
    assert all(f"Harbour ferry number {n}" in text for n in range(3))


STORY_SIGNED = '<p class="s1">Posted by the desk on March 20, 2007 | <a href="/p">Permalink</a></p>'


def _flat_thread(posts: list[str]) -> str:
    """Posts as bare paragraphs, each closed by a signed, dated line of one shape."""
    return "\n".join(
        f'{post}<p class="s1">Posted by: <a href="/u/{n}">Reader {n}</a> | Mar 2{n}, 2007 2:0{n}:18 PM</p>' for n, post in enumerate(posts)
    )


def test_a_flat_thread_of_paragraphs_each_closed_by_a_signed_dated_line() -> None:
    """No element wraps a post: its paragraphs, then "Posted by: name | date", again and again;
    the story's own signature line comes first, of the same shape."""
    posts = _flat_thread([f"<p>{reply}</p><p>{reply}</p>" for reply in REPLIES])
    assert_filter_removes(article_page(inside=STORY_SIGNED + "<h2>Comments</h2>" + posts), "comments", list(REPLIES))


def test_dated_sections_of_a_diary_are_kept() -> None:
    """Dated lines with nothing but the date: the story's own sections."""
    days = "\n".join(f'<p class="s1">Monday {n + 2} March 2007</p><p>{reply}</p>' for n, reply in enumerate(REPLIES))
    assert_filter_keeps(article_page(inside=days), "comments", list(REPLIES))


def test_a_thread_whose_first_post_is_the_longest_prose_on_the_page() -> None:
    """A reader's essay opens the thread: with the story's prose before it, it is a post."""
    essay = "".join(f"<p>{p} {p} {p}</p>" for p in REPLIES)
    posts = [essay] + [f"<p>{reply}</p>" for reply in REPLIES[1:]]
    thread = "\n".join(
        f'<div class="k1"><div class="k2">Reader {n} | November 9, 2012 1:{10 + n} AM</div><div class="k3">{post}</div></div>'
        for n, post in enumerate(posts)
    )
    assert_filter_removes(article_page(after=f'<div class="k0">{thread}</div>'), "comments", list(REPLIES))


LONG_REPLIES = tuple(f"{reply} {reply}" for reply in REPLIES)


def test_what_follows_a_comments_label_after_the_story_is_the_thread() -> None:
    """Once the thread begins inside the story's container, the rest is not the story: posts
    of prose with no date and no telling class included."""
    posts = "".join(f'<div class="x{n}">{reply}</div>' for n, reply in enumerate(LONG_REPLIES))
    assert_filter_removes(article_page(inside=f"<h3>4 Comments</h3>{posts}"), "comments", list(LONG_REPLIES))


def test_a_comments_label_before_the_story_takes_nothing_with_it() -> None:
    """A "3 comments" link under the headline: the story follows, and stays."""
    page = article_page(inside="", before="", title="Harbour bridge").replace("</h1>", "</h1><p><b>3 Comments</b></p>")
    assert_filter_keeps(page, "comments", [])


def test_bare_replies_between_line_breaks_after_comments_are_closed() -> None:
    """Names in bold, replies as bare text between <br>s: the text goes with its section."""
    posts = "".join(f"<br><b>Reader {n}</b><br>{reply}<br><br><hr>" for n, reply in enumerate(REPLIES))
    closed = f"<hr><b>Comments are now closed for this story</b><br>{posts}"
    assert_filter_removes(article_page(inside=closed), "comments", list(REPLIES))


def test_a_bare_comment_word_heading_part_of_the_story_takes_nothing_with_it() -> None:
    """"Comment" alone, no count: a table's column or a section of the story, not a thread."""
    table = "<table><tr><th>State</th><th>Comment</th></tr>" + "".join(f"<tr><td>s{n}</td><td>{r}</td></tr>" for n, r in enumerate(LONG_REPLIES)) + "</table>"
    assert_filter_keeps(article_page(inside=f"<h3>Comments</h3>{table}<p>{LONG_REPLIES[0]}</p>"), "comments", list(LONG_REPLIES))


STANDFIRST = (
    "The old swing bridge that carries most of the town's traffic across the harbour will stay shut to cars for months, "
    "the harbour authority said, and the works will reach well into next year, with a walkway for those on foot."
)
STANDFIRST_MORE = "Traders on the southern quay fear a quiet winter, and the council has promised them help."


def test_a_comments_count_between_the_standfirst_and_the_story_takes_nothing_with_it() -> None:
    """"12 Comments" in the meta line under a long standfirst: the story follows it in the
    same container, so the label opens no thread (the story is never removed as comments)."""
    meta = '<div class="m1"><span>By Jane Reporter</span> <span>12 Comments</span></div>'
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    page = article_page(paragraphs=(STANDFIRST, STANDFIRST_MORE), inside=f'{meta}<div class="m2">{body}</div>')
    assert_filter_keeps(page, "comments", [STANDFIRST])


def test_a_live_blogs_entries_stamped_with_the_time_of_day_are_kept() -> None:
    """A live blog: after the intro, entries each stamped with a time of day and the
    reporter's name, no date (one day's updates of one story): the story, not a thread."""
    entries = "\n".join(
        f'<div class="e1"><div class="e2"><span>{hour}:{minute:02d}</span> <b>Jane Reporter</b></div>'
        f'<div class="e3"><h3>Update {n}</h3><p>{reply}</p></div></div>'
        for n, (hour, minute, reply) in enumerate(zip((21, 20, 19, 17), (22, 1, 36, 3), REPLIES))
    )
    assert_filter_keeps(article_page(inside=f'<div class="e0">{entries}</div>'), "comments", list(REPLIES))


def test_a_thread_stamped_with_names_and_dates_still_goes_beside_the_live_blog_rule() -> None:
    """Readers' names with a date and time: a thread, though each stamp carries a time."""
    stamps = [f"Reader {n} on 1{n} November 2012 at 7:{10 + n} pm" for n in range(4)]
    assert_filter_removes(article_page(after=_thread(stamps)), "comments", list(REPLIES))


def test_a_flat_thread_with_a_one_line_thanks_among_its_posts() -> None:
    """"Welcome back!" is a reader's post too: one short post does not make the signed lines
    a list's entries."""
    posts = _flat_thread([f"<p>{reply}</p>" for reply in (*REPLIES[:2], "Welcome back!", *REPLIES[2:])])
    assert_filter_removes(article_page(inside=STORY_SIGNED + posts), "comments", list(REPLIES))


def test_a_flat_thread_whose_bar_of_links_shares_the_signatures_shape() -> None:
    """"Quote | Report this post" under each reply, in a box of the signature line's class:
    links, not a list's entry with words of its own."""
    posts = "\n".join(
        f'<div class="e1">{reply}</div><div class="b1">Posted by: reader{n}, Quayside on 8:2{n}pm Tue 1 Jan 08</div>'
        f'<div class="b1"><a href="#q{n}">Quote</a> | <a href="/report/{n}">Report this post</a></div>'
        for n, reply in enumerate(REPLIES)
    )
    story_end = '<div class="b1">Posted by the desk on 7:10pm Tue 1 Jan 08</div>'
    assert_filter_removes(article_page(inside=story_end + posts), "comments", list(REPLIES))
