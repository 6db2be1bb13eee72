# cython: language_level=3
"""The candidates walk of filters/patterns.py (CandidateFinder.find) in C.

See the package's docstring (core/cwalk/__init__.py): each function here has a Python twin
in the module that uses it, and tests check that both give the same answers."""
from libc.string cimport strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

from .nodes cimport next_in_order

cetree.import_lxml__etree()  # lxml's C API, or ImportError: the caller uses its Python twin


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
        node = next_in_order(node, top._c_node)
