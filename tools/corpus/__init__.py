"""Synthetic corpus of budget (预算) and final-account (决算) reports for performance and scale tests.

model.py builds one unit-year report as numbers (renderer-neutral); generate.py decides each report's
layout family (Layout) and its 情况说明 paragraphs, and is the CLI writing a corpus plus expected.jsonl;
render_text.py prints model + layout + paragraphs as a text extraction. A PDF renderer is meant to take
the same model, Layout and paragraphs.
"""
