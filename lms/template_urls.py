"""``url_for`` as templates call it, each address built once per process.

Building an address costs Flask and Werkzeug 10-20 µs, and a page links 20-60 times, mostly to the same menu
entries, files and lists; a kept address costs about 1 µs. An address depends only on the endpoint, its values
and the path the app is mounted at (this app's routes match no host or subdomain, and the one ``url_defaults``,
the hashed file names, is fixed while the process runs), so that is the key. Anything else (an absolute address,
an anchor, a relative endpoint, no request, a value that cannot be a key) is built as Flask builds it.
"""

from collections.abc import Callable

from flask import Flask, has_request_context, request, url_for

#: Addresses kept per app before the table starts again (ids in addresses make it grow with use).
KEPT = 20_000


def kept(app: Flask) -> Callable[..., str]:
    """A ``url_for`` for ``app``'s templates that keeps what it built."""
    built: dict[tuple, str] = {}

    def template_url_for(endpoint: str, **values) -> str:
        if endpoint.startswith(".") or not has_request_context() or any(name[0] == "_" for name in values):
            return url_for(endpoint, **values)
        key = (request.script_root, endpoint, *values.items(), *map(type, values.values()))  # 1 and True differ
        try:
            return built[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key
            return url_for(endpoint, **values)
        if len(built) >= KEPT:
            built.clear()
        address = built[key] = url_for(endpoint, **values)
        return address

    return template_url_for
