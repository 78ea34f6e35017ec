"""Images: provider use, processing (validate, strip, resize, encode) and alt text."""
