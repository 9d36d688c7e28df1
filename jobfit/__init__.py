"""The application: the `jobfit` command line and the wiring of every stage (settings, demo,
service launch). The one package that may import every other."""
