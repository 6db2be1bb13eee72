# cython: language_level=3
"""The DOM filters' walks in C: the short texts of filters/sections.py and threads.py, and
the text measures and ancestor test of filters/patterns.py.

See the package's docstring (core/cwalk/__init__.py): each function here has a Python twin
in the module that uses it, and tests check that both give the same answers."""
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memcpy, memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

from .nodes cimport next_in_order

cetree.import_lxml__etree()  # lxml's C API, or ImportError: the caller uses its Python twin


cdef enum:
    _TAG_SLOTS = 256  # a table of the names a page's elements use
    _MAX_NAMES_CACHED = 192  # beyond this many names, the others are compared each time
    _TEXT_BYTES = 2048  # the longest text (in UTF-8) made a string here; a longer one is left to lxml


cdef struct _Text:
    Py_ssize_t chars  # characters of the text and CDATA nodes below an element
    Py_ssize_t size  # their bytes in UTF-8
    Py_ssize_t solid  # of the characters, ASCII ones that are not whitespace (str.isspace)
    bint wide  # a character beyond ASCII: maybe a space, maybe a letter
    bint digit  # an ASCII digit, or a character from U+0640 on (the other decimal digits are from U+0660 on)
    bint unsure  # an entity reference, whose text is not counted


cdef inline bint _is_ascii_space(unsigned char byte) noexcept:
    return byte == 32 or 9 <= byte <= 13 or 28 <= byte <= 31


cdef inline bint _is_text(tree.xmlNode* node) noexcept:
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef void _measure_text(tree.xmlNode* top, Py_ssize_t limit, _Text* text) noexcept:
    """Count the characters of `top`'s text (its text and CDATA nodes, in its elements too,
    as lxml's text serialisation reads them), up to `limit` and a little past it."""
    cdef tree.xmlNode* node = next_in_order(top, top)
    cdef const unsigned char* byte
    while node is not NULL:
        if _is_text(node):
            byte = <const unsigned char*>node.content
            if byte is not NULL:
                while byte[0] != 0:
                    if byte[0] < 0x80:
                        text.chars += 1
                        if 48 <= byte[0] <= 57:
                            text.digit = True
                        if not _is_ascii_space(byte[0]):
                            text.solid += 1
                    elif byte[0] >= 0xC0:  # the first byte of a character in UTF-8
                        text.chars += 1
                        text.wide = True
                        if byte[0] >= 0xD9:  # U+0640 and later
                            text.digit = True
                    byte += 1
                    text.size += 1
                if text.chars > limit:
                    return
        elif node.type == tree.XML_ENTITY_REF_NODE:
            text.unsure = True
        node = next_in_order(node, top)


cdef str _text_of(tree.xmlNode* top, Py_ssize_t size):
    """`top`'s text, of `size` bytes (measured by _measure_text, without entities): what
    lxml.html's text_content() and dom.text_content return for it."""
    cdef char buffer[_TEXT_BYTES]
    cdef Py_ssize_t at = 0
    cdef Py_ssize_t length
    cdef tree.xmlNode* node = next_in_order(top, top)
    while node is not NULL:
        if _is_text(node) and node.content is not NULL:
            length = strlen(<const char*>node.content)
            memcpy(buffer + at, node.content, length)
            at += length
        node = next_in_order(node, top)
    return PyUnicode_DecodeUTF8(buffer, size, NULL)


cdef struct _TagLookup:
    const char* names[64]
    int count
    const void* seen[_TAG_SLOTS]
    int index[_TAG_SLOTS]
    int cached


cdef int _tag_index(_TagLookup* lookup, const void* name) noexcept:
    """The index of the element name `name` among lookup.names, or -1: looked up once for
    each name a page uses (the parser keeps one copy of each name, so its address stands
    for it), not compared with every name at every element."""
    cdef size_t slot = ((<size_t>name) >> 4) % _TAG_SLOTS
    cdef int i
    while lookup.seen[slot] is not NULL:
        if lookup.seen[slot] == name:
            return lookup.index[slot]
        slot = (slot + 1) % _TAG_SLOTS
    for i in range(lookup.count):
        if strcmp(<const char*>name, lookup.names[i]) == 0:
            break
    else:
        i = -1
    if lookup.cached < _MAX_NAMES_CACHED:
        lookup.seen[slot] = name
        lookup.index[slot] = i
        lookup.cached += 1
    return i


cdef inline bint _held_in(tree.xmlNode* node, object elements):
    """The element is in `elements`, a set of lxml elements: an element without a proxy
    (lxml keeps its proxy in _private) is in no set."""
    return node._private is not NULL and (<object>node._private) in elements


cdef bint _holds_one_of(tree.xmlNode* node, _TagLookup* lookup) noexcept:
    """The element has a child element (without a namespace) named one of lookup.names."""
    cdef tree.xmlNode* child = node.children
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE and child.ns is NULL and _tag_index(lookup, child.name) >= 0:
            return True
        child = child.next
    return False


cdef void _start_lookup(_TagLookup* lookup, tuple names) except *:
    if len(names) > 64:
        raise ValueError("at most 64 tag names")
    lookup.count = len(names)
    lookup.cached = 0
    memset(lookup.seen, 0, sizeof(lookup.seen))
    for i in range(lookup.count):
        lookup.names[i] = <bytes>names[i]


