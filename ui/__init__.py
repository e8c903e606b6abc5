"""Qt widgets and models over the core; nothing else lives here."""
