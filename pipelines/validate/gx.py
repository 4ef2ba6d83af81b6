"""The one way yjs imports Great Expectations: without PySpark.

When pyspark is installed (the test extra has it), `import great_expectations` (1.24) imports it
from great_expectations/compatibility/pyspark.py, down to pyspark.sql.connect. That package's
__init__ calls sys.exit(0) ("Skipping doctests: No module named 'google.rpc'") when Spark Connect's
requirements are missing and __main__ has neither __spec__ nor __file__ (`python -c`, the run and
step processes Dagster's webserver launches), and pyspark prints a FutureWarning about pandas 3.
yjs validates pandas frames only, so during GX's import pyspark is hidden: a None entry in
sys.modules makes `import pyspark` raise ImportError and GX binds its NotImported placeholders
(as when pyspark is absent). The entry is removed afterwards, so Spark stays importable.

Also here: `configurations_computed_once`, the one GX internal yjs works around (for speed, not behaviour).
"""

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType


def import_great_expectations() -> ModuleType:
    """`great_expectations`, imported with pyspark hidden (a no-op once imported)."""
    if "great_expectations" in sys.modules:
        return sys.modules["great_expectations"]
    hide = "pyspark" not in sys.modules
    if hide:
        sys.modules["pyspark"] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("great_expectations")
    finally:
        if hide and "pyspark" in sys.modules and sys.modules["pyspark"] is None:
            del sys.modules["pyspark"]


_CALL = threading.local()


@contextmanager
def configurations_computed_once() -> Iterator[None]:
    """Within: an Expectation's `configuration` is built once per expectation object, not on every read.

    GX 1.24 rebuilds `Expectation.configuration` (pydantic `.dict()` of the whole model, value sets
    element by element, then a new ExpectationConfiguration) on every read, and one validation call
    reads it ≈ 70 times per expectation (each domain, success and runtime kwarg): a third of the
    call's time. The expectation objects one `Validator` call reads are its own (built from deep
    copies of the suite's configurations, graph_validate) and not changed while it runs, so within
    the call the value is computed once per object; outside, GX's own property is untouched."""
    _install()
    previous = getattr(_CALL, "memo", None)
    _CALL.memo = {}
    try:
        yield
    finally:
        _CALL.memo = previous


@cache
def _install() -> None:
    from great_expectations.expectations.expectation import Expectation

    built = Expectation.configuration.fget

    def configuration(self):
        memo = getattr(_CALL, "memo", None)
        if memo is None:
            return built(self)
        held = memo.get(id(self))
        if held is None or held[0] is not self:  # the object is held, so its id is not reused meanwhile
            held = memo[id(self)] = (self, built(self))
        return held[1]

    Expectation.configuration = property(configuration, doc=Expectation.configuration.__doc__)
