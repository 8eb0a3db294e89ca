"""Certificates carry the organisation's branding and a verification address others can open; HR is warned while they can't."""

import logging
import shutil
import subprocess
from datetime import date

import pytest
import segno
import sqlalchemy as sa

from lms import config
from lms.extensions import db
from lms.models import Certificate, LevelAward
from lms.services import branding, certificates
from lms.wiring import check_base_url
from tests.factories import make_user

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is missing")
#: The smallest valid PNG: one transparent pixel.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def certificate_for(name: str) -> Certificate:
    """A senior certificate for a new person called ``name`` (in the session, committed)."""
    user = make_user("C0001", name)
    award = LevelAward(user=user, level="senior", evidence=[])
    certificate = Certificate(number="K7Q2M9X4P8R3T", issued_on=date(2026, 11, 30), expires_on=date(2028, 11, 30))
    award.certificates.append(certificate)
    db.session.add(award)
    db.session.commit()
    return certificate


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def images_in(pdf: bytes) -> int:
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    return max(0, len(listing.splitlines()) - 2)


@pytest.fixture
def configured(app, tmp_path, monkeypatch):
    """An organisation with its names, signatory, public address and an empty branding folder."""
    for key, value in {
        "ORG_NAME": "上海悦家物业服务有限公司",
        "ORG_NAME_EN": "Yuejia Property Services",
        "CERT_SIGNATORY_NAME": "许文博",
        "CERT_SIGNATORY_TITLE": "客户服务中心总经理",
        "BASE_URL": "https://lms.example.com",
        "BRANDING_DIR": str(tmp_path),
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return tmp_path


@needs_pdftotext
def test_the_pdf_names_the_organisation_signatory_holder_and_public_verification_address(ctx, configured):
    pdf = certificates.render_pdf(certificate_for("欧阳喆堃昇"))
    text = text_of(pdf)
    for expected in (
        "上海悦家物业服务有限公司",
        "YUEJIA PROPERTY SERVICES",
        "许文博",
        "客户服务中心总经理",
        "欧阳喆堃昇",
        "高级客服",
        "Senior agent",
    ):
        assert expected in text
    assert "lms.example.com/verify/K7Q2M9X4P8R3T" in "".join(text.split())
    assert "127.0.0.1" not in text and "2026年11月30日" in text and "2028年11月30日" in text


@needs_pdftotext
def test_images_in_the_branding_folder_are_used_and_a_bad_one_falls_back_to_the_drawn_one(ctx, configured, caplog):
    drawn = certificates.render_pdf(certificate_for("王芳"))
    assert images_in(drawn) == 1  # the QR code; logo and seal drawn as vectors
    (configured / "logo.png").write_bytes(PIXEL)
    (configured / "seal.png").write_bytes(PIXEL)
    assert images_in(certificates.render_pdf(db.session.scalar(sa.select(Certificate)))) >= 3
    (configured / "logo.png").write_text("not a picture")
    with caplog.at_level(logging.WARNING):
        found = branding.current()
    assert found.logo.startswith("data:image/svg+xml") and found.seal.startswith("data:image/png")
    assert "logo.png is not a PNG image" in caplog.text


@needs_pdftotext
def test_the_qr_code_is_one_pixel_a_module_and_printed_unsmoothed(ctx, configured):
    certificate = certificate_for("王芳")
    modules = segno.make(certificates.verify_url(certificate.number), error="m").symbol_size(border=0)
    listing = subprocess.run(
        ["pdfimages", "-list", "-"], input=certificates.render_pdf(certificate), capture_output=True, check=True
    ).stdout.decode()
    (image,) = [line.split() for line in listing.splitlines()[2:]]
    width, height, interpolated = image[3], image[4], image[9]
    assert (int(width), int(height)) == modules and interpolated == "no"


def test_nothing_configured_still_gives_a_finished_certificate(ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(ctx.config, "BRANDING_DIR", str(tmp_path / "missing"))
    found = branding.current()
    assert found.org_name == "客服培训与认证中心" and found.org_name_en
    assert found.logo.startswith("data:image/svg+xml") and found.seal.startswith("data:image/svg+xml")
    assert found.signature is None


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://localhost:8000", True),
        ("http://127.0.1.1", True),
        ("http://[::1]:5000", True),
        ("https://lms.example.com", False),
        ("http://10.0.0.5:5000", False),
    ],
)
def test_a_local_base_url_is_recognised(ctx, monkeypatch, url, local):
    monkeypatch.setitem(ctx.config, "BASE_URL", url)
    assert (branding.local_base_url() == url) is local


def default_base_url(app, monkeypatch) -> str:
    """LMS_BASE_URL as the settings make it when nothing is set."""
    monkeypatch.delenv("LMS_BASE_URL", raising=False)
    monkeypatch.delenv("LMS_PORT", raising=False)
    return config.from_environment(app.instance_path)["BASE_URL"]


def test_hr_is_warned_about_a_local_verification_address_and_not_about_a_real_one(
    app, client, auth, people, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", default_base_url(app, monkeypatch))
    auth.login(people["hr"])
    page = client.get("/hr/certificates").get_data(as_text=True)
    assert 'data-test="base-url-warning"' in page and "LMS_BASE_URL" in page and app.config["BASE_URL"] in page
    monkeypatch.setitem(app.config, "BASE_URL", "https://lms.example.com")
    assert 'data-test="base-url-warning"' not in client.get("/hr/certificates").get_data(as_text=True)


def test_the_app_warns_at_start_while_the_base_url_is_local(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "BASE_URL", default_base_url(app, monkeypatch))
    with caplog.at_level(logging.WARNING):
        check_base_url(app)
    assert "LMS_BASE_URL is http://127.0.0.1" in caplog.text
    caplog.clear()
    monkeypatch.setitem(app.config, "BASE_URL", "https://lms.example.com")
    with caplog.at_level(logging.WARNING):
        check_base_url(app)
    assert "LMS_BASE_URL" not in caplog.text
