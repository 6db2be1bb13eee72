"""Walks of a page's tree in C, over libxml2's nodes, through lxml's public C API: one
module (.pyx) for each stage whose walks it does (candidates, filters, metadata, content).

A walk in Python makes a proxy object and Python strings for every element and every
attribute it looks at, a few hundred thousand small steps a page; here the walk, the
attribute names and the test of each element stay in C, and Python objects are made only
for what the caller needs. Each function has a Python twin in the module that uses it,
which runs where these modules were not compiled (an editable install, no C compiler, or an
lxml whose C API does not load); tests check that both give the same answers.

Built against lxml's headers (lxml.get_include()); nothing is linked against libxml2.
"""
