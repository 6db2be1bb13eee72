# cython: language_level=3
"""Walks of a page's tree in C, over libxml2's nodes, through lxml's public C API.

A walk in Python makes a proxy object and Python strings for every element and every
attribute it looks at, a few hundred thousand small steps a page; here the walk, the
attribute names and the test of each element stay in C, and Python objects are made only
for what the caller needs. Each function has a Python twin in the module that uses it,
which runs where this module was not compiled (an editable install, no C compiler, or an
lxml whose C API does not load); tests check that both give the same answers.

Built against lxml's headers (lxml.get_include()); nothing is linked against libxml2.
"""
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memcpy, memset, strchr, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()  # lxml's C API, or ImportError: the caller uses its Python twin


cdef inline tree.xmlNode* _next_in_order(tree.xmlNode* node, tree.xmlNode* top) noexcept:
    """The node after `node` in document order below `top` (depth first), or NULL: only
    elements are entered, as lxml's iter() does."""
    if node.children is not NULL and node.type == tree.XML_ELEMENT_NODE:
        return node.children
    while node is not top and node.next is NULL:
        node = node.parent
    if node is top:
        return NULL
    return node.next


def file_candidates(root, tuple attribute_names, object listings_for):
    """CandidateFinder.find's walk (filters/patterns.py, whose Python twin is the reference).

    For every element of `root` (itself included) in document order: the names it carries
    among `attribute_names` (bytes: b"class", b"id", then the attributes that mark a
    candidate; without a namespace, as lxml's get() reads them). An element with none of
    them is judged by its tag alone; one with any, by its tag, class, id and the marking
    names it carries. Each distinct combination is passed once to `listings_for(tag,
    class, id, marks)`, with `marks` a frozenset of names (str), which returns the lists
    the element is appended to."""
    cdef cetree._Element top = root
    cdef cetree._Document doc = top._doc
    cdef tree.xmlNode* node = top._c_node
    cdef tree.xmlAttr* attribute
    cdef const char* names[64]
    cdef int count = len(attribute_names)
    cdef int i
    cdef unsigned long long mask
    if count > 64:
        raise ValueError("at most 64 attribute names")
    for i in range(count):
        names[i] = <bytes>attribute_names[i]
    marks_of_mask = {}
    listings_of = {}  # by (tag, class, id, mask): the tag as its name's address in the page's dictionary
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            mask = 0
            attribute = node.properties
            while attribute is not NULL:
                if attribute.ns is NULL:
                    for i in range(count):
                        if strcmp(<const char*>attribute.name, names[i]) == 0:
                            mask |= 1ULL << i
                            break
                attribute = attribute.next
            name_key = <size_t>node.name if node.ns is NULL else cetree.namespacedName(node)
            if mask == 0:
                key = name_key
            else:
                key = (
                    name_key,
                    cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>names[0]) if mask & 1 else None,
                    cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>names[1]) if mask & 2 else None,
                    mask >> 2,
                )
            listings = listings_of.get(key)
            if listings is None:
                marks = marks_of_mask.get(mask >> 2)
                if marks is None:
                    marks = marks_of_mask[mask >> 2] = frozenset(
                        (<bytes>attribute_names[i + 2]).decode() for i in range(count - 2) if (mask >> 2) & (1ULL << i)
                    )
                tag = cetree.namespacedName(node)
                if mask == 0:
                    listings = listings_for(tag, None, None, marks, False)
                else:
                    listings = listings_for(tag, key[1], key[2], marks, True)
                listings_of[key] = listings
            if listings:
                element = cetree.elementFactory(doc, node)
                for listing in listings:
                    listing.append(element)
        node = _next_in_order(node, top._c_node)


# --- DOM filters ---

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
    cdef tree.xmlNode* node = _next_in_order(top, top)
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
        node = _next_in_order(node, top)


cdef str _text_of(tree.xmlNode* top, Py_ssize_t size):
    """`top`'s text, of `size` bytes (measured by _measure_text, without entities): what
    lxml.html's text_content() and dom.text_content return for it."""
    cdef char buffer[_TEXT_BYTES]
    cdef Py_ssize_t at = 0
    cdef Py_ssize_t length
    cdef tree.xmlNode* node = _next_in_order(top, top)
    while node is not NULL:
        if _is_text(node) and node.content is not NULL:
            length = strlen(<const char*>node.content)
            memcpy(buffer + at, node.content, length)
            at += length
        node = _next_in_order(node, top)
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
        node = _next_in_order(node, top._c_node)
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

