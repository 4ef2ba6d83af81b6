"""Asset checks: every rule family of the validation suites on the validated facts.

One validation run feeds all checks; each result carries its GX suite statistics as metadata.
Structural families (schema, core tables) are blocking: downstream work waits for them.
"""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.validate.rules import families
from pipelines.validate.runner import validate_documents

BLOCKING = {"schema", "structure"}
FAMILIES = ["schema", "codes", "structure", *families()]
_FAMILY_OF_CHECK = {"SC01": "schema", "CD01": "codes", "ST01": "structure"}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=family, asset="validated_facts", blocking=family in BLOCKING,
                          description=f"validation rule family {family} (expectations/{family}.json)")
        for family in FAMILIES
    ],
)
def validation_checks(warehouse: WarehouseResource):
    """Run the expectation suites over every loaded document and report each rule family."""
    from pipelines.validate.rules import load_rules

    family_of = {rule.id: rule.family for rule in load_rules()} | _FAMILY_OF_CHECK
    con = warehouse.connect()
    try:
        report = validate_documents(con)
    finally:
        con.close()
    findings = report.findings
    if not findings.empty:
        findings = findings.assign(family=findings["check"].map(family_of))
    for family in FAMILIES:
        mine = findings[findings["family"] == family] if not findings.empty else findings
        failing = mine[mine["severity"].isin(["error", "warning"])] if not mine.empty else mine
        errors = int((failing["severity"] == "error").sum()) if not failing.empty else 0
        yield dg.AssetCheckResult(
            check_name=family,
            asset_key="validated_facts",
            passed=failing.empty,
            severity=dg.AssetCheckSeverity.ERROR if errors else dg.AssetCheckSeverity.WARN,
            metadata={
                "gx_suite": dg.MetadataValue.json(report.suites.get(family, {})),
                "findings": len(failing),
                "within_rounding": int((mine["severity"] == "info").sum()) if not mine.empty else 0,
                "quarantined_documents": dg.MetadataValue.json(report.quarantined),
                "first_findings": dg.MetadataValue.md(
                    "\n".join(f"- {r.document_id} {r.check} line {r.source_line}: {r.detail}"
                              for r in failing.head(10).itertuples()) or "none"),
            },
        )
