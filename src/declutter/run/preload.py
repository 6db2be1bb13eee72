"""What the worker processes' forkserver loads once, before it forks any worker: the
cleaning code and the language model. Loaded here, every worker starts with them; loaded
in a worker, the model's seconds would fall in its first page and count against that
page's --timeout-per-doc."""
from __future__ import annotations

from ..core.language import preload
from . import batch  # noqa: F401  # the cleaning code the workers run

preload()
