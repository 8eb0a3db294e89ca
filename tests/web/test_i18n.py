"""Chinese first, English on request, and no untranslated English string."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "lms/translations/en/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}


def test_every_interface_string_has_an_english_translation():
    """Run `make translations` and translate what this lists."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {message.id for message in catalog if message.id and message.string and not message.fuzzy}
    found = set()
    for method, pattern in (("python", "lms"), ("jinja2", "templates")):
        mapping = [(f"**.{'py' if method == 'python' else 'html'}", method)]
        for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT / pattern), mapping, KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - translated) == []


def test_switching_to_english_and_back(app, client, auth, people):
    auth.login(people["agent"])
    assert "您好，李客服" in client.get("/").get_data(as_text=True)
    auth.post("/language", {"locale": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Hello, 李客服" in page and "Sign out" in page
    auth.post("/language", {"locale": "zh_CN", "next": "/"})
    assert "您好，李客服" in client.get("/").get_data(as_text=True)


def test_language_choice_is_remembered_for_the_user(app, auth, people):
    auth.login(people["agent"])
    auth.post("/language", {"locale": "en"})
    other = app.test_client()
    from tests.conftest import Auth

    Auth(other).login(people["agent"])
    assert "Hello," in other.get("/").get_data(as_text=True)


def test_anonymous_visitor_can_switch_the_sign_in_page(client):
    from tests.conftest import csrf_token

    client.post("/language", data={"locale": "en", "next": "/login", "csrf_token": csrf_token(client)})
    assert "Sign in with your employee number" in client.get("/login").get_data(as_text=True)


def test_unknown_language_is_refused(client, auth, people):
    auth.login(people["agent"])
    auth.post("/language", {"locale": "fr"})
    assert "不支持该语言" in client.get("/").get_data(as_text=True)


def test_language_switch_does_not_redirect_off_site(client, auth, people):
    auth.login(people["agent"])
    assert auth.post("/language", {"locale": "en", "next": "//evil.example/"}).location == "/"


def test_form_errors_follow_the_language(client, auth, people):
    auth.login(people["agent"])
    auth.post("/language", {"locale": "en"})
    page = auth.post("/password", {"current": "", "new": "", "repeat": ""}).get_data(as_text=True)
    assert "Enter your current password." in page


def test_the_catalogue_kept_for_a_request_follows_a_forced_locale_and_back(app):
    """lms.i18n keeps the request's catalogue: an e-mail in the recipient's language still switches it, and back."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext, lazy_gettext

    with app.test_request_context("/"):
        assert gettext("首页") == "首页"
        assert render_template_string("{{ _('首页') }}") == "首页"
        with force_locale("en"):
            assert gettext("首页") == "Home" and str(lazy_gettext("首页")) == "Home"
            assert render_template_string("{{ _('首页') }}") == "Home"
        assert gettext("首页") == "首页" and render_template_string("{{ _('首页') }}") == "首页"


def test_a_template_string_escapes_its_values_only_where_the_template_escapes(app):
    """lms.i18n's template ``_()`` does what Jinja's new-style gettext does: the values escaped in HTML, not in text."""
    from flask import render_template_string

    template = "{% for n in ['<b>'] %}{{ _('%(n)s 条未读', n=n) }}{% endfor %}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "&lt;b&gt; 条未读"
        assert app.jinja_env.from_string("{% autoescape false %}" + template + "{% endautoescape %}").render() == (
            "<b> 条未读"
        )
        assert render_template_string("{{ _('首页') }}") == "首页"
        # a string without values is formatted only when it holds a ``%`` (as Jinja formats every string)
        assert render_template_string("{{ _('满分 100%%') }} {{ _('<i>') }}") == "满分 100% <i>"
