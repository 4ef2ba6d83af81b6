"""GX Data Docs readable offline: no CDN assets, tables rendered in the HTML, a local stylesheet.

GX 1.24's page templates link Bootstrap, bootstrap-table, Font Awesome, jQuery and Vega from CDNs
(render/view/templates/*.j2) and have no setting to bundle them; its own static folder holds fonts,
images and one stylesheet only. Offline the index page is empty (its table is drawn by
bootstrap-table from a JS literal) and every page is unstyled. After `build_data_docs` this module
rewrites each page: remote <link>/<script> tags and the inline scripts that need them are removed,
bootstrap-table tables are rendered as plain HTML from the same literal, and a local stylesheet
(gx_offline.css: the Bootstrap classes the templates use) is linked.
"""

from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path

STYLESHEET = Path(__file__).with_name("gx_offline.css")
STYLE_TARGET = Path("static/styles/yjs_offline.css")
_LOCAL_IMAGES = {"logo-long.png", "logo-long-vector.svg", "short-logo.png", "short-logo-vector.svg", "favicon.ico"}

_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']https?://[^>]*>\s*", re.IGNORECASE)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>\s*", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.IGNORECASE | re.DOTALL)
_REMOTE_IMAGE = re.compile(r"https://great-expectations-web-assets\.s3\.[\w.-]+\.amazonaws\.com/([\w.-]+?)(?:\?[^\"')]*)?(?=[\"')])")
_TABLE_CALL = re.compile(r"\$\('#([\w-]+)'\)\.bootstrapTable\(\s*Object\.assign\(\s*\{\s*columns:\s*(\[.*?\]),\s*"
                         r"data:\s*(\[.*?\]),\s*toolbar:", re.DOTALL)


class OfflineRewriteError(ValueError):
    """A GX page whose bootstrap-table call could not be read: the rewrite would lose its rows."""


def static_table(columns: list[dict], rows: list[dict]) -> str:
    """The rows of a bootstrap-table literal as <thead>/<tbody>; a row's page link on its first cell."""
    shown = [c for c in columns if not c.get("visible") == "false"]
    head = "".join(f"<th>{html.escape(str(c.get('title', c['field'])))}</th>" for c in shown)
    body = []
    for row in rows:
        cells = [str(row.get(c["field"], "")) for c in shown]  # GX's own rendered HTML fragments
        if row.get("_table_row_link_path") and cells:
            cells[0] = f"<a href='{html.escape(row['_table_row_link_path'])}'>{cells[0] or 'open'}</a>"
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"


def render_tables(page: str, name: str) -> str:
    """Fill each `<table id=…>` that a bootstrap-table script would draw with its rows."""
    for match in _TABLE_CALL.finditer(page):
        table_id = match.group(1)
        try:
            columns, rows = ast.literal_eval(match.group(2)), ast.literal_eval(match.group(3))
        except (ValueError, SyntaxError) as exc:
            raise OfflineRewriteError(f"{name}: table {table_id}: {exc}") from exc
        opening = re.search(rf"<table\b[^>]*\bid=\"{re.escape(table_id)}\"[^>]*>", page)
        if opening is None:
            raise OfflineRewriteError(f"{name}: no <table id={table_id}> for its bootstrap-table script")
        end = page.index("</table>", opening.end())
        tag = opening.group(0).replace('class="', 'class="ge-offline ', 1)
        page = page[:opening.start()] + tag + static_table(columns, rows) + page[end:]
    return page


def offline_page(page: str, name: str, stylesheet_href: str) -> str:
    """One GX page without network assets or scripts, its tables filled, the local stylesheet linked."""
    page = render_tables(page, name)
    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    page = _INLINE_SCRIPT.sub("", page)  # all need jQuery/bootstrap; their content is now static
    images = stylesheet_href.rsplit("styles/", 1)[0] + "images/"  # GX's logos are in its static folder
    page = _REMOTE_IMAGE.sub(lambda m: images + (m.group(1) if m.group(1) in _LOCAL_IMAGES else "logo-long.png"), page)
    return page.replace("</head>", f"<link rel='stylesheet' href='{stylesheet_href}'>\n</head>", 1)


def make_offline(site: Path) -> list[Path]:
    """Rewrite every page of a built GX site in place; returns the pages rewritten."""
    (site / STYLE_TARGET).parent.mkdir(parents=True, exist_ok=True)
    (site / STYLE_TARGET).write_text(STYLESHEET.read_text(encoding="utf-8"), encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        href = Path(os.path.relpath(site / STYLE_TARGET, path.parent)).as_posix()
        path.write_text(offline_page(path.read_text(encoding="utf-8"), str(path.relative_to(site)), href),
                        encoding="utf-8")
    return pages