cdef int _lxml_children(tree.xmlNode* node) noexcept:
    """len(element) in lxml: its children that are elements, comments, PIs or entities."""
    cdef int count = 0
    cdef tree.xmlNode* child = node.children
    while child is not NULL:
        if cetree._isElement(child):
            count += 1
        child = child.next
    return count


def short_text_candidates(
    root,
    tuple tag_names,
    tuple block_names,
    tuple holders_too = (),
    Py_ssize_t max_chars = 0,
    Py_ssize_t max_solid = -1,
    int max_children = -1,
    bint with_digit = False,
):
    """The elements below `root` (itself included), in document order, that may be short
    texts, each with its text (as dom.text_content gives it) or None: their tag is one of
    `tag_names` (bytes, without a namespace, as lxml's iter() matches them); they hold no
    child named one of `block_names` (a block holder, dom.block_holders) unless their tag
    is one of `holders_too`; they have `max_children` children at most (lxml's len(), when
    not -1); and their text may be `max_chars` characters at most, hold something besides
    whitespace, `max_solid` characters that are not whitespace at most (when not -1) and,
    `with_digit`, a decimal digit.

    A sieve, not the test: the tag, the holders and the children are judged exactly, the
    text is not (a character beyond ASCII may be a space or a digit; an entity's text is
    not read, and an element holding one comes with None for its text), so the caller
    tests each element returned as it tests every element without this function. What
    this leaves out, that test would leave out too."""
    cdef cetree._Element top = root
    cdef cetree._Document doc = top._doc
    cdef tree.xmlNode* node = top._c_node
    cdef _TagLookup lookup, blocks
    cdef bint exempt[64]
    cdef int i
    cdef _Text text
    _start_lookup(&lookup, tag_names)
    _start_lookup(&blocks, block_names)
    for i in range(lookup.count):
        exempt[i] = tag_names[i] in holders_too
    found = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and node.ns is NULL:
            i = _tag_index(&lookup, node.name)
            if (
                i >= 0
                and (max_children < 0 or _lxml_children(node) <= max_children)
                and (exempt[i] or not _holds_one_of(node, &blocks))
            ):
                memset(&text, 0, sizeof(text))
                _measure_text(node, max_chars, &text)
                if (
                    text.chars <= max_chars
                    and (max_solid < 0 or text.solid <= max_solid)
                    and (text.unsure or text.solid > 0 or text.wide)
                    and (not with_digit or text.unsure or text.digit)
                ):
                    found.append((
                        cetree.elementFactory(doc, node),
                        None if text.unsure or text.size > _TEXT_BYTES else _text_of(node, text.size),
                    ))
        node = next_in_order(node, top._c_node)
    return found


cdef inline Py_ssize_t _characters(const unsigned char* byte) noexcept:
    """The characters of a UTF-8 string: its bytes but the continuation bytes."""
    cdef Py_ssize_t count = 0
    while byte[0] != 0:
        if byte[0] < 0x80 or byte[0] >= 0xC0:
            count += 1
        byte += 1
    return count


cdef inline bint _named(tree.xmlNode* node, const char* name) noexcept:
    return node.type == tree.XML_ELEMENT_NODE and node.ns is NULL and strcmp(<const char*>node.name, name) == 0


cdef inline bint _is_unread(tree.xmlNode* node) noexcept:
    return (
        _named(node, "script") or _named(node, "style") or _named(node, "noscript") or _named(node, "template")
    )


def text_measures(element):
    """The characters of an element's text (len of dom.text_content), of the text of each
    link in it (each <a> of element.iter("a"), counted once for each link it is in) and of
    the text of its scripts, styles, noscripts and templates (counted likewise), as a tuple;
    None for what is no element, or an element holding an entity reference (whose text is
    not read here): the caller measures those in Python (filters/patterns.py)."""
    cdef cetree._Element top_element = element
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node
    cdef Py_ssize_t chars = 0, linked = 0, unread = 0, length
    cdef int links, unreads
    if top.type != tree.XML_ELEMENT_NODE:
        return None
    links = _named(top, "a")
    unreads = _is_unread(top)
    node = top.children
    while node is not NULL:
        if _is_text(node):
            if node.content is not NULL:
                length = _characters(<const unsigned char*>node.content)
                chars += length
                linked += length * links
                unread += length * unreads
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return None
        elif node.type == tree.XML_ELEMENT_NODE and node.children is not NULL:
            links += _named(node, "a")
            unreads += _is_unread(node)
            node = node.children
            continue
        while node.next is NULL:
            node = node.parent
            if node is top:
                return chars, linked, unread
            links -= _named(node, "a")
            unreads -= _is_unread(node)
        node = node.next
    return chars, linked, unread


def is_outermost(element, root, object selected):
    """The first of `element`'s ancestors (as iterancestors() gives them) that is in
    `selected` (a set of elements) is `root`, or, with none of them in it, its last
    ancestor is `root` (it is still in the tree under `root`); the element itself being
    `root` counts as that. patterns.select_outermost's test, without a proxy for each
    ancestor."""
    cdef cetree._Element start = element
    cdef cetree._Element top_element = root
    cdef tree.xmlNode* top = start._c_node
    cdef tree.xmlNode* node = top.parent
    while node is not NULL and cetree._isElement(node):
        top = node
        if _held_in(node, selected):
            break
        node = node.parent
    return top is top_element._c_node
