# What the walks in C share (core/cwalk/*.pyx cimport it): the order they visit nodes in.
from lxml.includes cimport tree


cdef inline tree.xmlNode* next_in_order(tree.xmlNode* node, tree.xmlNode* top) noexcept:
    """The node after `node` in document order below `top` (depth first), or NULL: only
    elements are entered, as lxml's iter() does."""
    if node.children is not NULL and node.type == tree.XML_ELEMENT_NODE:
        return node.children
    while node is not top and node.next is NULL:
        node = node.parent
    if node is top:
        return NULL
    return node.next
