"""Render a text report as a saved web page: prose as <p>/<hN>/<ul>, each table as a <table>.

    render_html(text, ruled=True, page_breaks=True, landscape_wide=True) -> str

- Header rows (the rows above the first row holding a number, among the first rows) go in
  <thead>, a header cell followed by empty cells spans them (colspan), one above empty cells spans
  down (rowspan); the browser repeats <thead> when a table breaks across printed pages.
- Each table starts a new printed page (``break-before: page`` on its block, inline so the page
  break survives when the page is saved without its stylesheet): a titled one, and the rest of a
  table after a line that interrupts its rows (a watermark line, a page break with the header
  repeated), which the text shows where a printed table ran over a page. Laid out as a second
  table on the same page it would get column widths of its own, which no printed table does; a
  table of
  ``WIDE_COLUMNS`` or more columns is printed on the named page ``wide`` (A4 landscape).
- ``ruled=False`` prints the tables without any border (layouts whose PDFs have no ruling lines).

The stylesheet is ``stylesheet(...)`` so a PDF renderer can print the same HTML (Chromium) with
other variants.
"""

from __future__ import annotations

from html import escape

from tools.render.blocks import Block, Cell, Paragraph, Table, Text, header_spans, parse_report

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif'
PAGE_BREAK = "break-before: page; page-break-before: always"


def stylesheet(*, ruled: bool = True, landscape_wide: bool = True) -> str:
    border = "0.6pt solid #000" if ruled else "none"
    # Without rules, columns are told apart by whitespace only, as borderless disclosures print them.
    pad = "3pt" if ruled else "9pt"
    wide = "section.wide { page: wide; }\n" if landscape_wide else ""
    return f"""@page {{ size: A4 portrait; margin: 16mm 14mm; }}
@page wide {{ size: A4 landscape; margin: 12mm 12mm; }}
body {{ font-family: {FONT}; font-size: 10.5pt; line-height: 1.55; color: #000; margin: 0 auto; max-width: 60em; }}
h1 {{ font-size: 18pt; text-align: center; }}
h2 {{ font-size: 14pt; }}
h3, h4, h5, h6 {{ font-size: 11pt; }}
p {{ margin: 0.25em 0; text-indent: 2em; }}
section.table-block {{ margin: 1em 0; }}
{wide}section.table-block p {{ text-indent: 0; margin: 0.1em 0; }}
section.table-block .table-title {{ text-align: center; font-size: 14pt; font-weight: bold; margin: 0.3em 0; }}
section.table-block .money-unit {{ text-align: right; }}
table.report {{ border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.3; margin: 0.3em 0 0.6em; }}
table.report, table.report th, table.report td {{ border: {border}; }}
table.report thead {{ display: table-header-group; }}
table.report tr {{ break-inside: avoid; page-break-inside: avoid; }}
table.report th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: 2pt {pad}; }}
table.report td {{ padding: 1.5pt {pad}; vertical-align: middle; }}
table.report td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
"""


def _text_line(line: Text) -> str:
    text = escape(line.text, quote=False)
    return f"<b>{text}</b>" if line.bold else text


def _paragraph(paragraph: Paragraph) -> list[str]:
    out: list[str] = []
    body: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if body:
            out.append("<p>" + "<br>\n".join(body) + "</p>")
            body.clear()
        if items:
            out.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
            items.clear()

    for line in paragraph.lines:
        if line.heading:
            flush()
            level = min(line.heading, 6)
            out.append(f"<h{level}>{escape(line.text, quote=False)}</h{level}>")
        elif line.bullet:
            if body:
                flush()
            items.append(_text_line(line))
        else:
            if items:
                flush()
            body.append(_text_line(line))
    flush()
    return out


def _cell(tag: str, cell: Cell, span: tuple[int, int] = (1, 1)) -> str:
    colspan, rowspan = span
    attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    if tag == "td" and cell.number is not None and not cell.is_code:
        attrs += ' class="num"'
    text = escape(cell.text, quote=False)
    if cell.bold and text and tag == "td":
        text = f"<b>{text}</b>"
    return f"<{tag}{attrs}>{text}</{tag}>"


def _preamble_line(line: Text, title: str | None) -> str:
    text = escape(line.text, quote=False)
    if line.text == title:
        return f'<p class="table-title">{text}</p>'
    css = "money-unit" if "单位" in line.text and "元" in line.text else "preamble"
    return f'<p class="{css}">{text}</p>'


def _table(table: Table, *, page_breaks: bool) -> list[str]:
    title = table.title
    classes = ["table-block"] + (["wide"] if table.wide else []) + ([] if title else ["continued"])
    style = f' style="{PAGE_BREAK}"' if page_breaks else ""
    out = [f'<section class="{" ".join(classes)}"{style}>']
    out.extend(_preamble_line(line, title) for line in table.preamble)
    grid = table.grid()
    head = table.header_rows
    out.append('<table class="report">')
    if head:
        out.append("<thead>")
        spans = header_spans(grid[:head])
        for r, row in enumerate(grid[:head]):
            cells = "".join(_cell("th", cell, spans[r][c]) for c, cell in enumerate(row) if spans[r][c] is not None)
            out.append(f"<tr>{cells}</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for row in grid[head:]:
        out.append("<tr>" + "".join(_cell("td", cell) for cell in row) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    out.append("</section>")
    return out


def render_blocks(blocks: list[Block], *, ruled: bool = True, page_breaks: bool = True,
                  landscape_wide: bool = True, title: str | None = None) -> str:
    if title is None:
        first = next((b.lines[0].text for b in blocks if isinstance(b, Paragraph) and b.lines), "")
        title = first or "报告"
    body: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            body.extend(_table(block, page_breaks=page_breaks))
        else:
            body.extend(_paragraph(block))
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title, quote=False)}</title>\n"
        f"<style>\n{stylesheet(ruled=ruled, landscape_wide=landscape_wide)}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render_html(text: str, *, ruled: bool = True, page_breaks: bool = True, landscape_wide: bool = True) -> str:
    """A text report (like data/raw/*.txt) as a saved HTML page."""
    return render_blocks(parse_report(text), ruled=ruled, page_breaks=page_breaks, landscape_wide=landscape_wide)
