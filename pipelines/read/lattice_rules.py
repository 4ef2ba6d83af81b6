"""A page's ruling segments, from the path objects pdfium already parsed (no rendering, no pdfminer).

What counts as a rule follows camelot's vector engine (camelot.image_processing
`_ruled_lines_from_layout`, on pdfminer-style LTLine / LTRect), subpath by subpath as pdfminer
splits a path: a stroked straight segment; the four edges of a stroked rectangle; the long
middle line of a thin filled rectangle (some printers draw every rule as a 0.5 pt filled
rectangle). One kind more than camelot: a thin filled quadrilateral that is no exact rectangle (a
rule drawn with bevelled ends as a trapezoid, guangdong-gztjj-2026-budget.pdf p6: "42,435.56 ->
419.63,435.56 -> 419.63,434.81 -> 42.75,434.81"), which camelot's vector engine does not see and
which cost that file a 300 dpi rendering of every table page. A path with curves (a seal, a chart,
glyph outlines a converter strokes to draw text bold: pdftocairo) draws no rule, not even with its
straight pieces (the tiny rectangle of a "口"). Forms (XObjects) are walked with their matrices.

Segments are then classified horizontal / vertical and collinear pieces joined, as camelot does
(`find_lines_from_layout`, `coalesce_collinear_lines`), so a native grid and camelot's start from
the same lines. Coordinates are the page's own shifted to the media box's lower left corner
(pdfminer's, which camelot's tables and pipelines.read.grid_text use).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

ORTHOGONAL = 0.5  # a segment is horizontal when its ends differ less than this in y (camelot's tolerance)
THIN = 1.5  # a filled shape narrower than this (pt) is a rule
COALESCE = 2.0  # collinear pieces within this distance are one rule

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Rules:
    horizontal: list[Segment]  # (x0, y, x1, y), x0 < x1
    vertical: list[Segment]  # (x, y0, x, y1), y0 < y1
    curves: int  # subpaths with curves: charts, seals (not rules)
    filled_cells: int  # filled rectangles wider than a rule both ways (shaded cells, backgrounds)


def compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner` then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def object_matrix(obj) -> tuple:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def page_objects(page: pdfium.PdfPage, start: tuple | None = None):
    """Every object the page draws, forms (XObjects) entered, as (object, its type, the matrix from
    the coordinates it is drawn in to the page's, composed onto `start`; None for the page's own
    objects when no `start` is given). Forms themselves are not yielded."""
    stack = [(pdfium_c.FPDFPage_CountObjects(page.raw), lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i), start)]
    while stack:
        count, get, matrix = stack.pop()
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = object_matrix(obj) if matrix is None else compose(object_matrix(obj), matrix)
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj),
                              lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i), inner))
            else:
                yield obj, kind, matrix


def page_segments(page: pdfium.PdfPage) -> tuple[list[Segment], int, int]:
    """Every rule segment drawn on the page (any direction), the subpaths with curves, and the
    filled shapes too wide to be rules."""
    x0, y0, _, _ = page.get_mediabox()
    segments: list[Segment] = []
    counts = [0, 0]
    for obj, kind, outer in page_objects(page, (1.0, 0.0, 0.0, 1.0, -x0, -y0)):
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_segments(obj, compose(object_matrix(obj), outer), segments, counts)
    return segments, counts[0], counts[1]


def _path_segments(path, matrix: tuple, out: list[Segment], counts: list[int]) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke)
    filled, stroked = fill.value != 0, bool(stroke.value)
    if not (filled or stroked):
        return
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    get_segment, get_type = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetType  # hot loop
    get_point, get_close = pdfium_c.FPDFPathSegment_GetPoint, pdfium_c.FPDFPathSegment_GetClose
    moveto, bezier = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    curved: list[bool] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = get_segment(path, index)
        kind = get_type(segment)
        get_point(segment, x, y)
        px, py = x.value, y.value
        point = (px * a + py * c + e, px * b + py * d + f)
        if kind == moveto or not subpaths:
            subpaths.append([point])
            closed.append(False)
            curved.append(False)
            continue
        curved[-1] |= kind == bezier
        subpaths[-1].append(point)
        if get_close(segment):
            closed[-1] = True
    if any(curved):
        # a path with curves is a drawing (a seal, a chart) or glyph outlines (a converter that
        # strokes text drawn bold, pdftocairo: "口"'s counter is a tiny rectangle): none of its
        # straight pieces is a cell border
        counts[0] += sum(curved)
        return
    for points, is_closed in zip(subpaths, closed):
        _subpath_rules(points, is_closed, filled, stroked, out, counts)


def _subpath_rules(points: list[tuple[float, float]], closed: bool, filled: bool, stroked: bool,
                   out: list[Segment], counts: list[int]) -> None:
    if closed and len(points) > 1 and points[-1] != points[0]:
        points = points + [points[0]]
    if len(points) > 2 and closed and points[-2] == points[0]:  # "l" back to the start, then "h"
        points = points[:-1]
    if len(points) == 2 or (len(points) == 3 and points[2] == points[0]):  # one line ("ml", "mlh")
        if stroked:
            out.append((*points[0], *points[1]))
        return
    if len(points) != 5 or points[4] != points[0]:
        return  # a polyline or polygon of more sides: camelot takes none of its edges either
    xs, ys = [p[0] for p in points[:4]], [p[1] for p in points[:4]]
    (p0, p1, p2, p3) = points[:4]
    square = (_same(p0[0], p1[0]) and _same(p1[1], p2[1]) and _same(p2[0], p3[0]) and _same(p3[1], p0[1])) or (
        _same(p0[1], p1[1]) and _same(p1[0], p2[0]) and _same(p2[1], p3[1]) and _same(p3[0], p0[0]))
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    if square and stroked:
        out.extend([(left, bottom, right, bottom), (left, top, right, top),
                    (left, bottom, left, top), (right, bottom, right, top)])
        return
    if not filled:
        return
    width, height = right - left, top - bottom
    if min(width, height) <= THIN < max(width, height):
        if width >= height:
            out.append((left, (bottom + top) / 2, right, (bottom + top) / 2))
        else:
            out.append(((left + right) / 2, bottom, (left + right) / 2, top))
    elif square and min(width, height) > THIN:
        counts[1] += 1


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 0.01  # pdfium keeps points as 32-bit floats


def ruled_lines(page: pdfium.PdfPage) -> Rules:
    """The page's horizontal and vertical rules, collinear pieces joined."""
    segments, curves, filled = page_segments(page)
    horizontal, vertical = [], []
    for x0, y0, x1, y1 in segments:
        dx, dy = abs(x1 - x0), abs(y1 - y0)
        if dy <= ORTHOGONAL and dx > 0:
            horizontal.append((min(x0, x1), y0, max(x0, x1), y0))
        elif dx <= ORTHOGONAL and dy > 0:
            vertical.append((x0, min(y0, y1), x0, max(y0, y1)))
    return Rules(_coalesce(horizontal, True), _coalesce(vertical, False), curves, filled)


def _coalesce(lines: list[Segment], horizontal: bool) -> list[Segment]:
    """Pieces of one rule joined: constant coordinates within COALESCE chained into one rule
    (at their mean), spans overlapping or closer than COALESCE merged (camelot's coalescing)."""
    norm = sorted(((y0 + y1) / 2, x0, x1) if horizontal else ((x0 + x1) / 2, y0, y1) for x0, y0, x1, y1 in lines)
    clusters: list[tuple[list[float], list[tuple[float, float]]]] = []
    last = None
    for const, low, high in norm:
        if clusters and const - last <= COALESCE:
            clusters[-1][0].append(const)
            clusters[-1][1].append((low, high))
        else:
            clusters.append(([const], [(low, high)]))
        last = const
    out = []
    for consts, spans in clusters:
        const = sum(consts) / len(consts)
        spans.sort()
        merged = [list(spans[0])]
        for low, high in spans[1:]:
            if low <= merged[-1][1] + COALESCE:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        out.extend((low, const, high, const) if horizontal else (const, low, const, high) for low, high in merged)
    return out
