"""PDFs are set in one pre-subset family; a character outside it comes from the full font and can still be found."""

import shutil
import subprocess

import pytest
from fontTools.ttLib import TTFont

from lms.services import certificates, pdf
from tests.web.test_certificate_branding import certificate_for, text_of

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is missing")
needs_noto = pytest.mark.skipif(
    pdf.find_face("Noto Serif CJK SC", 400) is None, reason="fonts-noto-cjk (Noto Serif CJK SC) is missing"
)


def fonts_in(document: bytes) -> list[str]:
    """The embedded fonts' names, without the subset prefix (``ABCDEF+``)."""
    listing = subprocess.run(["pdffonts", "-"], input=document, capture_output=True, check=True).stdout.decode()
    return sorted(line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:])


@needs_poppler
@needs_noto
@pytest.mark.parametrize(
    ("name", "fonts"),
    [
        ("张伟", ["LMS-Serif", "LMS-Serif-Bold"]),  # every character in the pre-subset: one family, two weights
        ("王喆堃昇", ["LMS-Serif", "LMS-Serif-Bold", "LMS-Serif-Rare-Bold"]),  # 喆 堃 昇: GBK, beyond GB 2312
        ("王㐂", ["LMS-Serif", "LMS-Serif-Bold", "Noto-Serif-CJK-SC-Bold"]),  # 㐂 (CJK Ext. A): the full font
    ],
)
def test_a_certificate_is_set_in_the_one_family_and_every_name_prints_and_is_found(ctx, name, fonts):
    document = certificates.render_pdf(certificate_for(name))
    assert fonts_in(document) == fonts
    text = text_of(document)
    assert name in text and "资格证书" in "".join(text.split())


@needs_noto
def test_the_presubset_keeps_the_common_characters_is_built_once_and_replaces_a_stale_one(tmp_path):
    stale = tmp_path / "serif-400-000000000000.otf"
    stale.write_bytes(b"an older build")
    built = pdf.presubset(tmp_path, "serif", 400)
    assert built is not None and built.parent == tmp_path and not stale.exists()
    cmap = TTFont(built)["cmap"].getBestCmap()
    assert all(ord(char) in cmap for char in "资格证书张伟欧阳琪K7Q2，。·")
    assert not any(ord(char) in cmap for char in "喆堃昇")
    assert 1_000_000 < built.stat().st_size < 4_000_000  # a tenth of the 26 MB collection it is cut from
    before = built.stat().st_mtime_ns
    assert pdf.presubset(tmp_path, "serif", 400) == built and built.stat().st_mtime_ns == before


@needs_noto
def test_the_rare_cut_keeps_gbks_other_hanzi_and_is_named_apart_from_the_common_one(tmp_path):
    common, rare = pdf.presubset(tmp_path, "serif", 700), pdf.presubset(tmp_path, "serif", 700, "Rare")
    assert common is not None and rare is not None and common != rare
    cmap = TTFont(rare)["cmap"].getBestCmap()
    assert all(ord(char) in cmap for char in "喆堃昇")
    assert not any(ord(char) in cmap for char in "资格证书张伟K㐂")
    assert pdf.presubset(tmp_path, "serif", 700) == common and common.exists()  # neither cut replaces the other
    faces = pdf.font_faces(tmp_path, "serif")
    assert faces.count('"LMS Serif"') == 2 and faces.count('"LMS Serif Rare"') == 2


def test_a_family_that_is_not_installed_is_found_missing_and_declares_no_face(tmp_path, monkeypatch, caplog):
    assert pdf.find_face("No Such Font Family", 400) is None
    monkeypatch.setitem(pdf.FAMILIES, "missing", ("LMS Missing", "No Such Font Family"))
    assert pdf.font_faces(tmp_path, "missing") == ""
    assert "No Such Font Family" in caplog.text and "fonts-noto-cjk" in caplog.text
    assert list(tmp_path.iterdir()) == []
