"""Security headers on every response: pages, PDFs, downloads, static files, errors and the API.

A small after-request hook rather than flask-talisman: the policy is one fixed string (no per-page
exceptions, no nonces, since no template has an inline script, ``on…=`` handler or ``style=``
attribute), and HTTPS itself is the reverse proxy's job, so Talisman's redirects and per-view
options would be unused configuration. Scripts live in lms/static/js; progress bars are SVG
``<rect width>`` (a presentation attribute, which ``style-src 'self'`` allows), so the policy needs
neither ``'unsafe-inline'`` for scripts nor for styles.
"""

from flask import Flask, Response

#: Only this site's own files; nothing inline, no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
#: Two years, as browsers' preload lists expect; sent only when the cookies are HTTPS-only.
HSTS = "max-age=63072000; includeSubDomains"
#: For a page that shows a secret once (a temporary password, a new API token): kept in no cache.
NO_STORE = {"Cache-Control": "no-store"}


def register(app: Flask) -> None:
    """Add the headers to every response ``app`` gives (a view's own value wins)."""
    hsts = app.config.get("SESSION_COOKIE_SECURE")

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
