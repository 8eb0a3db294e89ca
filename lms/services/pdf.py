"""HTML to PDF (certificates, HR transcripts): one CJK font family per document, pre-subset, one WeasyPrint setup.

Embedding Noto CJK straight from the system's 20-26 MB font collections made a certificate cost about 0.2 s and
0.5 MB: WeasyPrint copies and subsets every face a page uses, afresh for every PDF. So each family is pre-subset
once per instance (``instance/fonts/``, rebuilt when the system font changes) with HarfBuzz into two fonts
(``lms.domain.charsets``): the common characters, declared by ``@font-face`` as ``LMS Serif`` (or ``LMS Sans``),
and GBK's rarer hanzi (喆, 堃, 昇), as ``LMS Serif Rare``. Templates name these first and the full Noto family
after them, so any character still prints and every name can be searched in the PDF. The rare characters have a
font of their own because WeasyPrint keeps glyph numbers: the full font puts 喆 at glyph 20,234, and each PDF
using it carried (and took 15 ms to write) 20,000 empty glyphs.

One ``FontConfiguration`` (and its parsed ``@font-face`` rules) serves every render of the process; Pango's font
map is not made for several threads at once, so renders take turns on a lock.
"""

import atexit
import ctypes
import ctypes.util
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from lms.domain import charsets

log = logging.getLogger(__name__)

#: Family key -> (the name templates use, the full system family it is cut from and falls back to).
FAMILIES = {"serif": ("LMS Serif", "Noto Serif CJK SC"), "sans": ("LMS Sans", "Noto Sans CJK SC")}
#: Each family's pre-subset fonts, in the order templates name them: (what its name and file add, characters kept).
CUTS = (("", charsets.common), ("Rare", charsets.rare))
#: Tables a pre-subset leaves out: glyph substitutions (their closure would add 6,000 vertical and regional
#: variants, which every PDF then carries as empty glyphs) and vertical metrics; horizontal text needs neither.
DROPPED_TABLES = (b"GSUB", b"vhea", b"vmtx", b"VORG")
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
#: CSS weight -> fontconfig's weight for it.
WEIGHTS = {400: 80, 700: 200}
FC_RESULT_MATCH = 0


@dataclass(frozen=True)
class Face:
    """One face of a font file (a collection holds several, by index)."""

    path: str
    index: int


def _library(name: str) -> Any:
    """A shared C library by its short name (``harfbuzz``), or None when it is not installed."""
    found = ctypes.util.find_library(name)
    try:
        return ctypes.CDLL(found or f"lib{name}.so.0")
    except OSError:
        return None


def _fontconfig() -> Any:
    fc = _library("fontconfig")
    if fc is None:
        return None
    fc.FcNameParse.restype = ctypes.c_void_p
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    fc.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    fc.FcFontMatch.restype = ctypes.c_void_p
    fc.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    fc.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    fc.FcPatternGetInteger.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return fc


def find_face(family: str, weight: int) -> Face | None:
    """The installed face of ``family`` at this CSS weight (fontconfig), or None if it is not installed."""
    fc = _fontconfig()
    if fc is None:
        return None
    pattern = fc.FcNameParse(f"{family}:weight={WEIGHTS[weight]}".encode())
    fc.FcConfigSubstitute(None, pattern, 0)
    fc.FcDefaultSubstitute(pattern)
    match = fc.FcFontMatch(None, pattern, ctypes.byref(ctypes.c_int()))
    fc.FcPatternDestroy(pattern)
    if not match:
        return None
    try:
        names: list[str] = []
        text, number = ctypes.c_char_p(), ctypes.c_int()
        while fc.FcPatternGetString(match, b"family", len(names), ctypes.byref(text)) == FC_RESULT_MATCH:
            names.append((text.value or b"").decode())
        found_weight = (
            number.value if fc.FcPatternGetInteger(match, b"weight", 0, ctypes.byref(number)) == FC_RESULT_MATCH else -1
        )
        if family not in names or found_weight != WEIGHTS[weight]:  # fontconfig's nearest is another font
            return None
        fc.FcPatternGetString(match, b"file", 0, ctypes.byref(text))
        index = (
            number.value if fc.FcPatternGetInteger(match, b"index", 0, ctypes.byref(number)) == FC_RESULT_MATCH else 0
        )
        return Face((text.value or b"").decode(), index)
    finally:
        fc.FcPatternDestroy(match)


def _harfbuzz() -> tuple[Any, Any]:
    hb, subset = _library("harfbuzz"), _library("harfbuzz-subset")
    if hb is None or subset is None:
        raise OSError("libharfbuzz-subset0 is missing: apt-get install libharfbuzz-subset0")
    hb.hb_blob_create_from_file.restype = ctypes.c_void_p
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = ctypes.c_void_p
    hb.hb_face_create.argtypes = [ctypes.c_void_p, ctypes.c_uint]
    hb.hb_face_get_glyph_count.argtypes = [ctypes.c_void_p]
    hb.hb_face_reference_blob.restype = ctypes.c_void_p
    hb.hb_face_reference_blob.argtypes = [ctypes.c_void_p]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint)]
    hb.hb_blob_destroy.argtypes = [ctypes.c_void_p]
    hb.hb_face_destroy.argtypes = [ctypes.c_void_p]
    hb.hb_set_add.argtypes = [ctypes.c_void_p, ctypes.c_uint]
    subset.hb_subset_input_create_or_fail.restype = ctypes.c_void_p
    subset.hb_subset_input_unicode_set.restype = ctypes.c_void_p
    subset.hb_subset_input_unicode_set.argtypes = [ctypes.c_void_p]
    subset.hb_subset_input_set.restype = ctypes.c_void_p
    subset.hb_subset_input_set.argtypes = [ctypes.c_void_p, ctypes.c_int]
    subset.hb_subset_input_destroy.argtypes = [ctypes.c_void_p]
    subset.hb_subset_or_fail.restype = ctypes.c_void_p
    subset.hb_subset_or_fail.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    return hb, subset


