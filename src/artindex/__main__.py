"""``python -m artindex``."""

from .cli import main

main()
