"""``make bench`` can at least start: every section's module imports and is listed (branches merged apart once broke it)."""

import pkgutil

import lms.bench
from lms.bench.__main__ import SECTIONS


def test_every_bench_module_imports_and_the_named_sections_are_there():
    for module in pkgutil.iter_modules(lms.bench.__path__):
        __import__(f"lms.bench.{module.name}")
    assert {"save", "capacity", "certificate", "startup", "overload", "signin", "review"} <= set(SECTIONS)
