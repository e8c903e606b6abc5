"""Full-text search over every document, current and historical (see service.search)."""
