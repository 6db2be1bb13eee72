"""Lorem-ipsum and other placeholder filler: blocks written mostly in lorem's Latin."""
from __future__ import annotations

import re

from ..blocks import Block
from . import Context

NAME = "lorem"

_LOREM_WORDS = frozenset(
    """lorem ipsum dolor sit amet consectetur consectetuer adipiscing adipisicing elit sed do eiusmod
    tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation
    ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate
    velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa
    qui officia deserunt mollit anim id est laborum at vero eos accusamus iusto odio dignissimos
    ducimus blanditiis praesentium voluptatum deleniti atque corrupti quos dolores quas molestias
    excepturi obcaecati cupiditate provident similique mollitia animi dolorum fuga harum quidem rerum
    facilis expedita distinctio nam libero tempore cum soluta nobis eligendi optio cumque nihil impedit
    quo minus quod maxime placeat facere possimus omnis voluptas assumenda repellendus temporibus autem
    quibusdam officiis debitis aut necessitatibus saepe eveniet voluptates repudiandae recusandae itaque
    earum hic tenetur sapiente delectus reiciendis voluptatibus maiores alias consequatur perferendis
    doloribus asperiores repellat perspiciatis unde natus error voluptatem accusantium doloremque
    laudantium totam rem aperiam eaque ipsa quae ab illo inventore veritatis quasi architecto beatae
    vitae dicta explicabo nemo ipsam quia aspernatur odit aut fugit consequuntur magni ratione sequi
    nesciunt neque porro quisquam dolorem adipisci numquam eius modi tempora incidunt magnam quaerat
    minima nostrum exercitationem ullam corporis suscipit laboriosam aliquid commodi vel illum
    pellentesque habitant morbi tristique senectus netus malesuada fames turpis egestas vestibulum
    tortor quam feugiat eu ante donec mauris eget semper aenean ultricies mi leo integer nunc
    vivamus curabitur sagittis lacus vel augue laoreet rutrum faucibus auctor ornare mattis
    suspendisse potenti nullam varius lectus tellus fringilla purus phasellus viverra justo nec
    ultrices dui sapien sollicitudin cras accumsan consetetur sadipscing elitr diam nonumy eirmod
    invidunt erat voluptua accusam justo duo rebum stet clita kasd gubergren takimata sanctus""".split()
)
# A block's words are its runs of letters (in any script; r"[^\W\d_]+" in its lower case),
# found fast as bytes: in UTF-8 with each ASCII letter lower-cased, every other ASCII byte a
# space and each byte of another letter "A" (no lorem word has one), once every character
# that is neither ASCII nor a letter is a space.
_WORD_BYTES = bytes(byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 else 32 if byte < 128 else 65 for byte in range(256))
_NOT_ASCII_NOR_LETTER = re.compile(r"[^\x00-\x7f](?<=[\W\d])")
_LOREM_BYTES = frozenset(word.encode() for word in _LOREM_WORDS)


def is_lorem(text: str) -> bool:
    """True if most of a block's words (at least four) are lorem-ipsum Latin."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = _NOT_ASCII_NOR_LETTER.sub(" ", lowered)
    words = lowered.encode().translate(_WORD_BYTES).split()
    if len(words) < 4:
        return False
    lorem = sum(map(_LOREM_BYTES.__contains__, words))
    return lorem >= 0.6 * len(words) and (b"lorem" in words or b"ipsum" in words or lorem >= 0.8 * len(words))


def drop_lorem(blocks: list[Block], context: Context) -> list[Block]:
    """Drop lorem-ipsum filler blocks (unless lorem is most of the page: then it is the content)."""
    lorem = [is_lorem(block.text) for block in blocks]
    lorem_chars = sum(len(block.text) for block, is_filler in zip(blocks, lorem) if is_filler)
    if lorem_chars * 2 >= sum(len(block.text) for block in blocks):
        return blocks  # a template or test page written in lorem: nothing else to keep
    kept = []
    for block, is_filler in zip(blocks, lorem):
        if not (is_filler and context.removals.block(NAME, block, "placeholder text")):
            kept.append(block)
    return kept
