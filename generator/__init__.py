"""gen-models: markdown model specs -> typed Python dataclasses, reference docs and pytest tests."""

__version__ = "0.1.0"
