"""pypdf post-processing: assembling editions, outlines, links, labels, volumes, text checks."""
