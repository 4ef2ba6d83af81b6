-- Real source formats (PDF, scans, spreadsheets, web pages): which engine read each number and
-- each table, and how cleanly. Columns are added in place so existing warehouses keep their data.
alter table fact_amount add column if not exists extraction varchar default 'text';
    -- text | pdfium-lattice | camelot-lattice | pdfium-words | pdfium-text | ocr-tesseract | openpyxl | xlrd | html
alter table doc_table add column if not exists engine varchar;          -- engine that read most rows
alter table doc_table add column if not exists numeric_cells integer;   -- cells that look like numbers
alter table doc_table add column if not exists numeric_parsed integer;  -- of those, cells that parse
alter table doc_table add column if not exists quality double;          -- numeric_parsed / numeric_cells
