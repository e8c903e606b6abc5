"""Qt views of document text: the proofreading widget the issue screen embeds."""
