"""The build: declutter's core compiled to C by Cython where a C compiler is at hand, the
same Python source run by the interpreter where none is (pyproject.toml holds the rest).
The few walks written for C (core/cwalk/*.pyx) are built against lxml's headers; where they
are not built, their Python twins run.

The core spends its time in Python walking lxml trees, a few hundred thousand small steps a
page: compiled, the same source runs without the interpreter's dispatch, about a tenth less
CPU a page (benchmarks/interleaved.py). Nothing else changes: the modules keep Python's
semantics (no C types: annotations stay documentation, as lxml hands back subclasses of
str), their .py files ship beside them, and a module that fails to compile is left as
Python. DECLUTTER_PURE_PYTHON=1 builds nothing. An editable install (pip install -e)
compiles nothing either: a compiled module beside its source would hide every edit to it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

CORE = Path("src/declutter/core")


def _core_modules() -> list[Extension]:
    """One extension per module of declutter.core (an empty __init__ stays as it is), and
    one per .pyx: the walks written in C against lxml's C API (core/cwalk/*.pyx)."""
    modules = []
    for path in sorted([*CORE.rglob("*.py"), *CORE.rglob("*.pyx")]):
        if not path.read_text(encoding="utf-8").strip():
            continue
        name = ".".join(path.relative_to("src").with_suffix("").parts)
        modules.append(Extension(name, [path.as_posix()], optional=True))
    return modules


def _with_lxml_headers(extensions: list[Extension]) -> None:
    """The .pyx modules cimport lxml's declarations: lxml (a build requirement) ships them."""
    import lxml

    for extension in extensions:
        if any(source.endswith(".pyx") for source in extension.sources):
            extension.include_dirs = [*extension.include_dirs, *lxml.get_include()]


class CompileWhereWeCan(build_ext):
    """Cythonize the core when building a wheel, and leave as Python what cannot compile."""

    def run(self) -> None:
        if os.environ.get("DECLUTTER_PURE_PYTHON") == "1" or self.inplace or getattr(self, "editable_mode", False):
            return
        try:
            from Cython.Build import cythonize

            _with_lxml_headers(self.extensions)
            translated = cythonize(
                self.extensions,
                build_dir="build/cython",
                nthreads=os.cpu_count() or 1,
                quiet=True,
                compiler_directives={"language_level": 3, "annotation_typing": False},
            )
        except Exception as error:  # no Cython, or a module it cannot read: the wheel is Python
            print(f"declutter: not compiled ({error}); the core runs as Python", file=sys.stderr)
            return
        sources = {extension.name: extension.sources for extension in translated}
        for extension in self.extensions:  # (setuptools' own objects, as it prepared them)
            extension.sources = sources[extension.name]
        self.parallel = self.parallel or os.cpu_count()
        super().run()


setup(ext_modules=_core_modules(), cmdclass={"build_ext": CompileWhereWeCan})
