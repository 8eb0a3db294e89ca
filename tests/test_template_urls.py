"""Templates' url_for keeps addresses, and gives exactly what Flask's url_for gives, wherever the app is mounted."""

import pytest
from flask import Flask, render_template_string, url_for

from lms import template_urls

CALLS = [
    ("plain", {}),
    ("item", {"item_id": 7}),
    ("item", {"item_id": 8}),
    ("plain", {"flag": True}),  # 1 and True are equal keys in a dict, but not the same address
    ("plain", {"flag": 1}),
    ("plain", {"flag": None}),
    ("plain", {"q": "王", "page": 2}),
    ("plain", {"page": 2, "q": "王"}),  # the order of the query is the template's
    ("plain", {"_anchor": "trends"}),
    ("plain", {"_external": True}),
    ("plain", {"ids": [1, 2]}),  # not a key: built each time
    ("static", {"filename": "css/app.css"}),
]


@pytest.fixture
def url_app() -> Flask:
    app = Flask(__name__, static_folder=None)
    app.add_url_rule("/plain", "plain")
    app.add_url_rule("/items/<int:item_id>", "item")
    app.add_url_rule("/static/<path:filename>", "static")
    app.jinja_env.globals["url_for"] = template_urls.kept(app)
    return app


def test_every_address_is_the_one_flask_builds_wherever_the_app_is_mounted(url_app):
    for mounted in ("", "/lms", ""):  # built, built for the other mount, then kept
        with url_app.test_request_context("/", environ_overrides={"SCRIPT_NAME": mounted}):
            for endpoint, values in CALLS:
                shown = render_template_string("{{ url_for(endpoint, **values) }}", endpoint=endpoint, values=values)
                assert shown == str(url_for(endpoint, **values)).replace("&", "&amp;"), (mounted, endpoint, values)
                assert shown.startswith(f"{mounted}/") or "://" in shown


def test_outside_a_request_it_is_flasks(url_app):
    url_app.config["SERVER_NAME"] = "lms.example.com"
    with url_app.app_context():
        assert render_template_string("{{ url_for('item', item_id=3) }}") == "http://lms.example.com/items/3"
