"""The OpenAPI 3.1 document, written by hand beside the code (openapi.yaml) and served as JSON.

Tests keep it honest: every route of the blueprint is in it and vice versa, and every API answer the
suite receives is validated against it.
"""

from functools import cache
from pathlib import Path

import yaml

SOURCE = Path(__file__).with_name("openapi.yaml")


@cache
def document() -> dict:
    """The parsed document (read once per process)."""
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
