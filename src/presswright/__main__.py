"""`python -m presswright` runs the CLI."""

from presswright.cli import main

main()