def subset_font(face: Face, codepoints: list[int]) -> bytes:
    """``face`` cut down to ``codepoints`` (HarfBuzz: about a second for a CJK face; fontTools takes a minute)."""
    hb, subset = _harfbuzz()
    blob = hb.hb_blob_create_from_file(face.path.encode())
    source = hb.hb_face_create(blob, face.index)
    request = subset.hb_subset_input_create_or_fail()
    try:
        if not hb.hb_face_get_glyph_count(source) or not request:
            raise OSError(f"cannot read the font {face.path} (face {face.index})")
        wanted = subset.hb_subset_input_unicode_set(request)
        for point in codepoints:
            hb.hb_set_add(wanted, point)
        dropped = subset.hb_subset_input_set(request, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in DROPPED_TABLES:
            hb.hb_set_add(dropped, int.from_bytes(tag, "big"))
        result = subset.hb_subset_or_fail(source, request)
        if not result:
            raise OSError(f"HarfBuzz could not subset {face.path} (face {face.index})")
        out = hb.hb_face_reference_blob(result)
        length = ctypes.c_uint()
        data = ctypes.string_at(hb.hb_blob_get_data(out, ctypes.byref(length)), length.value)
        hb.hb_blob_destroy(out)
        hb.hb_face_destroy(result)
        return data
    finally:
        subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(source)
        hb.hb_blob_destroy(blob)


def presubset(folder: Path, key: str, weight: int, cut: str = "") -> Path | None:
    """The pre-subset file of a family's weight and cut (``CUTS``) in ``folder``, built now if missing; None if the
    font is not installed.

    Its name carries a digest of the source file and the character list, so a font update builds a new one. Two
    processes building at once each write a temporary file and rename it: the result is the same either way.
    """
    face = find_face(FAMILIES[key][1], weight)
    if face is None:
        return None
    codepoints = dict(CUTS)[cut]()
    stat = os.stat(face.path)
    source = f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{codepoints}|{DROPPED_TABLES}"
    stem = f"{key}-{cut.lower()}-{weight}" if cut else f"{key}-{weight}"
    target = folder / f"{stem}-{hashlib.sha256(source.encode()).hexdigest()[:12]}.otf"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(subset_font(face, codepoints))
    os.replace(partial, target)
    for stale in folder.glob(f"{stem}-*.otf"):
        if stale != target:
            stale.unlink(missing_ok=True)
    log.info("built %s (%s, %d KiB) for PDFs", target, FAMILIES[key][1], target.stat().st_size // 1024)
    return target


def font_faces(folder: Path, key: str) -> str:
    """The ``@font-face`` rules of a family's pre-subset weights and cuts (none for a weight not installed)."""
    name, full = FAMILIES[key]
    rules = []
    for weight in WEIGHTS:
        for cut, _codepoints in CUTS:
            try:
                path = presubset(folder, key, weight, cut)
            except OSError:
                log.exception(
                    "cannot pre-subset %s %s %s: PDFs embed the full font (slower, larger)", full, weight, cut
                )
                continue
            if path is None:
                log.warning("%s (weight %s) is not installed: apt-get install fonts-noto-cjk", full, weight)
                break
            family = f"{name} {cut}".strip()
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


_lock = threading.Lock()
#: The process's one FontConfiguration, and the stylesheets parsed with it: each (font folder, family)'s
#: ``@font-face`` rules, and each document's own stylesheet (a file beside its template).
_fonts: Any = None
_sheets: dict[tuple[str, str], Any] = {}


def _forget_fonts() -> None:
    """At exit, while the modules it needs still exist, let the FontConfiguration remove its temporary folder."""
    global _fonts
    _sheets.clear()
    _fonts = None


def fonts_folder() -> Path:
    """Where this instance keeps its pre-subset fonts."""
    return Path(current_app.instance_path) / "fonts"


def _sheet(key: tuple[str, str], text: Callable[[], str]) -> Any:
    """The stylesheet cached under ``key``, parsed from ``text()`` the first time (call with the lock held)."""
    from weasyprint import CSS

    if key not in _sheets:
        _sheets[key] = CSS(string=text(), font_config=_fonts)
    return _sheets[key]


def render(html: str, family: str, stylesheet: str) -> bytes:
    """``html`` as a PDF set in ``FAMILIES[family]``, styled by the template-folder file ``stylesheet``.

    WeasyPrint is loaded on first use: it pulls in Pango and fonts, which ``create_app`` should not pay for.
    """
    global _fonts
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    loader = current_app.jinja_env.loader
    assert loader is not None, "the app has a template folder"
    folder = fonts_folder()
    with _lock:
        if _fonts is None:
            _fonts = FontConfiguration()
            atexit.register(_forget_fonts)
        faces = _sheet((str(folder), family), lambda: font_faces(folder, family))
        own = _sheet(("stylesheet", stylesheet), lambda: loader.get_source(current_app.jinja_env, stylesheet)[0])
        document = HTML(string=html, base_url=current_app.root_path)
        return document.write_pdf(stylesheets=[faces, own], font_config=_fonts)
