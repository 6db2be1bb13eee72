# cython: language_level=3
"""Content selection's walks and text reads in C: blocks.py's runs of text, dom.py's text
and class/id walks, and readability.py's measures.

See the package's docstring (core/cwalk/__init__.py): each function here has a Python twin
in the module that uses it, and tests check that both give the same answers."""
cimport cython
from cpython.unicode cimport PyUnicode_4BYTE_KIND, PyUnicode_DecodeUTF8, PyUnicode_FromKindAndData
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

from .nodes cimport next_in_order

from lxml.etree import tostring as _tostring

cetree.import_lxml__etree()  # lxml's C API, or ImportError: the caller uses its Python twin


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
    cdef tree.xmlNode* node = next_in_order(top, top) if top.type == tree.XML_ELEMENT_NODE else NULL
    cdef Py_ssize_t total = 0
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and node.ns is NULL and strcmp(<const char*>node.name, "a") == 0:
            text = _subtree_text(node)
            if text is None:
                text = _tostring(cetree.elementFactory(top_element._doc, node), method="text", encoding="unicode", with_tail=False)
            total += _cleaned_length(text)
        node = next_in_order(node, top)
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
        node = next_in_order(node, top)
    return found


def judged_by_class_id(root, object judge):
    """The elements below `root` (not itself) in document order that carry a class or an id
    (without a namespace) and whose "class id" string (readability-lxml's: the class, a
    space, the id; '' for an absent one) `judge` finds true, each distinct string judged
    once."""
    cdef cetree._Element top_element = root
    cdef cetree._Document doc = top_element._doc
    cdef tree.xmlNode* top = top_element._c_node
    cdef tree.xmlNode* node = next_in_order(top, top) if top.type == tree.XML_ELEMENT_NODE else NULL
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
        node = next_in_order(node, top)
    return found
