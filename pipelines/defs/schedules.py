"""Daily: re-validate every current document and refresh the analyst views."""

import dagster as dg

from pipelines.defs.assets import validated_facts

revalidate_job = dg.define_asset_job("revalidate", selection=[validated_facts])

daily_revalidation = dg.ScheduleDefinition(
    name="daily_revalidation", job=revalidate_job, cron_schedule="30 2 * * *", execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
