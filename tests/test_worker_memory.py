"""A gunicorn worker gives back the memory of a password check (lms/gunicorn_conf.py, called by ``post_fork``)."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc")

#: Three password checks after one hash, in a fresh interpreter; prints how many MiB the process grew.
CHECKS = """
import re
from pathlib import Path
from lms import gunicorn_conf
from lms.models.people import User, hash_password

def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1)) // 1024

if {forked}:
    gunicorn_conf.keep_large_blocks_out_of_heap()
stored = hash_password("x" * 12)
before = rss()
for _ in range(3):
    assert User(password_hash=stored).check_password("x" * 12)
print(rss() - before)
"""


def _grown_mib(forked: bool) -> int:
    run = subprocess.run([sys.executable, "-c", CHECKS.format(forked=forked)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return int(run.stdout.split()[-1])


def test_password_checks_leave_no_19_mib_behind_in_a_worker():
    assert _grown_mib(forked=True) < 8


def test_without_the_setting_they_would():
    """The reason for the setting: glibc's sliding threshold keeps the hash's block in the heap."""
    assert _grown_mib(forked=False) >= 15
