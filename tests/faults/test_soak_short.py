"""The soak of bench/soak.py, short: 20 respondents at once for 30 seconds on PostgreSQL, all stored once."""

from __future__ import annotations

import pytest

from bench import soak

pytestmark = [pytest.mark.faults, pytest.mark.slow, pytest.mark.postgres]


def test_a_short_soak_stores_every_acknowledged_response_once_without_errors(postgres_server, capsys):
    status = soak.main(["--minutes", "0.5", "--clients", "20", "--postgres", postgres_server])
    printed = capsys.readouterr().out
    assert "errors: 0 respondents, 0 failed requests" in printed
    assert "lost 0, duplicated 0, changed 0, unexplained 0" in printed
    assert status == 0, printed
