"""The one way yjs imports Great Expectations: without PySpark.

When pyspark is installed (the test extra has it), `import great_expectations` (1.24) imports it
from great_expectations/compatibility/pyspark.py, down to pyspark.sql.connect. That package's
__init__ calls sys.exit(0) ("Skipping doctests: No module named 'google.rpc'") when Spark Connect's
requirements are missing and __main__ has neither __spec__ nor __file__ (`python -c`, the run and
step processes Dagster's webserver launches), and pyspark prints a FutureWarning about pandas 3.
yjs validates pandas frames only, so during GX's import pyspark is hidden: a None entry in
sys.modules makes `import pyspark` raise ImportError and GX binds its NotImported placeholders
(as when pyspark is absent). The entry is removed afterwards, so Spark stays importable.
"""

import importlib
import sys
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
