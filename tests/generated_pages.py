"""Generated pages of nested elements (Hypothesis), on which the walks in C (core/cwalk) are
compared with their Python twins: each test draws from the tags, attributes and texts its
walk reads."""
from __future__ import annotations

from hypothesis import strategies as st

NO_TEXT = st.just("")


def attribute_strings(names: st.SearchStrategy[str], values: st.SearchStrategy[str], max_size: int = 3, words: int = 1) -> st.SearchStrategy[str]:
    """An element's attributes as markup (` name="value"`, up to `max_size` of them; a name
    may come twice), each value of `words` values drawn from `values`."""
    value = st.lists(values, min_size=words, max_size=words).map(" ".join)
    return st.lists(st.tuples(names, value), max_size=max_size).map(lambda pairs: "".join(f' {name}="{text}"' for name, text in pairs))


def nested_pages(
    tags: st.SearchStrategy[str],
    texts: st.SearchStrategy[str] = NO_TEXT,
    attributes: st.SearchStrategy[str] = NO_TEXT,
    tails: st.SearchStrategy[str] | None = None,
    comments: bool = False,
    depth: int = 3,
) -> st.SearchStrategy[str]:
    """A page of one to four trees of elements `depth` levels deep at most: each element of
    `tags` with `attributes`, a text and up to three children, followed by a tail (`tails`,
    by default from `texts`); with `comments`, one node in ten is a comment."""
    tail_texts = texts if tails is None else tails

    @st.composite
    def pages(draw: st.DrawFn) -> str:
        def node(level: int) -> str:
            if comments and draw(st.integers(0, 9)) == 0:
                return f"<!--{draw(texts)}-->{draw(tail_texts)}"
            tag = draw(tags)
            inner = "".join(node(level + 1) for _ in range(draw(st.integers(0, 3 if level < depth else 0))))
            return f"<{tag}{draw(attributes)}>{draw(texts)}{inner}</{tag}>{draw(tail_texts)}"

        return "<html><body>" + "".join(node(0) for _ in range(draw(st.integers(1, 4)))) + "</body></html>"

    return pages()
