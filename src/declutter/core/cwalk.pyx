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
from libc.string cimport strcmp

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


# --- by-lines and dates ---

from cpython.unicode cimport Py_UNICODE_ISALPHA, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER


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
    ch = Py_UNICODE_TOLOWER(ch)
    return 0x3C3 if ch == 0x3C2 else ch


cdef int _opening(tree.xmlNode* node, Py_UCS4* opening) noexcept:
    """The first characters (up to _MAX_WORD + 1), lowercased by _lower, of the text lxml
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
            while s[0] != 0:
                length = _decode(s, &ch)
                if length == 0 or ch == 0x130:
                    return -1
                s += length
                if found or not Py_UNICODE_ISSPACE(ch):
                    opening[found] = _lower(ch)
                    found += 1
                    if found == _MAX_WORD + 1:
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
    cdef Py_UCS4 words[4096]
    cdef int word_starts[257]  # word i is words[word_starts[i]:word_starts[i + 1]]
    cdef int word_count
    cdef readonly tuple skipped_tags

    def __init__(self, starts, first_words, tuple skipped_tags):
        cdef int i, at = 0
        self.pair_count = self.single_count = self.word_count = 0
        for start in starts:
            if len(start) == 2 and self.pair_count < 128:
                self.pairs[2 * self.pair_count] = _lower(ord(start[0]))
                self.pairs[2 * self.pair_count + 1] = _lower(ord(start[1]))
                self.pair_count += 1
            elif len(start) == 1 and self.single_count < 64:
                self.singles[self.single_count] = _lower(ord(start))
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
            if length > count or (length < count and Py_UNICODE_ISALPHA(opening[length]) and length > 1):
                continue
            j = 0
            while j < length and self.words[self.word_starts[i] + j] == opening[j]:
                j += 1
            if j == length:
                return True
        return False


cdef inline bint _holds_rest(const unsigned char* s, const char* rest) noexcept:
    """`s` starts with `rest` (lowercase ASCII), ASCII letters compared without case."""
    cdef int i = 0
    while rest[i] != 0 and (s[i] | 0x20) == <unsigned char>rest[i]:
        i += 1
    return rest[i] == 0


cdef bint _holds_byline_word(const unsigned char* s) noexcept:
    """"author", "byline", "writer" or "reporter" may be in `s` as byline._BYLINE_TOKEN
    finds them (ignoring case): they are, ASCII letters compared without case, or `s` holds
    a ı or İ (which re.I takes for an i). One pass over `s`."""
    cdef unsigned char c
    while s[0] != 0:
        c = s[0] | 0x20
        if ((c == b'a' and _holds_rest(s + 1, b"uthor")) or (c == b'b' and _holds_rest(s + 1, b"yline"))
                or (c == b'w' and _holds_rest(s + 1, b"riter")) or (c == b'r' and _holds_rest(s + 1, b"eporter"))
                or s[0] == 0xC4):
            return True
        s += 1
    return False


cdef bint _attributes_may_mark_byline(tree.xmlNode* node) noexcept:
    """A superset of byline._marked: the element's class, id, itemprop or rel (without a
    namespace, as get() reads them) may say "author", "byline", "writer" or "reporter"
    (_holds_byline_word), or is not one text node (Python must judge it)."""
    cdef tree.xmlAttr* attribute = node.properties
    cdef tree.xmlNode* value
    cdef const char* name
    while attribute is not NULL:
        name = <const char*>attribute.name
        if attribute.ns is NULL and (strcmp(name, b"class") == 0 or strcmp(name, b"id") == 0
                                     or strcmp(name, b"itemprop") == 0 or strcmp(name, b"rel") == 0):
            value = attribute.children
            if value is not NULL:
                if value.next is not NULL or value.type != tree.XML_TEXT_NODE or value.content is NULL:
                    return True
                if _holds_byline_word(<const unsigned char*>value.content):
                    return True
        attribute = attribute.next
    return False


def byline_candidates(top, BylineTests tests):
    """iter_bylines' walk (core/byline.py, whose Python walk is the reference): the
    elements of `top` (itself included), in document order, that may be by-lines, a
    superset of those byline._candidate accepts: not of the skipped tags, and a class, id,
    itemprop or rel that may mark a by-line (_attributes_may_mark_byline), or a .text or
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
                    if strcmp(<const char*>node.name, skipped_names[i]) == 0:
                        skipped = True
                        break
            if not skipped:
                if _attributes_may_mark_byline(node):
                    found.append(cetree.elementFactory(doc, node))
                else:
                    text_count = _opening(node.children, text)
                    tail_count = _opening(node.next, tail)
                    if text_count < 0 or tail_count < 0 or (
                        ((text_count and tests.may_start(text, text_count)) or (tail_count and tests.may_start(tail, tail_count)))
                        and ((text_count and tests.may_open(text, text_count)) or (tail_count and tests.may_open(tail, tail_count)))
                    ):
                        found.append(cetree.elementFactory(doc, node))
        node = _next_in_order(node, element._c_node)
    return found
