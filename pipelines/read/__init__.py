"""Read: bytes on disk → a SourceDocument of numbered, paged, cleaned lines."""

from pipelines.read.dispatch import read_document

__all__ = ["read_document"]
