"""Read a Parquet export back with Spark (local mode) and print what the tests compare, as JSON.

Run by tests/serve/test_export_readback.py in a subprocess with the venv's python, so pyspark (a
test-only dependency) never enters the test process nor the pipeline's interpreter:

    python tests/serve/spark_readback.py EXPORT_DIR SCRATCH_DIR

Prints {"types": {column: Spark simpleString type}, "rows": [[grouping id, year, province, count, "sum"], …],
"pruned": {"count": n, "total": "sum", "scan": the FileScan line of the plan}} — sums as decimal
strings, so nothing is lost on the way.
"""

import contextlib
import io
import json
import sys
import warnings

warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402


def session(scratch: str) -> SparkSession:
    spark = (
        SparkSession.builder.master("local[1]").appName("yjs-export-readback")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", f"{scratch}/warehouse")
        .config("spark.local.dir", f"{scratch}/local")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def read_back(spark: SparkSession, exported: str) -> dict:
    facts = spark.read.parquet(exported)
    types = {f.name: f.dataType.simpleString() for f in facts.schema.fields}
    facts.createOrReplaceTempView("facts")
    rows = spark.sql(  # one job for every grain: grouping_id() says which keys a row is grouped by
        "select year, province, grouping_id() as g, count(*) as n, sum(amount) as total from facts "
        "group by grouping sets ((year, province), (year), (province), ())").collect()
    pruned = facts.where((F.col("year") == 2024) & (F.col("province") == "辽宁省"))
    row = pruned.agg(F.count("*").alias("n"), F.sum("amount").alias("total")).collect()[0]
    plan = io.StringIO()
    with contextlib.redirect_stdout(plan):
        pruned.explain()
    scan = next((line for line in plan.getvalue().splitlines() if "FileScan parquet" in line), "")
    return {
        "types": types,
        "rows": [[r["g"], r["year"], r["province"], r["n"], type(r["total"]).__name__ + ":" + str(r["total"])]
                 for r in rows],
        "pruned": {"count": row["n"], "total": str(row["total"]), "scan": scan},
    }


if __name__ == "__main__":
    spark = session(sys.argv[2])
    try:
        print(json.dumps(read_back(spark, sys.argv[1]), ensure_ascii=False))
    finally:
        spark.stop()
