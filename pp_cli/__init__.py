"""pp: a command-line knowledge base of political prisoners kept as YAML in git."""

__version__ = "0.1.0"
