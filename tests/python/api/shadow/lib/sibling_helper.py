"""A module beside a codelet file, imported by it."""
GREETING = "hello from the sibling"
