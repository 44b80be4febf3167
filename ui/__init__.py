"""The office window: a thin PySide6 layer that calls the core and paints what it returns."""
