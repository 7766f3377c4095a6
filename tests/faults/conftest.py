"""Fixtures of the fault tests: gunicorn serving Arvio under load, and the faults' prerequisites.

The tests kill workers, restart a database server and fill a file system, so some need root and the
PostgreSQL cluster tools (``pg_createcluster``, ``pg_ctlcluster``). Without them a test skips and says why,
unless ARVIO_REQUIRE_POSTGRES=1 (CI), when it fails. Everything listens on 127.0.0.1 only, every load is
bounded in time, and every server, cluster and mount is stopped or removed afterwards.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.submit_servers import PostgresSchema


@pytest.fixture(autouse=True)
def collect_connections_killed_by_the_fault():
    """Let go, within the fault test itself, of database connections its fault killed under the test process.

    A server restart or a terminated backend leaves psycopg connection objects whose socket the server closed;
    they are garbage, and psycopg says so with a ResourceWarning when they are collected, which pytest reports
    against whatever test happens to run then. This collects them at the end of each fault test and drops only
    that one message; any other unraisable exception still reaches pytest.
    """
    yield
    hook = sys.unraisablehook

    def ignore_killed_connections(unraisable):
        if not (
            isinstance(unraisable.exc_value, ResourceWarning)
            and "was deleted while still open" in str(unraisable.exc_value)
        ):
            hook(unraisable)

    sys.unraisablehook = ignore_killed_connections
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def require(condition: bool, reason: str) -> None:
    """Skip (or, when PostgreSQL and root are required as in CI, fail) unless `condition` holds."""
    if condition:
        return
    if os.environ.get("ARVIO_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"ARVIO_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


def require_root(*tools: str) -> None:
    require(os.geteuid() == 0, "this fault test needs root (it mounts a file system or restarts a server)")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    require(not missing, f"this fault test needs {', '.join(missing)}")


@pytest.fixture
def server_args(tmp_path) -> argparse.Namespace:
    """gunicorn's settings for a fault test: 2 workers x 4 threads, its log kept in the test's directory."""
    return argparse.Namespace(workers=2, threads=4, server_log=tmp_path)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    server = os.environ.get("ARVIO_TEST_POSTGRES_URL")
    require(bool(server), "PostgreSQL fault tests need ARVIO_TEST_POSTGRES_URL")
    return server


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database: a SQLite file, or a fresh schema on $ARVIO_TEST_POSTGRES_URL (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'arvio.sqlite'}"
        return
    with PostgresSchema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster of this test's own on a free port, so restarting it disturbs no one else.

    Yields ``(version, cluster name, URL)``; the cluster is stopped and dropped afterwards.
    """
    require_root("pg_lsclusters", "pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "runuser")
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True)
    require(bool(listed.stdout.split()), "pg_lsclusters lists no PostgreSQL cluster to take the version from")
    version, name = listed.stdout.split()[0], f"arvio_faults_{os.getpid()}"
    port = _free_port()
    create = ["pg_createcluster", "--start", "-p", str(port), version, name]
    subprocess.run(create, check=True, capture_output=True, timeout=60)
    try:
        _psql(port, "CREATE ROLE arvio_faults LOGIN PASSWORD 'arvio_faults'")
        _psql(port, "CREATE DATABASE arvio_faults OWNER arvio_faults")
        yield version, name, f"postgresql+psycopg://arvio_faults:arvio_faults@127.0.0.1:{port}/arvio_faults"
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], check=True, capture_output=True, timeout=60)


def _psql(port: int, sql: str) -> None:
    command = ["runuser", "-u", "postgres", "--", "psql", "-q", "-p", str(port), "-v", "ON_ERROR_STOP=1"]
    command += ["-c", sql]
    subprocess.run(command, check=True, capture_output=True, timeout=30, cwd="/")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def small_disk():
    """A fresh 8 MB tmpfs, unmounted afterwards: a disk that fills up quickly."""
    require_root("mount", "umount")
    directory = Path(tempfile.mkdtemp(prefix="arvio-full-"))
    mount = ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(directory)]
    mounted = subprocess.run(mount, capture_output=True)
    require(mounted.returncode == 0, f"mounting a tmpfs failed: {mounted.stderr.decode().strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=True, timeout=30)
        directory.rmdir()
