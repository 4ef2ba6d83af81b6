"""A native ruled-table reader: pdfium's rules snapped into grids, pdfium's characters into cells.

camelot's lattice parser spends most of a ruled page in pdfminer's layout analysis (60 % of the
time on the real corpus) and its table assembly; pdfium has already parsed the page's path objects
and characters for the page classification and the cell refill (pipelines.read.grid_text). This
reader builds the grid the way camelot's vector engine does, from the same rules
(pipelines.read.lattice_rules): rules that cross (within 2 pt) form a cluster, a cluster with more
than four crossings is a table; the crossings' x and y, merged when closer than 2 pt, are the
column and row edges; a cell has a left (top) edge where a vertical (horizontal) rule runs along
it, so a cell whose inner rule is missing is part of a merged cell and its text goes to the merged
cell's top left grid cell, as camelot's shift_text does. A grid whose cells are nine tenths empty
is rule noise (camelot's precision gate).

A page is left to camelot's vector engine (`NativeGrid.reason`) when the native reading cannot
be trusted: a character pdfium cannot map (camelot then reads "(cid:N)" and the page goes to the
borderless reader, as before), or text printed across the grid's rules (the grid and the glyphs
disagree; a glyph a spreadsheet printer clips to its cell is placed by the part of it that shows,
so a label running on under the next cell is not counted across, `clip_margin`). A page with no
grid in its vector rules (a cover's frame, a chart, a table drawn with filled cells only) has none
for camelot's vector engine either (`rendered_only`): it goes to the words reader, or to camelot on
the rendered page when `render_without_grid` asks for it.
Thresholds are data in reference/pdf_reader.yaml (`native_lattice`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pypdfium2 as pdfium

from pipelines.read.glyphs import Word
from pipelines.read.grid_text import placed_rows
from pipelines.read.lattice_rules import Rules, Segment, ruled_lines
from pipelines.read.pages import Region
from pipelines.reference import load_yaml

ENGINE = "pdfium-lattice"


@dataclass(frozen=True)
class LatticeSettings:
    enabled: bool  # False: camelot reads every ruled page
    joint_tolerance: float  # rules this close count as crossing; edges this close are one edge
    min_joints: int  # a cluster of crossing rules with more crossings than this is a table
    max_empty_share: float  # a grid with at least this share of empty cells is rule noise
    render_without_grid: bool  # a page without a grid in its vector rules goes to camelot's rendered pass
    max_across_share: float  # share of a grid's characters a drawn inner rule may run through (text overflowing its cell)
    clip_margin: float | None  # a clipped glyph is placed by the part that shows, this far inside its clipping; None: by its centre

    @classmethod
    def load(cls) -> LatticeSettings:
        raw = load_yaml("pdf_reader.yaml")["native_lattice"]
        return cls(raw["enabled"], raw["joint_tolerance"], raw["min_joints"], raw["max_empty_share"],
                   raw["render_without_grid"], raw["max_across_share"], raw["clip_margin"])


@dataclass(frozen=True)
class Grid:
    bbox: tuple[float, float, float, float]  # left, bottom, right, top
    rows: list[tuple[float, float]]  # (top, bottom), top row first
    cols: list[tuple[float, float]]  # (left, right)
    edges: list[list[tuple[bool, bool]]]  # per cell: a rule on its left, a rule on its top


@dataclass(frozen=True)
class NativeGrid:
    regions: list[Region]
    reason: str = ""  # why camelot must read the page instead ("" when the regions stand)
    # No usable grid among the page's vector rules: camelot's vector engine, which reads the same
    # rules, finds none either, so only its pass on the rendered page can (a chart's gridlines,
    # jiangsu-fayuan-2019-budget.pdf p19, is read as a table there, as it was before this reader).
    rendered_only: bool = False


def _crosses(h: Segment, v: Segment, tol: float) -> bool:
    return h[0] - tol <= v[0] <= h[2] + tol and v[1] - tol <= h[1] <= v[3] + tol


def find_grids(rules: Rules, settings: LatticeSettings) -> list[Grid]:
    """Tables of crossing rules, top one first (camelot's order: by the bbox's bottom)."""
    hs, vs, tol = rules.horizontal, rules.vertical, settings.joint_tolerance
    parent = list(range(len(hs) + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joints: list[tuple[int, tuple[float, float]]] = []
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v, tol):
                parent[root(i)] = root(len(hs) + j)
                joints.append((i, (v[0], h[1])))
    by_cluster: dict[int, list[tuple[float, float]]] = {}
    for i, point in joints:
        by_cluster.setdefault(root(i), []).append(point)
    grids = []
    for cluster, points in by_cluster.items():
        if len(points) <= settings.min_joints:
            continue
        mine_h = [h for i, h in enumerate(hs) if root(i) == cluster]
        mine_v = [v for j, v in enumerate(vs) if root(len(hs) + j) == cluster]
        xs = [x for h in mine_h for x in (h[0], h[2])] + [v[0] for v in mine_v]
        ys = [y for v in mine_v for y in (v[1], v[3])] + [h[1] for h in mine_h]
        bbox = (min(xs), min(ys), max(xs), max(ys))
        grids.append(_grid(bbox, points, hs, vs, tol))
    return sorted(grids, key=lambda g: -g.bbox[1])


def _merge_close(values: list[float], tol: float) -> list[float]:
    """camelot's merge_close_lines: a running mean of values closer than tol to the last one."""
    out: list[float] = []
    for value in values:
        if out and math.isclose(out[-1], value, abs_tol=tol):
            out[-1] = (out[-1] + value) / 2.0
        else:
            out.append(value)
    return out


