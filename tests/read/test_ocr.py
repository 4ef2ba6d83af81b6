"""Scanned PDFs: the haidong sample printed, rasterised at 200 dpi (image only), read through OCR.

Tesseract chi_sim (+ eng for digits) comes from Debian (scripts/setup.sh). The match rate is the
share of the text's facts (keys and amounts) read back from the scan; every OCR'd fact carries
extraction = 'ocr-tesseract' in lineage. OCR misreads that slip past the reader are what the
validation identities are for; the test records how many there are.
"""

from __future__ import annotations

import sys

import pytest

from pipelines.errors import RejectedInput
from pipelines.extract import extract_report
from pipelines.read import ocr
from tests.conftest import ROOT, SAMPLES, fact_keys

sys.path.insert(0, str(ROOT))
from tools.render.build import render_file  # noqa: E402

MIN_MATCH = 0.98  # measured 211/211 = 100 % (200 dpi scan), 0 invented (README "Source formats")


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    if ocr.tesseract_problem("chi_sim+eng"):
        pytest.skip(ocr.tesseract_problem("chi_sim+eng"))
    (path,) = render_file(SAMPLES["haidong_final"], tmp_path_factory.mktemp("scan"), ("pdf-scan",))
    return path


@pytest.fixture(scope="module")
def from_scan(scan):
    return extract_report(scan)


def test_scan_has_no_text_layer(scan):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(scan))
    try:
        assert all(not document[i].get_textpage().get_text_range().strip() for i in range(len(document)))
    finally:
        document.close()


def test_scanned_sample_loads_through_ocr_with_its_match_rate(reports, from_scan):
    expected, got = fact_keys(reports["haidong_final"]), fact_keys(from_scan)
    matched = sum((expected & got).values())
    rate = matched / sum(expected.values())
    invented = sum((got - expected).values())
    print(f"OCR haidong: {matched}/{sum(expected.values())} = {rate:.1%}, {invented} amounts not in the text")
    assert rate >= MIN_MATCH
    assert invented <= 0.02 * sum(expected.values())
    assert from_scan.meta == reports["haidong_final"].meta


def test_every_ocr_fact_is_flagged_in_lineage(from_scan):
    assert from_scan.facts
    assert {f.extraction for f in from_scan.facts} == {"ocr-tesseract"}
    assert {t.quality.engine for t in from_scan.tables} == {"ocr-tesseract"}


def test_without_tesseract_a_scan_is_rejected_not_loaded(scan, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_problem", lambda language: "Tesseract is not installed (apt-get …)")
    with pytest.raises(RejectedInput) as raised:
        extract_report(scan)
    message = str(raised.value)
    assert scan.name in message and "scanned PDF" in message and "Tesseract is not installed" in message
