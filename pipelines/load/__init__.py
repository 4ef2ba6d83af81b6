"""Load: extracted reports → the DuckDB star schema, one transaction per document."""

from pipelines.load.warehouse import LoadOutcome, connect, load_report, record_rejection, warehouse_path

__all__ = ["LoadOutcome", "connect", "load_report", "record_rejection", "warehouse_path"]
