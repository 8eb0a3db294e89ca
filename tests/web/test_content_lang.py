"""WCAG 3.1.2: in the English interface Chinese names and content carry lang="zh-CN"; the language buttons their own."""

import pytest

from lms.punctuation import zh, zh_lang


def test_in_english_chinese_names_and_lessons_are_marked(client, auth, people, courses):
    auth.login(people["agent"])
    page = client.get("/").get_data(as_text=True)
    assert '<span lang="zh-CN">' not in page and 'lang="en" data-test="lang-en">English</button>' in page
    auth.post("/language", {"locale": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/password" class="who"><span lang="zh-CN">李客服</span></a>' in page
    assert 'lang="zh-CN" data-test="lang-zh_CN">中文</button>' in page
    lesson = client.get("/courses/alpha/1").get_data(as_text=True)
    assert '<div class="prose" lang="zh-CN">' in lesson


@pytest.mark.parametrize(
    ("locale", "value", "marked"),
    [
        ("en", "王小明", '<span lang="zh-CN">王小明</span>'),
        ("en", "<b>王</b>", '<span lang="zh-CN">&lt;b&gt;王&lt;/b&gt;</span>'),  # escaped as ever
        ("en", "Alice", "Alice"),  # no Chinese character
        ("en", None, None),
        ("zh_CN", "王小明", "王小明"),  # the whole page is Chinese already
    ],
)
def test_the_mark(app, locale, value, marked):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(locale):
        assert (str(zh(value)) if value is not None else zh(value)) == marked
        assert str(zh_lang(value)) == (' lang="zh-CN"' if value and marked != value else "")
