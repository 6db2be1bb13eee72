"""The package's version, in a module of its own: every layer may read it (the fetcher's
User-Agent, the CLI's --version) without importing the package's public surface, and the
build reads it from here (pyproject.toml: dynamic version)."""

__version__ = "0.1.0"
