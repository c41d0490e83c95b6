"""Plumbing of the Dagster UI check: `cdp ui` as a process group, its GraphQL API, and
headless Chromium driven by Selenium with Debian's driver (no Selenium Manager download)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from cdp.config import ENV_VARS, PROJECT_ROOT, Settings

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
# Without the background-networking flags chromium keeps calling the (closed) network. The
# tall window keeps the whole filtered lineage on screen: nodes off screen are not drawn.
CHROME_FLAGS = [
    *("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"),
    *("--disable-quic", "--no-first-run", "--disable-background-networking"),
    *("--disable-component-update", "--disable-sync", "--window-size=1600,2000"),
]


def wait_for(condition: Callable[[], Any], timeout: float, what, every: float = 1.0) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` s saying
    what was awaited (``what``: a text, or a function that returns one)."""
    deadline = time.monotonic() + timeout
    while True:
        if result := condition():
            return result
        if time.monotonic() > deadline:
            what = what() if callable(what) else what
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as sock:  # the kernel picks a free port; released for the UI
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DagsterUI:
    """`cdp ui` started the way users start it, in its own process group and session."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings, self.log_path, self.port = settings, log_path, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CDP_")}
        env |= {var: str(getattr(settings, fld)) for var, fld in ENV_VARS.items()}
        env |= {"CDP_DATA_DIR": str(settings.data_dir), "DO_NOT_TRACK": "1"}
        cdp = Path(sys.executable).with_name("cdp")
        cmd = [str(cdp), "ui", "--port", str(self.port), "--host", "127.0.0.1"]
        with log_path.open("wb") as log:  # own session: killpg reaches every child
            self.proc = subprocess.Popen(
                cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def wait_ready(self, timeout: float = 180) -> None:
        def answers() -> bool:
            if self.proc.poll() is not None:
                pytest.fail(f"cdp ui exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/server_info", timeout=5) as resp:
                    return resp.status == 200
            except OSError:  # not listening yet (URLError is an OSError)
                return False

        wait_for(answers, timeout, lambda: f"/server_info to answer; log:\n{self.log_tail()}")

    def graphql(self, query: str, **variables: Any) -> dict:
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as resp:
            answer = json.load(resp)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]

    def _survivors(self) -> dict[int, str]:
        """Live processes of the group, or anywhere with this instance's DAGSTER_HOME."""
        marker = f"DAGSTER_HOME={self.settings.dagster_home}\0".encode()
        found = {}
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                if stat[0] == "Z":  # dead, waiting for its reaper
                    continue
                if int(stat[2]) == self.proc.pid or marker in (proc / "environ").read_bytes():
                    found[int(proc.name)] = (
                        (proc / "cmdline").read_bytes()[:120].decode(errors="replace")
                    )
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile, or not ours to read
        return found

    def stop(self) -> None:
        """Stop the whole group (webserver, daemon, code server, run workers); verify it."""
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            for pid in self._survivors():  # also any process that left the group
                with suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + grace
            while self._survivors() and time.monotonic() < deadline:
                self.proc.poll()  # reap our direct child
                time.sleep(0.5)
        self.proc.poll()
        assert not (left := self._survivors()), f"processes outlived the UI: {left}"


def require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: `make test` installs them "
            "(apt-get install chromium chromium-driver)"
        )


@contextmanager
def chromium(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile, quit on exit."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    service = Service(str(CHROMEDRIVER), log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()
