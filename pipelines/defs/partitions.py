"""One dynamic partition per source document version; the key joins content hash and file name."""

import re

import dagster as dg

documents = dg.DynamicPartitionsDefinition(name="documents")

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]")


def document_key(sha256: str, file_name: str) -> str:
    """"<first 16 hex of sha256>-<file name>": the same bytes under one name are one partition."""
    return f"{sha256[:16]}-{_UNSAFE.sub('_', file_name)}"
