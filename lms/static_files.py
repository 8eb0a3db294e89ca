"""Static files as a product serves them: content-hashed names cached for a year, gzip, ETags.

Our own small table rather than WhiteNoise: WhiteNoise's hashed names come from Django's manifest storage,
so under Flask it would only compress, and we would still need the hashing and ``url_for`` rewriting
here. lms/static is a dozen small files, so ``create_app`` reads them once into memory (a few
milliseconds): each file under its own name and under a name carrying the first ten hex digits of its
SHA-256 (``css/app.0123456789.css``), text types also gzipped. ``url_for('static', …)`` gives the hashed
name, which is cached as immutable; the plain name (an old page, ``/favicon.ico``) is revalidated by ETag.
Security headers are added by lms.headers as on every response. A changed file is served after a restart.
"""

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, request
from flask.sessions import SecureCookieSessionInterface

from lms.security import public

#: A hashed name never changes its content, so browsers may keep it a year without asking.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Types worth compressing (images other than SVG are compressed already).
TEXT_TYPES = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/manifest+json"}
#: The icon a browser asks for on its own at the site's root.
FAVICON = "icons/favicon.ico"
#: Files served at the site's root as well: the web app manifest, and the service worker, whose scope (the pages
#: it may keep for offline use) is the folder it is served from, so it must come from the root to cover /review.
ROOT_FILES = {"/manifest.webmanifest": ("manifest", "manifest.webmanifest"), "/sw.js": ("service_worker", "js/sw.js")}
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclass(frozen=True)
class StaticFile:
    """One file's bytes, its gzipped bytes when worth it, and how to describe it."""

    body: bytes
    gzipped: bytes | None
    mimetype: str
    etag: str  # the hashed part of its name
    immutable: bool


def hashed_name(name: str, digest: str) -> str:
    """``css/app.css`` -> ``css/app.<digest>.css``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{digest}"


class StaticFiles:
    """Every file of a folder, by its plain and its hashed name."""

    def __init__(self, folder: Path):
        self.files: dict[str, StaticFile] = {}
        self.hashed: dict[str, str] = {}  # plain name -> hashed name
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                self._add(path.relative_to(folder).as_posix(), path.read_bytes())

    def _add(self, name: str, body: bytes) -> None:
        digest = hashlib.sha256(body).hexdigest()[:10]
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        gzipped = gzip.compress(body, compresslevel=9, mtime=0) if mimetype in TEXT_TYPES else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        for served, immutable in ((name, False), (hashed_name(name, digest), True)):
            self.files[served] = StaticFile(body, gzipped, mimetype, digest, immutable)
        self.hashed[name] = hashed_name(name, digest)

    def response(self, filename: str) -> Response:
        """The file as a response: gzipped when the browser accepts it, 304 when its copy is current."""
        found = self.files.get(filename)
        if found is None:
            abort(404)
        response = Response(mimetype=found.mimetype)
        response.headers["Cache-Control"] = IMMUTABLE if found.immutable else "no-cache"
        response.set_etag(found.etag)
        if found.gzipped is not None:
            response.vary.add("Accept-Encoding")
        if found.etag in request.if_none_match:
            response.status_code = 304
            return response
        if found.gzipped is not None and "gzip" in request.accept_encodings:
            response.data, response.headers["Content-Encoding"] = found.gzipped, "gzip"
        else:
            response.data = found.body
        return response


class SessionlessFiles(SecureCookieSessionInterface):
    """The signed session cookie, left out of the files' responses.

    Flask-Login looks into the session after every request, so every response would say ``Vary: Cookie``; the signed
    cookie changes with each request (its expiry moves on), so a browser would find its copy of every file stale on
    the next page and ask again, a round trip per file however long the file is cached for. A file's response
    neither reads nor changes the session, so it is not saved with them and does not vary with it.
    """

    _serializer: tuple[tuple, Any] | None = None

    def save_session(self, app, session, response) -> None:
        if request.endpoint not in FILE_ENDPOINTS:
            super().save_session(app, session, response)

    def get_signing_serializer(self, app):
        """Flask's serializer, kept while the keys stay the same: Flask builds it anew for every request, a sixth of
        the cost of opening a session."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._serializer
        if kept is None or kept[0] != keys:
            kept = self._serializer = (keys, super().get_signing_serializer(app))
        return kept[1]


#: The endpoints that serve files from the table.
FILE_ENDPOINTS = {"static", "favicon", *(endpoint for endpoint, _name in ROOT_FILES.values())}


def register(app: Flask) -> None:
    """Serve the ``static`` endpoint and ``/favicon.ico`` from the table; ``url_for`` gives hashed names."""
    assert app.static_folder is not None, "the app has a static folder"
    app.session_interface = SessionlessFiles()
    files = StaticFiles(Path(app.static_folder))
    app.view_functions["static"] = files.response  # the route Flask made, /static/<path:filename>

    @app.url_defaults
    def hashed(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in files.hashed:
            values["filename"] = files.hashed[values["filename"]]

    @public
    def favicon() -> Response:
        return files.response(FAVICON)

    app.add_url_rule("/favicon.ico", "favicon", favicon)
    for path, (endpoint, name) in ROOT_FILES.items():
        app.add_url_rule(path, endpoint, public(lambda name=name: files.response(name)))
