"""Generated content: domain models, contract rules, sanitizer and renderers."""
