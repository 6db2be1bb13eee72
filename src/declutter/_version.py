"""The package's version and how its core was built, in a module of its own: every layer
may read them (the fetcher's User-Agent, the CLI's --version) without importing the
package's public surface, and the build reads the version from here (pyproject.toml:
dynamic version)."""

__version__ = "0.1.0"


def core_build() -> str:
    """How the installed core runs: "core compiled" (by Cython: setup.py) or "core as Python"
    (an editable install, or no C compiler at hand)."""
    from .core import pipeline

    return "core as Python" if pipeline.__file__.endswith(".py") else "core compiled"
