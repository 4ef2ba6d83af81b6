"""Reader for text extractions of reports: tab-separated cells, blank lines at page breaks.

Text extractions carry no page numbers unless the extractor wrote form feeds; with them, those are
the pages (pipelines.locate keeps them too). Without them a page break is inferred where the extractor left a blank line inside a table (rows on both
sides) or in the middle of a sentence of prose; the inferred page is stored for lineage along
with the exact line number, which is the precise trace for a text source.
"""

from __future__ import annotations

import re

from pipelines.errors import BinaryFile, RejectedInput
from pipelines.model import Line
from pipelines.read.watermarks import is_watermark
from pipelines.textnorm import normalize_text

_SENTENCE_END = re.compile(r"[。；;！!？?：:）)」”\"]$")
_PROSE_MIN_CHARS = 25


def decode_text(path: str, data: bytes) -> str:
    """UTF-8 text (BOM allowed); anything else is rejected with the reason."""
    if b"\x00" in data[:4096]:
        raise BinaryFile(path, "contains NUL bytes (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _looks_like_gb18030(data):
            raise RejectedInput(
                path,
                "text is encoded as GBK/GB18030, not UTF-8; convert it first "
                f"(iconv -f GB18030 -t UTF-8 '{path}' > out.txt)",
                "wrong_encoding",
            ) from exc
        raise BinaryFile(path, f"not valid UTF-8 text (byte {exc.start})") from exc
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.01 * min(len(text), 20000):
        raise BinaryFile(path, f"{controls} control characters in the first 20000 characters")
    return text


def _looks_like_gb18030(data: bytes) -> bool:
    try:
        decoded = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    cjk = sum(1 for ch in decoded[:5000] if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 10


def read_text_report(path: str, data: bytes) -> tuple[Line, ...]:
    """Lines of a text report with cleaned cells and inferred page numbers."""
    text = decode_text(path, data)
    paged = "\f" in text  # the extractor wrote the printed page breaks: no other break is inferred
    lines: list[Line] = []
    page = 1
    pending_break = False  # a blank run was seen since the last content line
    previous: Line | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
            pending_break = False
        cells = tuple(normalize_text(cell) for cell in raw.split("\t"))
        if not "".join(cells).strip():
            pending_break = previous is not None
            continue
        if len(cells) == 1 and is_watermark(cells[0]):
            continue
        line = Line(number=number, page=page, raw=raw, cells=cells)
        if pending_break and not paged and previous is not None and _is_page_break(previous, line):
            page += 1
            line = Line(number=number, page=page, raw=raw, cells=cells)
        pending_break = False
        lines.append(line)
        previous = line
    return tuple(lines)


def _is_page_break(before: Line, after: Line) -> bool:
    if before.is_row and after.is_row:
        return True
    prose = before.text
    return (
        not before.is_row
        and not after.is_row
        and len(prose) >= _PROSE_MIN_CHARS
        and not _SENTENCE_END.search(prose)
    )
