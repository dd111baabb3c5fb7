"""Start and stop the Neo4j dev server (scripts/neo4j-dev-server) for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "scripts" / "neo4j-dev-server" / "run.sh"
BUILD_AND_START_TIMEOUT = 900.0  # the first build fetches Neo4j from Maven Central


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DevServer:
    """One dev-server process on a port and a data directory; restartable."""

    def __init__(self, data: Path, port: int | None = None, password: str | None = None) -> None:
        self.data = data
        self.port = port or free_port()
        self.password = password
        self.proc: subprocess.Popen[str] | None = None
        self.output: list[str] = []

    @property
    def uri(self) -> str:
        auth = f"neo4j:{self.password}@" if self.password else ""
        return f"neo4j://{auth}127.0.0.1:{self.port}"

    def start(self, timeout: float = BUILD_AND_START_TIMEOUT) -> None:
        args = [str(RUN), "--port", str(self.port), "--data", str(self.data)]
        if self.password:
            args += ["--password", self.password]
        self.output = []
        # A load is one transaction; give the server room for large ones (default heap: 2g).
        env = {**os.environ, "NEO4J_DEV_XMX": os.environ.get("NEO4J_DEV_XMX", "2g")}
        self.proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=env,
        )
        ready = threading.Event()

        def pump(stream: object) -> None:
            for line in stream:  # type: ignore[attr-defined]
                self.output.append(line)
                if "ready" in line:
                    ready.set()

        threading.Thread(target=pump, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = "".join(self.output[-40:])
                raise RuntimeError(f"the Neo4j dev server did not start:\n{tail}")

    def stop(self) -> None:
        """SIGTERM and wait: a clean shutdown."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: the process dies at once, as in a crash or power cut."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None
