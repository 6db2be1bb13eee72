"""node_blocks: the flat blocks of a tree, as the text filters and the renderers read them."""
from __future__ import annotations

from lxml import etree

from declutter.core.blocks import node_blocks
from declutter.core.dom import parse_html


def _blocks(body: str) -> list[tuple[str, str]]:
    root = parse_html(f"<html><body>{body}</body></html>")
    return [(block.kind, block.text) for block in node_blocks(root.find("body"))]


def test_what_a_reader_never_sees_is_left_out_and_the_text_around_it_kept() -> None:
    body = "<p>Before <script>var x = 1;</script>after <svg><g><text>chart label</text></g></svg>the chart.</p>"
    assert _blocks(body) == [("p", "Before after the chart.")]


def test_line_breaks_and_source_lines_stay_lines_of_one_block() -> None:
    assert _blocks("<p>  First   line<br>second\n   line  </p><p>\n\n</p><div>Next</div>") == [
        ("p", "First line\nsecond\nline"),
        ("p", "Next"),
    ]


def test_a_preformatted_block_keeps_its_spacing() -> None:
    assert _blocks("<pre>\n  indented\n    more\n</pre>") == [("pre", "  indented\n    more")]


def test_list_items_carry_their_number_depth_and_item() -> None:
    root = parse_html("<html><body><ol><li>One</li><li>Two<ul><li>Inner</li></ul></li></ol><ul><li>Dot</li></ul></body></html>")
    blocks = node_blocks(root.find("body"))
    assert [(block.text, block.ordinal, block.depth, block.item) for block in blocks] == [
        ("One", 1, 1, 1),
        ("Two", 2, 1, 2),
        ("Inner", 0, 2, 3),
        ("Dot", 0, 1, 4),
    ]


def test_linked_characters_are_counted_and_a_block_knows_where_it_ended() -> None:
    root = parse_html('<html><body><div id="box"><p>Read <a href="/x">the  whole story</a> here</p>tail text</div></body></html>')
    blocks = node_blocks(root.find("body"))
    assert [(block.text, block.link_chars) for block in blocks] == [("Read the whole story here", len("the  whole story")), ("tail text", 0)]
    assert blocks[0].element.tag == "p" and blocks[1].element.get("id") == "box"


def test_a_tag_written_in_capitals_does_what_its_name_says() -> None:
    root = parse_html("<html><body><p>One</p></body></html>")
    paragraph = root.find("body/p")
    etree.SubElement(paragraph, "BR").tail = "two"
    etree.SubElement(root.find("body"), "SCRIPT").text = "hidden()"
    assert [block.text for block in node_blocks(root.find("body"))] == ["One\ntwo"]
