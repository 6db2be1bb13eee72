"""`python -m declutter` runs the command-line interface."""
from .cli import main

main()
