"""The customer-service training and certification LMS (客服培训与认证系统)."""

from pathlib import Path

from flask import Flask

from lms import config

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATES))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    from lms import headers, overload, static_files
    from lms.wiring import (
        check_base_url,
        check_pdf_fonts,
        check_shared_settings,
        register_blueprints,
        register_commands,
        register_errorhandlers,
        register_extensions,
    )

    register_extensions(app)
    headers.register(app)
    static_files.register(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    check_pdf_fonts(app)
    check_base_url(app)
    check_shared_settings(app)
    if app.config["SAVE_QUEUE_LIMIT_MS"]:  # outermost: a late save is refused before anything else runs
        app.wsgi_app = overload.ShedLateSaves(app.wsgi_app, app.config["SAVE_QUEUE_LIMIT_MS"])  # type: ignore[method-assign]
    return app
