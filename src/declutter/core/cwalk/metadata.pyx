# cython: language_level=3
"""The metadata search's walks in C: the by-line candidates of byline.py and the date-like
elements of dates.py.

See the package's docstring (core/cwalk/__init__.py): each function here has a Python twin
in the module that uses it, and tests check that both give the same answers."""
from cpython.unicode cimport Py_UNICODE_ISALPHA, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER
from libc.string cimport strchr, strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

from .nodes cimport next_in_order

cetree.import_lxml__etree()  # lxml's C API, or ImportError: the caller uses its Python twin


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
        node = next_in_order(node, element._c_node)
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
    cdef tree.xmlNode* node = next_in_order(element._c_node, element._c_node)
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
        node = next_in_order(node, element._c_node)
    return found
