"""Flask-Babel with its catalogue looked up once a request, not once a string.

Flask-Babel finds the catalogue anew for every string it translates (the request's locale, through
``flask.g`` several times): about 10 µs a string, and a page translates 50 to 200 of them. Here the
catalogue found is kept beside the locale Flask-Babel keeps for the request, and used again while that
locale stays the same object (``force_locale`` and ``refresh`` replace it, so they still switch language).
"""

from flask import Flask
from flask.globals import _cv_app
from flask_babel import Babel as FlaskBabel
from flask_babel import Domain as FlaskDomain
from flask_babel import get_translations as babel_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from werkzeug.utils import cached_property


def translations():
    """The current request's catalogue (Flask-Babel's, remembered for as long as its locale holds)."""
    kept = _kept()
    return kept if kept is not None else babel_translations()


class Domain(FlaskDomain):
    """The default message domain, its catalogue remembered for the request (for ``gettext`` and lazy strings)."""

    def get_translations(self):
        kept = _kept()
        if kept is not None:
            return kept
        found = super().get_translations()
        state = _state()
        if state is not None and getattr(state, "babel_locale", None) is not None:
            state.lms_translations = (state.babel_locale, found)
        return found


def _state():
    """Flask-Babel's record of the current request (its locale), if there is a request."""
    context = _cv_app.get(None)
    return getattr(context.g, "_flask_babel", None) if context is not None else None


def _kept():
    """The catalogue remembered for this request's locale, if any."""
    state = _state()
    kept = getattr(state, "lms_translations", None)
    if kept is not None and kept[0] is getattr(state, "babel_locale", None):
        return kept[1]
    return None


class Babel(FlaskBabel):
    """Flask-Babel, with the domain above and templates translating through ``translations``."""

    @cached_property
    def domain_instance(self):
        return Domain(domain=self.domain)

    def init_app(self, app: Flask, *args, **kwargs) -> None:
        super().init_app(app, *args, **kwargs)
        app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
            gettext=lambda s: translations().ugettext(s),
            ngettext=lambda s, p, n: translations().ungettext(s, p, n),
            newstyle=True,
            pgettext=lambda c, s: translations().upgettext(c, s),
            npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        )
        app.jinja_env.globals.update(gettext=template_gettext, _=template_gettext)


@pass_eval_context
def template_gettext(context: EvalContext, message: str, **variables) -> str:
    """A template's ``_()``: what Jinja's new-style ``gettext`` does, in one call.

    Jinja's ``_`` calls its ``gettext``, which calls the one installed, each through ``Context.call``; within a
    loop or block each of those also derives a context (about 4 µs a string, and a page translates 50 to 200).
    """
    found = translations().ugettext(message)
    if context.autoescape:
        found = Markup(found)
    return found % variables if variables or "%" in found else found  # most strings have nothing to format