def _grid(bbox, points, hs: list[Segment], vs: list[Segment], tol: float) -> Grid:
    left, bottom, right, top = bbox
    cols = _merge_close(sorted([x for x, _ in points] + [left, right]), tol)
    rows = _merge_close(sorted([y for _, y in points] + [bottom, top], reverse=True), tol)
    col_spans = list(zip(cols, cols[1:]))
    row_spans = list(zip(rows, rows[1:]))
    # the rules around and inside the table (camelot's segments_in_bbox)
    inside_v = [v for v in vs if v[1] > bottom - 2 and v[3] < top + 2 and left - 2 <= v[0] <= right + 2]
    inside_h = [h for h in hs if h[0] > left - 2 and h[2] < right + 2 and bottom - 2 <= h[1] <= top + 2]
    n_rows, n_cols = len(row_spans), len(col_spans)
    has_left = [[False] * n_cols for _ in range(n_rows)]
    has_top = [[False] * n_cols for _ in range(n_rows)]

    def near(spans, value) -> int | None:
        return next((i for i, span in enumerate(spans) if math.isclose(value, span[0], abs_tol=tol)), None)

    for x, low, _, high in inside_v:  # camelot's Table._set_vertical_edges: cells from the rule's top row down
        start = near(row_spans, high)
        if start is None:
            continue
        end = near(row_spans, low)
        index = near(col_spans, x)
        if index:  # a left edge of an inner column (index 0 is the border; None the right border)
            for r in range(start, n_rows if end is None else end):
                has_left[r][index] = True
    for low, y, high, _ in inside_h:
        start = near(col_spans, low)
        if start is None:
            continue
        end = near(col_spans, high)
        index = near(row_spans, y)
        if index:
            for c in range(start, n_cols if end is None else end):
                has_top[index][c] = True
    for r in range(n_rows):  # camelot's set_border
        has_left[r][0] = True
    for c in range(n_cols):
        has_top[0][c] = True
    edges = [[(has_left[r][c], has_top[r][c]) for c in range(n_cols)] for r in range(n_rows)]
    return Grid(bbox, row_spans, col_spans, edges)


def read_grids(page: pdfium.PdfPage, chars: list[Word], settings: LatticeSettings,
               rules: Rules | None = None) -> NativeGrid:
    """The page's ruled tables read natively, or the reason camelot must read the page."""
    rules = rules or ruled_lines(page)
    grids = find_grids(rules, settings)
    if not grids:
        return NativeGrid([], "no grid of crossing rules", rendered_only=True)
    # pdfium reports a hyphen printed at the end of a text line as 0x02 (beijing-jxj-tables p39
    # "一是提供5G-", guangdong-gztjj p22 "2025年-2026年"); other control characters and U+FFFD are
    # glyphs it cannot map, which camelot prints as "(cid:N)" (the page then goes to the words reader)
    chars = [replace(c, text="-") if c.text == "\x02" else c for c in chars]
    if any(c.text == "\ufffd" or ord(c.text) < 0x20 for c in chars):
        return NativeGrid([], "a character pdfium cannot map")
    regions = []
    for grid in grids:
        rows, held, across = placed_rows(chars, grid.rows, grid.cols, grid.edges, settings.clip_margin)
        cells = [cell for row in rows for cell in row]
        if sum(1 for cell in cells if not cell.strip()) >= settings.max_empty_share * len(cells):
            continue
        if across > settings.max_across_share * held:
            return NativeGrid([], f"{across} of {held} characters printed across a rule")
        top, bottom = grid.rows[0][0], grid.rows[-1][1]
        regions.append(Region(top, bottom, grid.cols[0][0], grid.cols[-1][1], rows, ENGINE))
    if not regions:
        return NativeGrid([], "only empty grids", rendered_only=True)
    return NativeGrid(regions)
