"""Column geometry of a borderless table: the x-ranges its words cover, which column a word
belongs to, and a cell's words joined into its text (pipelines.read.borderless)."""

from __future__ import annotations

import itertools

from pipelines.read.glyphs import Word, WordBox, spaced


def overlapping(word: WordBox, columns: list[list[float]]) -> list[int]:
    return [i for i, (left, right) in enumerate(columns) if word.left < right and word.right > left]


def column_of(word: WordBox, columns: list[list[float]]) -> int:
    """The leftmost column a word touches, else the nearest one."""
    over = overlapping(word, columns)
    if over:
        return over[0]
    return min(range(len(columns)), key=lambda i: min(abs(word.left - columns[i][1]), abs(word.right - columns[i][0])))


def body_columns(words: list[Word], min_gap: float) -> list[list[float]]:
    """x-ranges covered by the words, merged where less than min_gap apart."""
    columns: list[list[float]] = []
    for word in sorted(words, key=lambda w: w.left):
        if columns and word.left < columns[-1][1] + min_gap:
            columns[-1][1] = max(columns[-1][1], word.right)
        else:
            columns.append([word.left, word.right])
    return columns


def join_words(words: list[Word]) -> str:
    """A cell's words: top line first; words on one line joined by a space, lines without one."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (-w.center, w.left)):
        if lines and abs(lines[-1][0].center - word.center) < word.size / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return "".join(spaced(sorted(line, key=lambda w: w.left)) for line in lines)


def cell_bounds(columns: list[list[float]]) -> list[tuple[float, float]]:
    """Each column's cell edges, estimated halfway across the gaps between columns."""
    edges = [float("-inf")] + [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(columns)] + [float("inf")]
    return list(itertools.pairwise(edges))
