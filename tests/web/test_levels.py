"""Levels in the app: the promotion gate, award and certificate, PDF text, verification, revocation, refusals."""

import re
import shutil
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from lms import timeutil
from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import (
    Certificate,
    LevelAward,
    Module,
    ModuleProgress,
    TypingText,
    User,
)
from lms.timeutil import utcnow
from tests.factories import make_typing_result
from tests.grading import grade_in_full
from tests.web.test_exams import form_fields, items

ROOT = Path(__file__).resolve().parents[2]
JUNIOR_MODULES = ["onboarding", "etiquette", "complaint-handling", "mot-basics"]


def make_ready_for_junior(app, employee_no: str) -> None:
    """Complete the junior modules and add a good typing result."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        for slug in JUNIOR_MODULES:
            module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
            db.session.add(
                ModuleProgress(user_id=user.id, module_id=module.id, completed_at=utcnow(), completed_version=1)
            )
        text = db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh"))
        make_typing_result(user, text, net=45, accuracy=0.96)
        db.session.commit()


def pass_exam(app, auth, slug: str) -> int:
    """Start and pass an exam (a paper with scenario answers graded in full by a grader); the attempt id."""
    response = auth.post(f"/exams/{slug}/start")
    attempt_id = int(re.search(r"/attempts/(\d+)", response.location).group(1))
    fields = {}
    for item in items(app, attempt_id):
        fields.update(form_fields(item.version.content, item.position, model_answer(item.version.content)))
    auth.post(f"/attempts/{attempt_id}/finish", fields)
    grade_in_full(app, attempt_id)
    return attempt_id


def certificate_of(app, employee_no: str) -> Certificate | None:
    with app.app_context():
        row = db.session.scalar(
            sa.select(Certificate).join(LevelAward).join(User).where(User.employee_no == employee_no)
        )
        if row is not None:
            db.session.expunge(row)
        return row


def test_the_promotion_exam_waits_for_every_other_rule(app, client, auth, people, real_content):
    auth.login(people["agent"])
    page = client.get("/level").get_data(as_text=True)
    assert "尚未定级" in page and "下一等级：初级客服" in page and "✗ 完成课程：还差 4 门" in page
    assert "参加初级客服晋级考试" not in page
    refused = auth.post("/exams/promotion-junior/start", follow_redirects=True)
    assert "满足该等级的其他全部条件" in refused.get_data(as_text=True)
    make_ready_for_junior(app, people["agent"])
    ready = client.get("/level").get_data(as_text=True)
    assert "可以参加晋级考试" in ready and 'href="/exams/promotion-junior">参加初级客服晋级考试' in ready
    assert auth.post("/exams/promotion-intermediate/start").location == "/exams/promotion-intermediate"


def test_passing_the_exam_awards_the_level_with_a_certificate_whose_pdf_names_the_holder(
    app, client, auth, people, real_content
):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    certificate = certificate_of(app, people["agent"])
    assert certificate is not None and len(certificate.number) == 13
    page = client.get("/level").get_data(as_text=True)
    assert "当前等级：初级客服" in page and certificate.number in page and "下一等级：中级客服" in page
    pdf = client.get(f"/certificates/{certificate.number}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
        assert "李客服" in text and "初级客服" in text and "Junior agent" in text and certificate.number in text
    with app.app_context():
        award = db.session.scalar(sa.select(LevelAward))
        assert {e["kind"] for e in award.evidence} >= {"modules", "typing", "exam"} and all(
            e["holds"] for e in award.evidence
        )


def test_verification_shows_valid_expired_revoked_and_hides_the_name(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    number = certificate_of(app, people["agent"]).number
    auth.post("/logout")
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert "有效" in page and "李*服" in page and "李客服" not in page and f"（{people['agent']}）" not in page
    missing = client.get("/verify/2345678923456")
    assert missing.status_code == 404 and "没有找到" in missing.get_data(as_text=True)
    assert client.get("/verify/ABC").status_code == 404
    with app.app_context():
        db.session.scalar(sa.select(Certificate)).expires_on = timeutil.today() - timedelta(days=1)
        db.session.commit()
    assert "已过期" in client.get(f"/verify/{number}").get_data(as_text=True)
    auth.login(people["hr"])
    assert "撤销证书必须填写原因" in auth.post(
        f"/hr/certificates/{number}/revoke", {"reason": ""}, follow_redirects=True
    ).get_data(as_text=True)
    auth.post(f"/hr/certificates/{number}/revoke", {"reason": "考试作弊，经核实", "confirm": "y"})
    assert "已撤销" in client.get(f"/verify/{number}").get_data(as_text=True)
    assert certificate_of(app, people["agent"]).revoked_reason == "考试作弊，经核实"


def test_only_the_holder_their_supervisor_and_hr_download_and_only_hr_revokes(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    number = certificate_of(app, people["agent"]).number
    for role, status in (("new_hire", 404), ("supervisor", 200), ("hr", 200)):
        auth.post("/logout")
        auth.login(people[role])
        assert client.get(f"/certificates/{number}.pdf").status_code == status, role
    auth.post("/logout")
    auth.login(people["supervisor"])
    assert auth.post(f"/hr/certificates/{number}/revoke", {"reason": "x"}).status_code == 403


def test_a_level_is_awarded_once_even_by_two_requests_at_once(app, people, real_content, monkeypatch):
    """The worst order: the second award reads "not held" while the first is still under way, then the first
    commits. Without a lock that works on SQLite too, the second then issued another certificate as a renewal."""
    from lms.services import awards, certificates
    from lms.services import levels as level_service

    make_ready_for_junior(app, people["agent"])
    done = []
    holds, calls, second_read = certificates.holds, [], threading.Event()

    def slow_holds(*args):
        held = holds(*args)
        calls.append(held)
        if len(calls) == 1:
            second_read.wait(timeout=1)  # let the second award read before this one writes, if it can
        else:
            second_read.set()
            time.sleep(0.5)  # and the first commit meanwhile
        return held

    monkeypatch.setattr(certificates, "holds", slow_holds)

    def award():
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
            done.append(awards.by_hand(user, "junior", level_service.evaluate(user)).id)
            db.session.remove()

    threads = [threading.Thread(target=award) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LevelAward.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1
    assert len(set(done)) == 1


def test_supervisor_rates_competencies_and_records_violations_for_the_team_only(
    app, client, auth, people, real_content
):
    with app.app_context():
        agent_id = db.session.scalar(sa.select(User.id).where(User.employee_no == people["agent"]))
        hr_id = db.session.scalar(sa.select(User.id).where(User.employee_no == people["hr"]))
    auth.login(people["supervisor"])
    from lms.domain import competency

    ratings = {f"c-{code}": "4" for code in competency.WEIGHTS}
    rating = f"/team/people/{agent_id}/rating"
    page = auth.post(rating, {"c-submit": "保存评分", **ratings}, follow_redirects=True).get_data(as_text=True)
    assert "已保存胜任力评分：4.0" in page and "<polygon" in page
    today = timeutil.today().isoformat()
    page = auth.post(
        f"/team/people/{agent_id}",
        {"v-submit": "记录违规", "v-code": "quarrel", "v-day": today, "v-note": "争吵"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "扣 20 分" in page
    assert client.get(f"/team/people/{hr_id}").status_code == 404
    auth.post("/logout")
    auth.login(people["agent"])
    mine = client.get("/level").get_data(as_text=True)
    assert "与客户争吵" in mine and "加权得分 4.0" in mine
    assert client.get(f"/team/people/{agent_id}").status_code == 403


def test_hr_issues_by_hand_only_with_a_reason_and_rare_characters_render(app, runner, people, real_content, tmp_path):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        user.name = "欧阳喆堃昇"
        db.session.commit()
    refused = runner.invoke(args=["issue-certificate", "--employee", people["agent"], "--level", "junior"])
    assert refused.exit_code == 1 and "尚不满足" in refused.output
    assert (
        runner.invoke(
            args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override"]
        ).exit_code
        == 1
    )
    out = tmp_path / "cert.pdf"
    result = runner.invoke(
        args=[
            "issue-certificate",
            "--employee",
            people["agent"],
            "--level",
            "junior",
            "--override",
            "--reason",
            "档案补录",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(LevelAward.override_reason)) == "档案补录"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
        assert "欧阳喆堃昇" in text
    assert "等级分布：未定级 1 人，初级客服 1 人" in runner.invoke(args=["evaluate-levels"]).output


def test_supervisor_sees_certificates_about_to_expire(app, client, auth, people, real_content, runner):
    runner.invoke(
        args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override", "--reason", "补录"]
    )
    with app.app_context():
        db.session.scalar(sa.select(Certificate)).expires_on = timeutil.today() + timedelta(days=10)
        db.session.commit()
    auth.login(people["supervisor"])
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "30 天内到期的证书" in home
    assert "李客服" in client.get("/supervisor/overview/expiring").get_data(as_text=True)
    assert "/team/people/" in client.get("/team").get_data(as_text=True)
    auth.post("/logout")
    auth.login(people["agent"])
    assert "30 天内到期" in client.get("/level").get_data(as_text=True)


def test_an_expiring_certificate_is_renewed_by_passing_the_same_levels_exam(app, client, auth, people, real_content):
    make_ready_for_junior(app, people["agent"])
    auth.login(people["agent"])
    pass_exam(app, auth, "promotion-junior")
    first = certificate_of(app, people["agent"])
    assert "已通过" in client.get("/exams/promotion-junior").get_data(as_text=True)
    with app.app_context():
        row = db.session.get(Certificate, first.id)
        row.expires_on, row.issued_on = timeutil.today() + timedelta(days=20), timeutil.today() - timedelta(days=700)
        from lms.models import Attempt

        for earlier in db.session.scalars(sa.select(Attempt)):  # the attempt that earned it, 700 days ago too
            earlier.started_at -= timedelta(days=700)
            earlier.finished_at -= timedelta(days=700)
        db.session.commit()
    pass_exam(app, auth, "promotion-junior")
    with app.app_context():
        rows = db.session.scalars(sa.select(Certificate).order_by(Certificate.id)).all()
        assert len(rows) == 2 and rows[1].issued_on == timeutil.today() and rows[1].number != first.number
        assert db.session.scalar(sa.select(sa.func.count(LevelAward.id))) == 1
    assert rows[1].number in client.get("/level").get_data(as_text=True)


def test_the_verification_page_is_rate_limited_per_address(client):
    address = {"REMOTE_ADDR": "198.51.100.7"}  # an address of its own, so other tests keep their allowance
    statuses = [client.get("/verify/2345678923456", environ_base=address).status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    assert "请求太频繁" in client.get("/verify/2345678923456", environ_base=address).get_data(as_text=True)
    assert client.get("/verify/2345678923456", environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 404


def test_rerating_starts_from_the_current_ratings(app, client, auth, people, real_content):
    from lms.domain import competency

    with app.app_context():
        agent_id = db.session.scalar(sa.select(User.id).where(User.employee_no == people["agent"]))
    auth.login(people["supervisor"])
    rating = f"/team/people/{agent_id}/rating"
    auth.post(rating, {"c-submit": "保存评分", **{f"c-{code}": "5" for code in competency.WEIGHTS}})
    page = client.get(rating).get_data(as_text=True)
    checked = re.findall(r'<input checked id="c-(\w+)-\d" name="c-\w+" type="radio" value="(\d)">', page)
    assert sorted(checked) == sorted((code, "5") for code in competency.WEIGHTS)


def test_the_violation_types_are_offered_in_the_supervisors_language(app, auth, people, real_content):
    with app.app_context():
        agent_id = db.session.scalar(sa.select(User.id).where(User.employee_no == people["agent"]))
    auth.login(people["supervisor"])
    assert '<option value="late">迟到或早退（2 分）</option>' in auth.client.get(f"/team/people/{agent_id}").get_data(
        as_text=True
    )
    auth.post("/language", {"locale": "en", "next": "/"})
    page = auth.client.get(f"/team/people/{agent_id}").get_data(as_text=True)
    assert '<option value="late">Late arrival or early leave (2 points)</option>' in page
    assert "迟到或早退" not in page  # none of the catalogue left in Chinese
