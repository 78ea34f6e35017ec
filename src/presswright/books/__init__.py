"""Books: a brief in, a whole book out, chapter by chapter, then five formats.

- ``model``: the compiled book every exporter reads (metadata, front matter, chapters of
  plain-text blocks, back matter, cover palette). Model text is plain text here; each
  exporter escapes it for its format, so nothing a model writes reaches a file as markup.
"""
