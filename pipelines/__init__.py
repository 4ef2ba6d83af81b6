"""yjs: Chinese budget and final-account disclosures (预算/决算公开) → a DuckDB star schema.

The library is organised as the pipeline runs: ``read`` (bytes → lines and cells),
``locate`` (lines → identified standard tables and report metadata), ``normalize``
(tables → facts with canonical codes), ``load`` (facts → DuckDB) and ``validate``.
``defs`` holds the Dagster wiring only; nothing else imports Dagster.
"""

__version__ = "0.1.0"
