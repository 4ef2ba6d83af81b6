"""Watch the inbox: every new or changed file becomes a document partition and a run."""

import hashlib
import json

import dagster as dg

from pipelines.defs.assets import located_tables, raw_document, report_facts, warehouse_tables
from pipelines.defs.partitions import document_key, documents
from pipelines.defs.resources import InboxResource
from pipelines.ingest import expand_paths

ingest_document_job = dg.define_asset_job(
    "ingest_document",
    selection=[raw_document, located_tables, report_facts, warehouse_tables],
    description="read → locate → normalize → load one document version",
)


def scan_inbox(inbox: str, cursor: dict) -> tuple[dict, list[str]]:
    """(new cursor, partition keys of files new or changed since the cursor).

    The cursor remembers (mtime, size, key) per path so unchanged files are not hashed again."""
    seen, keys = {}, []
    for path in expand_paths([inbox]):
        if not path.is_file():
            continue
        stat = path.stat()
        previous = cursor.get(str(path))
        if previous and previous[:2] == [stat.st_mtime_ns, stat.st_size]:
            seen[str(path)] = previous
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        key = document_key(digest, path.name)
        seen[str(path)] = [stat.st_mtime_ns, stat.st_size, key]
        if not previous or previous[2] != key:
            keys.append(key)
    return seen, keys


@dg.sensor(job=ingest_document_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: InboxResource) -> dg.SensorResult:
    """New or changed files in the inbox (YJS_RAW) → document partitions and ingest runs."""
    cursor = json.loads(context.cursor) if context.cursor else {}
    cursor, keys = scan_inbox(inbox.path, cursor)
    known = set(context.instance.get_dynamic_partitions(documents.name))
    new = [key for key in dict.fromkeys(keys) if key not in known]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key, run_key=key) for key in new],
        dynamic_partitions_requests=[documents.build_add_request(new)] if new else [],
        cursor=json.dumps(cursor),
    )


# Declarative automation (validated_facts is eager: it re-runs after any load). Dagster's implicit
# `default_automation_condition_sensor` starts STOPPED in a fresh instance, so nothing would ever
# fire; this sensor covers every asset instead (so the implicit one is not created) and runs by default.
automation_sensor = dg.AutomationConditionSensorDefinition(
    "automation_condition_sensor",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Evaluates the assets' automation conditions: validated_facts after every load.",
)
