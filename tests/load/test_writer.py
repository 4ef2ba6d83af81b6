"""BatchWriter: one connection for a batch of documents, closed and reopened after reopen_seconds
so readers get in between documents (pipelines/load/writer.py)."""

import time

from pipelines.load.writer import BatchWriter


class FakeConnection:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_documents_of_a_batch_share_one_connection():
    opened = []
    with BatchWriter(lambda: opened.append(FakeConnection()) or opened[-1], reopen_seconds=60) as writer:
        connections = {id(writer()) for _ in range(5)}
    assert len(connections) == 1 and len(opened) == 1 and writer.opens == 1
    assert opened[0].closed  # closed at the end of the batch


def test_the_connection_is_reopened_after_reopen_seconds():
    opened = []
    writer = BatchWriter(lambda: opened.append(FakeConnection()) or opened[-1], reopen_seconds=0.05)
    first = writer()
    assert writer() is first  # within the interval
    time.sleep(0.06)
    second = writer()
    writer.close()
    assert second is not first and first.closed and second.closed and writer.opens == 2
