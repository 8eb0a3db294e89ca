"""A room of agents behind one office address signs in at the start of a shift; attackers are still limited."""

import ipaddress
from datetime import date

import pytest
import sqlalchemy as sa
import time_machine

from lms import config
from lms.extensions import db
from lms.models import Role, User
from tests.factories import PASSWORD_HASH
from tests.web.test_auth import START, audit_actions, auth_from

OFFICE = "203.0.113.7"


def agents(app, count: int) -> list[str]:
    """``count`` agents with the test password; their employee numbers."""
    numbers = [f"R{i:04d}" for i in range(count)]
    with app.app_context():
        db.session.execute(
            sa.insert(User),
            [
                {"employee_no": n, "name": n, "password_hash": PASSWORD_HASH, "role": Role.AGENT}
                | {"hire_date": date(2024, 1, 1)}
                for n in numbers
            ],
        )
        db.session.commit()
    return numbers


def test_three_hundred_agents_sign_in_from_one_address_among_a_few_typos(app, people):
    """Successes never count against the address; 19 failures among them leave it under the limit."""
    numbers = agents(app, 300)
    with time_machine.travel(START, tick=False):
        for index, number in enumerate(numbers):
            agent = auth_from(app, OFFICE)
            if index % 16 == 0 and index < 19 * 16:  # every sixteenth agent mistypes once first
                assert agent.login(number, "wrong-pass1").status_code == 200
            assert agent.login(number).location == "/", number
    assert audit_actions(app).count("auth.login") == 300
    assert audit_actions(app).count("auth.login_failed") == 19


@pytest.mark.parametrize(("office", "allowed"), [(None, 20), ("203.0.113.0/24, 198.51.100.0/24", 200)])
def test_many_failures_from_one_address_are_still_limited(app, people, monkeypatch, office, allowed):
    monkeypatch.setenv("LMS_OFFICE_NETWORKS", office or "")
    monkeypatch.setitem(app.config, "OFFICE_NETWORKS", config.networks("LMS_OFFICE_NETWORKS"))
    guesser = auth_from(app, OFFICE)
    with time_machine.travel(START, tick=False):
        for attempt in range(allowed):
            assert guesser.login(f"X{attempt:04d}", "wrong-pass1").status_code == 200, attempt
        refused = guesser.login(people["agent"])
        assert refused.status_code == 429 and "此网络地址登录失败次数过多" in refused.get_data(as_text=True)
        assert auth_from(app, "192.0.2.1").login(people["agent"]).location == "/"  # elsewhere, no one waits
    assert audit_actions(app).count("auth.login") == 1


def test_inside_an_office_network_a_number_that_keeps_failing_still_waits(app, people, monkeypatch):
    monkeypatch.setitem(app.config, "OFFICE_NETWORKS", (ipaddress.ip_network("203.0.113.0/24"),))
    guesser = auth_from(app, OFFICE)
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            guesser.login(people["admin"], "wrong-pass1")
        refused = auth_from(app, "203.0.113.8").login(people["admin"])
        assert refused.status_code == 429 and "请32秒后再试" in refused.get_data(as_text=True)
    assert "auth.login" not in audit_actions(app)


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("", ()),
        ("10.8.0.0/16, 192.0.2.7", (ipaddress.ip_network("10.8.0.0/16"), ipaddress.ip_network("192.0.2.7/32"))),
        ("10.8.1.9/16 2001:db8::/32", (ipaddress.ip_network("10.8.0.0/16"), ipaddress.ip_network("2001:db8::/32"))),
    ],
)
def test_office_networks_are_read_in_cidr_notation(monkeypatch, value, read):
    monkeypatch.setenv("LMS_OFFICE_NETWORKS", value)
    assert config.networks("LMS_OFFICE_NETWORKS") == read


def test_a_mistyped_office_network_stops_the_start(monkeypatch):
    monkeypatch.setenv("LMS_OFFICE_NETWORKS", "10.8.0.0/16, 10.9.0/33")
    with pytest.raises(ValueError, match="LMS_OFFICE_NETWORKS: '10.9.0/33'"):
        config.networks("LMS_OFFICE_NETWORKS")
