"""Renderings of text reports in the formats departments really publish, to test the readers.

blocks.py parses a text report (like data/raw/*.txt) into prose paragraphs and tables with their
preambles; html.py prints the blocks as a saved web page (the HTML a PDF renderer prints with
Chromium: pdf.py), xlsx.py as an XLSX workbook (cover sheet, one sheet per table), docx.py as a Word
document (docx_parts.py: the package around its text), mhtml.py as Word's single-file web page (the
HTML in a MIME web archive); build.py is the CLI:

    python tools/render/build.py OUT_DIR [--formats html,xlsx,docx,pdf] [files...]
"""
