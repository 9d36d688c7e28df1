"""`python -m jobfit` — the same command line as the `jobfit` script."""

from jobfit.cli import main

main()