# --- by-lines and dates ---

from cpython.unicode cimport Py_UNICODE_ISALPHA, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER


cdef inline bint _same_name(const tree.xmlChar* name, const char* other) noexcept:
    """strcmp, but the first bytes are compared first (names mostly differ there)."""
    return <char>name[0] == other[0] and strcmp(<const char*>name, other) == 0


cdef inline tree.xmlNode* _text_node_or_skip(tree.xmlNode* node) noexcept:
    """`node` or the first text or CDATA node after it, skipping XInclude markers (as lxml
    collects .text and .tail); NULL at anything else."""
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            return node
        if node.type != tree.XML_XINCLUDE_START and node.type != tree.XML_XINCLUDE_END:
            return NULL
        node = node.next
    return NULL


cdef inline int _decode(const unsigned char* s, Py_UCS4* ch) noexcept:
    """The UTF-8 code point at `s` into `ch`: its length in bytes, or 0 if not well formed."""
    cdef unsigned char b = s[0]
    if b < 0x80:
        ch[0] = b
        return 1
    if b >= 0xC2 and b < 0xE0 and (s[1] & 0xC0) == 0x80:
        ch[0] = ((b & 0x1F) << 6) | (s[1] & 0x3F)
        return 2
    if b >= 0xE0 and b < 0xF0 and (s[1] & 0xC0) == 0x80 and (s[2] & 0xC0) == 0x80:
        ch[0] = ((b & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F)
        return 3
    if b >= 0xF0 and b < 0xF5 and (s[1] & 0xC0) == 0x80 and (s[2] & 0xC0) == 0x80 and (s[3] & 0xC0) == 0x80:
        ch[0] = ((b & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F)
        return 4
    return 0


cdef enum:
    _MAX_WORD = 31  # the longest by-word's first word these tests compare, in characters


cdef inline Py_UCS4 _lower(Py_UCS4 ch) noexcept:
    """`ch` lowercased as str.lower() lowers it, but for İ (two characters: the caller
    lets Python judge) and the final sigma, which is read as σ here, in text and words alike."""
    cdef unsigned int code = ch
    if code < 0x80:  # (ASCII: no call)
        return <Py_UCS4>(code | 0x20) if 0x41 <= code <= 0x5A else ch
    ch = Py_UNICODE_TOLOWER(ch)
    return 0x3C3 if ch == 0x3C2 else ch


cdef int _opening(tree.xmlNode* node, Py_UCS4* opening, int size) noexcept:
    """The first characters (up to `size`), lowercased by _lower, of the text lxml
    reads from the text nodes starting at `node` (an element's .text or .tail), its leading
    white space stripped as str.lstrip() strips it: how many there are (0: the text is
    empty or white space), or -1 where Python must judge the text (not well-formed UTF-8,
    or an İ)."""
    cdef const unsigned char* s
    cdef int found = 0, length
    cdef Py_UCS4 ch
    node = _text_node_or_skip(node)
    while node is not NULL:
        s = <const unsigned char*>node.content
        if s is not NULL:
            if not found:  # (the white space between tags, quickly)
                while s[0] == 0x20 or s[0] == 0x0A or s[0] == 0x09 or s[0] == 0x0D:
                    s += 1
            while s[0] != 0:
                length = _decode(s, &ch)
                if length == 0 or ch == 0x130:
                    return -1
                s += length
                if found or not Py_UNICODE_ISSPACE(ch):
                    opening[found] = _lower(ch)
                    found += 1
                    if found == size:
                        return found
        node = _text_node_or_skip(node.next)
    return found


cdef class BylineTests:
    """What byline_candidates tests texts against, read once from by-word lists: how
    by-words start (`starts`: one or two characters, lowercase), their first words
    (`first_words`, lowercase), and the tags of elements that are never by-lines
    (`skipped_tags`, bytes)."""
    cdef Py_UCS4 pairs[256]
    cdef int pair_count
    cdef Py_UCS4 singles[64]
    cdef int single_count
    cdef bint ascii_first[128]  # the ASCII characters a start begins with
    cdef Py_UCS4 words[4096]
    cdef int word_starts[257]  # word i is words[word_starts[i]:word_starts[i + 1]]
    cdef int word_count
    cdef readonly tuple skipped_tags

    def __init__(self, starts, first_words, tuple skipped_tags):
        cdef int i, at = 0
        self.pair_count = self.single_count = self.word_count = 0
        for i in range(128):
            self.ascii_first[i] = False
        for start in starts:
            if len(start) == 2 and self.pair_count < 128:
                self.pairs[2 * self.pair_count] = _lower(ord(start[0]))
                self.pairs[2 * self.pair_count + 1] = _lower(ord(start[1]))
                self.pair_count += 1
                if self.pairs[2 * self.pair_count - 2] < 128:
                    self.ascii_first[self.pairs[2 * self.pair_count - 2]] = True
            elif len(start) == 1 and self.single_count < 64:
                self.singles[self.single_count] = _lower(ord(start))
                if self.singles[self.single_count] < 128:
                    self.ascii_first[self.singles[self.single_count]] = True
                self.single_count += 1
            else:
                raise ValueError(f"by-word start {start!r}: one or two characters, at most 128 and 64")
        self.word_starts[0] = 0
        for word in first_words:
            if not 0 < len(word) <= _MAX_WORD or self.word_count == 256 or at + len(word) > 4096:
                raise ValueError(f"by-word {word!r}: 1 to {_MAX_WORD} characters, at most 256 words")
            for i in range(len(word)):
                self.words[at] = _lower(ord(word[i]))
                at += 1
            self.word_count += 1
            self.word_starts[self.word_count] = at
        self.skipped_tags = skipped_tags

    cdef bint may_start(self, const Py_UCS4* opening, int count) noexcept:
        """byline._starts_like_byword of a text opening so (lowercased, count >= 1): it
        starts with one of the two-character starts, or with a one-character start and no
        letter after it."""
        cdef int i
        if opening[0] < 128 and not self.ascii_first[opening[0]]:
            return False
        if count >= 2:
            for i in range(self.pair_count):
                if self.pairs[2 * i] == opening[0] and self.pairs[2 * i + 1] == opening[1]:
                    return True
            if Py_UNICODE_ISALPHA(opening[1]):
                return False
        for i in range(self.single_count):
            if self.singles[i] == opening[0]:
                return True
        return False

    cdef bint may_open(self, const Py_UCS4* opening, int count) noexcept:
        """A superset of what byline._opens_with_byword and _byword_element's first test
        accept of a text opening so (lowercased, count >= 1): it starts with a first word of
        one character, or with a first word and no letter after it."""
        cdef int i, j, length
        for i in range(self.word_count):
            length = self.word_starts[i + 1] - self.word_starts[i]
            if self.words[self.word_starts[i]] != opening[0] or length > count or (length > 1 and length < count and Py_UNICODE_ISALPHA(opening[length])):
                continue
            j = 1
            while j < length and self.words[self.word_starts[i] + j] == opening[j]:
                j += 1
            if j == length:
                return True
        return False


cdef class Words:
    """Words to find in attribute values (lowercase ASCII letters, digits, "-" and "_"),
    letters compared without case: `found_in` makes one pass over a value, comparing at
    each byte only the words that start with it."""
    cdef bytes _joined  # the words, each ended by a NUL
    cdef const char* _words[64]
    cdef unsigned long long _starting[256]  # by a byte of the value: the words that start with it
    cdef int _count

    def __init__(self, words):
        cdef int i, at = 0
        cdef unsigned char first
        encoded = [word.encode("ascii") for word in words]
        if not 0 < len(encoded) <= 64 or not all(word and all(c in b"abcdefghijklmnopqrstuvwxyz0123456789-_" for c in word) for word in encoded):
            raise ValueError(f"1 to 64 words of lowercase ASCII letters, digits, '-' and '_': {words!r}")
        self._joined = b"".join(word + b"\0" for word in encoded)
        self._count = len(encoded)
        for i in range(256):
            self._starting[i] = 0
        for i in range(self._count):
            self._words[i] = <const char*>self._joined + at
            at += len(encoded[i]) + 1
            first = encoded[i][0]
            self._starting[first] |= 1ULL << i
            if c'a' <= first <= c'z':
                self._starting[first - 0x20] |= 1ULL << i  # its capital

    cdef bint found_in(self, const unsigned char* s) noexcept:
        cdef unsigned long long starting
        cdef int i, j
        cdef const char* word
        while s[0] != 0:
            starting = self._starting[s[0]]
            i = 0
            while starting:
                if starting & 1:
                    word = self._words[i]
                    j = 1
                    while word[j] != 0 and (s[j] == <unsigned char>word[j] or (c'a' <= word[j] <= c'z' and s[j] == <unsigned char>word[j] - 0x20)):
                        j += 1
                    if word[j] == 0:
                        return True
                starting >>= 1
                i += 1
            s += 1
        return False


cdef bint _attributes_may_hold(tree.xmlNode* node, const char** names, int name_count, Words words, bint or_c4) noexcept:
    """One of the element's attributes `names` (without a namespace, as get() reads them)
    holds one of `words` (or a byte 0xC4 if `or_c4`: the start of ı and İ), or is not one
    text node (Python must judge it)."""
    cdef tree.xmlAttr* attribute = node.properties
    cdef tree.xmlNode* value
    cdef int i
    while attribute is not NULL:
        if attribute.ns is NULL and attribute.children is not NULL:
            for i in range(name_count):
                if _same_name(attribute.name, names[i]):
                    value = attribute.children
                    if value.next is not NULL or value.type != tree.XML_TEXT_NODE or value.content is NULL:
                        return True
                    if words.found_in(<const unsigned char*>value.content) or (or_c4 and strchr(<const char*>value.content, 0xC4) is not NULL):
                        return True
                    break
        attribute = attribute.next
    return False


cdef const char* _BYLINE_MARKS[4]
_BYLINE_MARKS[:] = [b"class", b"id", b"itemprop", b"rel"]
cdef Words _BYLINE_WORDS = Words(("author", "byline", "writer", "reporter"))


def byline_candidates(top, BylineTests tests):
    """iter_bylines' walk (core/byline.py, whose Python walk is the reference): the
    elements of `top` (itself included), in document order, that may be by-lines, a
    superset of those byline._candidate accepts: not of the skipped tags, and a class, id,
    itemprop or rel that may mark a by-line (_marked), or a .text or
    .tail that starts like a by-word (_starts_like_byword) and one that opens with a
    by-word's first word (_opens_with_byword, _byword_element)."""
    cdef cetree._Element element = top
    cdef cetree._Document doc = element._doc
    cdef tree.xmlNode* node = element._c_node
    cdef Py_UCS4 text[_MAX_WORD + 1]
    cdef Py_UCS4 tail[_MAX_WORD + 1]
    cdef int text_count, tail_count, i
    cdef bint skipped
    cdef const char* skipped_names[32]
    cdef int skipped_count = len(tests.skipped_tags)
    if skipped_count > 32:
        raise ValueError("at most 32 skipped tags")
    for i in range(skipped_count):
        skipped_names[i] = <bytes>tests.skipped_tags[i]
    found = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            skipped = False
            if node.ns is NULL:
                for i in range(skipped_count):
                    if _same_name(node.name, skipped_names[i]):
                        skipped = True
                        break
            if not skipped:
                # byline._marked, a superset: these words (as _BYLINE_TOKEN finds them with re.I,
                # which also takes ı and İ for an i) in a class, id, itemprop or rel
                if _attributes_may_hold(node, _BYLINE_MARKS, 4, _BYLINE_WORDS, True):
                    found.append(cetree.elementFactory(doc, node))
                else:
                    # the first two characters, then (for the few that may start a by-word) the rest
                    text_count = _opening(node.children, text, 2)
                    tail_count = _opening(node.next, tail, 2)
                    if text_count < 0 or tail_count < 0 or (text_count and tests.may_start(text, text_count)) or (tail_count and tests.may_start(tail, tail_count)):
                        text_count = _opening(node.children, text, _MAX_WORD + 1)
                        tail_count = _opening(node.next, tail, _MAX_WORD + 1)
                        if text_count < 0 or tail_count < 0 or (text_count and tests.may_open(text, text_count)) or (tail_count and tests.may_open(tail, tail_count)):
                            found.append(cetree.elementFactory(doc, node))
        node = _next_in_order(node, element._c_node)
    return found


cdef const char* _DATE_MARKS[3]
_DATE_MARKS[:] = [b"class", b"id", b"itemprop"]


cdef inline bint _named_one_of(tree.xmlNode* node, const char** names, int count) noexcept:
    cdef int i
    for i in range(count):
        if _same_name(node.name, names[i]):
            return True
    return False


def date_candidates(root, tuple tags, tuple always_tags, Words cues):
    """dates._date_candidates' walk (its Python walk is the reference): the descendants of
    `root` in document order whose tag (without a namespace) is among `always_tags`, or
    among `tags` with a class, id or itemprop that holds one of the `cues` (letters
    compared without case), a superset of those it keeps, which it judges again."""
    cdef cetree._Element element = root
    cdef cetree._Document doc = element._doc
    cdef tree.xmlNode* node = _next_in_order(element._c_node, element._c_node)
    cdef const char* tag_names[32]
    cdef const char* always_names[32]
    cdef int tag_count = len(tags), always_count = len(always_tags), i
    cdef const tree.xmlChar* href
    if tag_count > 32 or always_count > 32:
        raise ValueError("at most 32 tags")
    for i in range(tag_count):
        tag_names[i] = <bytes>tags[i]
    for i in range(always_count):
        always_names[i] = <bytes>always_tags[i]
    found = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            href = cetree._getNs(node)
            if href is NULL or href[0] == 0:  # (as lxml matches a tag given without a namespace)
                if _named_one_of(node, always_names, always_count) or (
                    _named_one_of(node, tag_names, tag_count) and _attributes_may_hold(node, _DATE_MARKS, 3, cues, False)
                ):
                    found.append(cetree.elementFactory(doc, node))
        node = _next_in_order(node, element._c_node)
    return found


# --- content and text ---
cimport cython
from libc.stdlib cimport malloc, realloc, free
from cpython.unicode cimport PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData


cdef struct _Buffer:
    char* chars
    Py_ssize_t length
    Py_ssize_t room


cdef int _grow(_Buffer* text, Py_ssize_t more) except -1:
    cdef Py_ssize_t room = text.room if text.room else 1024
    cdef char* chars
    while room < text.length + more:
        room *= 2
    if room != text.room:
        chars = <char*>realloc(text.chars, room)
        if chars is NULL:
            raise MemoryError()
        text.chars = chars
        text.room = room
    return 0


cdef inline bint _is_text_node(tree.xmlNode* node) noexcept:
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint _is_xinclude_node(tree.xmlNode* node) noexcept:
    return node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END


cdef Py_ssize_t _add_text_nodes(_Buffer* text, tree.xmlNode* node) except -1:
    """Appends the text and CDATA nodes from `node` on (XInclude markers passed over), what
    lxml's .text reads from an element's first child and .tail from its next sibling; how
    many bytes were added."""
    cdef Py_ssize_t start = text.length
    cdef Py_ssize_t size
    while node is not NULL and (_is_text_node(node) or _is_xinclude_node(node)):
        if node.content is not NULL and not _is_xinclude_node(node):
            size = strlen(<const char*>node.content)
            _grow(text, size)
            memcpy(text.chars + text.length, node.content, size)
            text.length += size
        node = node.next
    return text.length - start


cdef inline bint _is_walked(tree.xmlNode* node) noexcept:
    """What lxml's iterwalk() reaches: elements and entity references (not comments nor
    processing instructions, whose tails it never reads)."""
    return node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_ENTITY_REF_NODE


cdef inline tree.xmlNode* _walked_from(tree.xmlNode* node) noexcept:
    while node is not NULL and not _is_walked(node):
        node = node.next
    return node


cdef inline bint _named_ol(tree.xmlNode* node) noexcept:
    """Whether an element's tag, lower-cased, is "ol" (no namespace)."""
    cdef const char* name
    if node is NULL or node.type != tree.XML_ELEMENT_NODE or node.ns is not NULL:
        return False
    name = <const char*>node.name
    return (name[0] == c'o' or name[0] == c'O') and (name[1] == c'l' or name[1] == c'L') and name[2] == 0


cdef enum:
    _SKIPPED = 1
    _BLOCK = 2
    _BREAK = 4
    _OPENS = 8
    _ITEM = 16
    _LINK = 32


cdef object _linked_length(_Buffer* text, Py_ssize_t added):
    """len(s.strip()) of the last `added` bytes of `text`, decoded."""
    return len(PyUnicode_DecodeUTF8(text.chars + text.length - added, added, NULL).strip())


@cython.boundscheck(False)
@cython.wraparound(False)
cdef str _lines_text(str raw):
    """blocks._lines_text (its Python twin is the reference): each line of `raw` (split at
    "\\n") stripped, its runs of whitespace one space each (str.split and str.strip's
    whitespace), the empty lines dropped, the rest joined by "\\n"."""
    cdef Py_ssize_t size = len(raw), at = 0, line_end, start, end, out = 0
    cdef Py_UCS4 char
    cdef Py_UCS4* chars
    cdef bint in_space
    if size == 0:
        return ""
    chars = <Py_UCS4*>malloc(size * sizeof(Py_UCS4))
    if chars is NULL:
        raise MemoryError()
    try:
        while at <= size:
            line_end = at
            while line_end < size and raw[line_end] != u"\n":
                line_end += 1
            start = at
            end = line_end
            while start < end and raw[start].isspace():
                start += 1
            while end > start and raw[end - 1].isspace():
                end -= 1
            if start < end:
                if out:
                    chars[out] = u"\n"
                    out += 1
                in_space = False
                while start < end:
                    char = raw[start]
                    if char.isspace():
                        if not in_space:
                            chars[out] = u" "
                            out += 1
                            in_space = True
                    else:
                        chars[out] = char
                        out += 1
                        in_space = False
                    start += 1
            at = line_end + 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, out)
    finally:
        free(chars)


def lines_text(str raw):
    """blocks._lines_text in C."""
    return _lines_text(raw)


def block_runs(root, object role_of):
    """node_blocks' walk (core/blocks.py, whose Python twin is the reference): the blocks of
    `root`'s subtree, each one (text, linked characters, kind, depth, ordinal, item number,
    element): its text as node_blocks makes it (the lines of a "pre" kept, others'
    normalised: _lines_text), what the walk's open elements pass on to it, and the element
    open when it ended (None at the end of the walk); the runs whose text is empty give none. `role_of(tag)` gives an
    element tag's (role bits, block kind or None, whether it is a list)."""
    cdef cetree._Element top_element = root
    cdef cetree._Document doc = top_element._doc
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node = top
    cdef tree.xmlNode* child
    cdef tree.xmlNode* ended  # the element a block ends inside
    cdef _Buffer text
    cdef int* roles = NULL  # of the elements open, from their start
    cdef Py_ssize_t depth_open = 0, roles_room = 0
    cdef int role
    cdef Py_ssize_t in_link = 0, link_chars = 0, added, item_count = 0
    cdef bint has_parts = False  # parts gathered (even if empty of bytes: "" is never added)
    text.chars = NULL
    text.length = text.room = 0
    runs = []
    roles_of = {}  # by the name's address (no namespace) or the tag
    opened = [("p", 0, 0, 0)]  # (kind, lists open, ordinal, item number) of each element open that changes it
    list_counters = {}  # by the <ol>'s address
    try:
        while True:
            # the start of `node`
            if node.type != tree.XML_ELEMENT_NODE:
                role = _SKIPPED
                found = None
            else:
                key = <size_t>node.name if node.ns is NULL else cetree.namespacedName(node)
                found = roles_of.get(key)
                if found is None:
                    found = roles_of[key] = role_of(cetree.namespacedName(node))
                role = found[0]
            if role & _SKIPPED:
                if node is not top:
                    if _add_text_nodes(&text, node.next):
                        has_parts = True
                ended = NULL
            else:
                if role & _BLOCK:
                    if has_parts:
                        _flush(&text, runs, opened, doc, node.parent, link_chars)
                        has_parts = False
                        link_chars = 0
                elif role & _BREAK:
                    _grow(&text, 1)
                    text.chars[text.length] = c'\n'
                    text.length += 1
                    has_parts = True
                if role & _OPENS:
                    kind, lists, ordinal, item_number = opened[-1]
                    if found[1] is not None:
                        kind = found[1]
                    if found[2]:
                        lists += 1
                    if role & _ITEM:
                        item_count += 1
                        item_number = item_count
                        ordinal = 0
                        if _named_ol(node.parent):
                            ordinal = list_counters[<size_t>node.parent] = list_counters.get(<size_t>node.parent, 0) + 1
                    opened.append((kind, lists, ordinal, item_number))
                elif role & _LINK:
                    in_link += 1
                added = _add_text_nodes(&text, node.children)
                if added:
                    has_parts = True
                    if in_link:
                        link_chars += _linked_length(&text, added)
                child = _walked_from(node.children)
                if child is not NULL:
                    if depth_open == roles_room:
                        roles_room = roles_room * 2 if roles_room else 64
                        roles = <int*>realloc(roles, roles_room * sizeof(int))
                        if roles is NULL:
                            raise MemoryError()
                    roles[depth_open] = role
                    depth_open += 1
                    node = child
                    continue
                ended = node  # no child: its end comes now
            # the ends of `ended` and of the elements it closes, then the next start
            while True:
                if ended is not NULL:
                    if role:
                        if role & _BLOCK and has_parts:
                            _flush(&text, runs, opened, doc, ended, link_chars)
                            has_parts = False
                            link_chars = 0
                        if role & _OPENS:
                            opened.pop()
                        elif role & _LINK:
                            in_link -= 1
                    if ended is not top:
                        added = _add_text_nodes(&text, ended.next)
                        if added:
                            has_parts = True
                            if in_link:
                                link_chars += _linked_length(&text, added)
                if node is top:
                    break
                child = _walked_from(node.next)
                if child is not NULL:
                    node = child
                    break
                node = node.parent
                depth_open -= 1
                role = roles[depth_open]
                ended = node
            if node is top:
                break
        if has_parts:
            _flush(&text, runs, opened, doc, NULL, link_chars)
    finally:
        free(text.chars)
        free(roles)
    return runs


cdef int _flush(_Buffer* text, list runs, list opened, cetree._Document doc, tree.xmlNode* ended, Py_ssize_t link_chars) except -1:
    raw = PyUnicode_DecodeUTF8(text.chars, text.length, NULL)
    text.length = 0
    if not raw.isspace():
        kind, lists, ordinal, item_number = opened[-1]
        block_text = raw.strip("\n") if kind == "pre" else _lines_text(raw)
        if block_text and (kind != "pre" or not block_text.isspace()):  # the others' lines are stripped
            element = cetree.elementFactory(doc, ended) if ended is not NULL else None
            runs.append((block_text, link_chars, kind, lists, ordinal, item_number, element))
    return 0


from lxml.etree import tostring as _tostring


cdef object _subtree_text(tree.xmlNode* top):
    """The text and CDATA nodes of an element's subtree, as etree.tostring(method="text")
    gathers them (libxml2's xmlBufGetNodeContent); None for a subtree holding an entity
    reference (whose text libxml2 looks up: the caller serialises it)."""
    cdef tree.xmlNode* node = top.children
    cdef tree.xmlNode* first = NULL  # the one text node, while there is only one
    cdef _Buffer text
    cdef Py_ssize_t size
    if node is NULL:
        return ""
    text.chars = NULL
    text.length = text.room = 0
    try:
        while node is not NULL:
            if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
                if node.content is not NULL and node.content[0] != 0:
                    if first is NULL and text.length == 0:
                        first = node
                    else:
                        if first is not NULL:
                            size = strlen(<const char*>first.content)
                            _grow(&text, size)
                            memcpy(text.chars, first.content, size)
                            text.length = size
                            first = NULL
                        size = strlen(<const char*>node.content)
                        _grow(&text, size)
                        memcpy(text.chars + text.length, node.content, size)
                        text.length += size
            elif node.type == tree.XML_ENTITY_REF_NODE:
                return None
            # the next node in document order, as libxml2's xmlBufGetNodeContent walks
            if node.children is not NULL and node.children.type != tree.XML_ENTITY_DECL:
                node = node.children
                continue
            while node is not top and node.next is NULL:
                node = node.parent
            node = NULL if node is top else node.next
        if first is not NULL:
            return cetree.pyunicode(first.content)
        if text.length == 0:
            return ""
        return PyUnicode_DecodeUTF8(text.chars, text.length, NULL)
    finally:
        free(text.chars)


def text_content(element):
    """dom.text_content (its Python twin is the reference): etree.tostring(element,
    method="text", encoding="unicode", with_tail=False), the text and CDATA nodes of the
    subtree in document order (as libxml2 gathers them), without the serialiser's buffer
    and keyword arguments. A subtree holding an entity reference (whose text libxml2 looks
    up) is serialised as before; a node other than an element (a comment, a processing
    instruction) gives its .text, as the twin does (it has no children)."""
    cdef cetree._Element top_element = element
    if top_element._c_node.type != tree.XML_ELEMENT_NODE:
        return element.text or ""
    text = _subtree_text(top_element._c_node)
    if text is None:
        return _tostring(element, method="text", encoding="unicode", with_tail=False)
    return text


@cython.boundscheck(False)
@cython.wraparound(False)
cdef Py_ssize_t _cleaned_length(str text):
    """readability.cleaned_length (its Python twin is the reference): the length of `text`
    stripped, each run of 2+ whitespace characters counted as readability-lxml's clean()
    leaves it; whitespace as str.isspace() (and the regex \\s) reads it."""
    cdef Py_ssize_t start = 0, end = len(text), at, run_start, run_end, cleaned, total
    cdef bint newline
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    total = end - start
    at = start
    while at < end - 1:
        if not (text[at].isspace() and text[at + 1].isspace()):
            at += 1
            continue
        run_start = at
        newline = False
        while at < end and text[at].isspace():
            if text[at] == u"\n":
                newline = True
            at += 1
        if at - run_start >= 255 or newline:  # (_LONG_RUN) one character
            cleaned = 1
        else:  # a tab one space, a run of spaces and tabs from a space one space (_TABS_OR_SPACES)
            cleaned = 0
            run_end = at
            at = run_start
            while at < run_end:
                if text[at] == u" " and at + 1 < run_end and (text[at + 1] == u" " or text[at + 1] == u"\t"):
                    at += 2
                    while at < run_end and (text[at] == u" " or text[at] == u"\t"):
                        at += 1
                else:
                    at += 1
                cleaned += 1
        total -= at - run_start - cleaned
    return total


def cleaned_length(str text):
    """readability.cleaned_length in C."""
    return _cleaned_length(text)


def links_length(root):
    """The cleaned lengths (readability.cleaned_length) of the texts (dom.text_content) of
    the <a> elements below `root` (as iterdescendants("a") finds them), summed."""
    cdef cetree._Element top_element = root
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node = _next_in_order(top, top) if top.type == tree.XML_ELEMENT_NODE else NULL
    cdef Py_ssize_t total = 0
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and node.ns is NULL and strcmp(<const char*>node.name, "a") == 0:
            text = _subtree_text(node)
            if text is None:
                text = _tostring(cetree.elementFactory(top_element._doc, node), method="text", encoding="unicode", with_tail=False)
            total += _cleaned_length(text)
        node = _next_in_order(node, top)
    return total


cdef inline bint _has_class_or_id(tree.xmlNode* node) noexcept:
    cdef tree.xmlAttr* attribute = node.properties
    while attribute is not NULL:
        if attribute.ns is NULL and (strcmp(<const char*>attribute.name, "class") == 0 or strcmp(<const char*>attribute.name, "id") == 0):
            return True
        attribute = attribute.next
    return False


def with_class_or_id(root, tuple tags, bint with_root):
    """The elements of `root`'s subtree (`root` itself if `with_root`) in document order that
    carry a class or an id (without a namespace, as lxml's get() reads them), each as
    (element, class or None, id or None); only those whose tag is one of `tags` (bytes, no
    namespace, as lxml's iter(*tags) matches them), or any element for no tags."""
    cdef cetree._Element top_element = root
    cdef cetree._Document doc = top_element._doc
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node = top
    cdef const char* names[16]
    cdef int count = len(tags)
    cdef int i
    cdef bint wanted
    if count > 16:
        raise ValueError("at most 16 tags")
    for i in range(count):
        names[i] = <bytes>tags[i]
    found = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and (with_root or node is not top) and node.properties is not NULL:
            wanted = count == 0
            if not wanted and node.ns is NULL:
                for i in range(count):
                    if strcmp(<const char*>node.name, names[i]) == 0:
                        wanted = True
                        break
            if wanted and _has_class_or_id(node):
                found.append((
                    cetree.elementFactory(doc, node),
                    cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>"class"),
                    cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>"id"),
                ))
        node = _next_in_order(node, top)
    return found


def judged_by_class_id(root, object judge):
    """The elements below `root` (not itself) in document order that carry a class or an id
    (without a namespace) and whose "class id" string (readability-lxml's: the class, a
    space, the id; '' for an absent one) `judge` finds true, each distinct string judged
    once."""
    cdef cetree._Element top_element = root
    cdef cetree._Document doc = top_element._doc
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node = _next_in_order(top, top) if top.type == tree.XML_ELEMENT_NODE else NULL
    verdicts = {}
    found = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and node.properties is not NULL and _has_class_or_id(node):
            class_name = cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>"class")
            ident = cetree.attributeValueFromNsName(node, NULL, <const tree.xmlChar*>"id")
            class_id = f"{class_name or ''} {ident or ''}"
            verdict = verdicts.get(class_id)
            if verdict is None:
                verdict = verdicts[class_id] = bool(judge(class_id))
            if verdict:
                found.append(cetree.elementFactory(doc, node))
        node = _next_in_order(node, top)
    return found
