"""The public website: a static folder of the published issues, documents and a browser search.

``build.build(ctx, out)`` exports it; ``collect`` decides what may be published (nothing else
ever reaches the folder); ``pages``/``views`` render HTML; ``search_index`` writes the sharded
client-side index; ``feeds`` writes sitemap.xml and the Atom feed.
"""
