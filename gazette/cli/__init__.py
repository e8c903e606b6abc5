"""The ``gazette`` command's core subcommands, one module per area (``registry`` lists them)."""
