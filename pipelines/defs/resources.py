"""Resources: where the inbox and the warehouse are (env vars YJS_RAW / YJS_WAREHOUSE)."""


import os

import dagster as dg

from pipelines.ingest import DEFAULT_RAW
from pipelines.load import connect
from pipelines.load.warehouse import DEFAULT_WAREHOUSE


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file."""

    path: str = str(DEFAULT_WAREHOUSE)

    def connect(self, read_only: bool = False):
        return connect(self.path, read_only=read_only)


class InboxResource(dg.ConfigurableResource):
    """The folder new disclosures arrive in."""

    path: str = str(DEFAULT_RAW)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={
        "warehouse": WarehouseResource(path=os.environ.get("YJS_WAREHOUSE") or str(DEFAULT_WAREHOUSE)),
        "inbox": InboxResource(path=os.environ.get("YJS_RAW") or str(DEFAULT_RAW)),
    })
