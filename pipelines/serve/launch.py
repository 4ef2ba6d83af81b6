"""Start the Streamlit dashboard in a child process (what `yjs dashboard` calls).

The child must not outlive `yjs dashboard`: a SIGTERM (systemd, `kill`, a container stop) or SIGHUP
to this process is forwarded to Streamlit and waited for, and on Linux the child is also asked to
receive SIGTERM when its parent dies without a chance to forward anything (SIGKILL). A port that
is already taken (often a dashboard still running) is reported before Streamlit starts, with
the process to stop or `--port` to pick another.
"""

from __future__ import annotations

import ctypes
import errno
import signal
import socket
import subprocess
import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().with_name("dashboard.py")
FORWARDED = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_PR_SET_PDEATHSIG = 1


class PortInUse(OSError):
    """The address and port the dashboard would listen on are taken."""


def command(port: int = 8501, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    """The streamlit command line for the dashboard."""
    return [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
    ]


def check_port(port: int, address: str = "127.0.0.1") -> None:
    """PortInUse with a hint when something listens on ``address:port`` already."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Streamlit (tornado) binds
        try:
            probe.bind((address, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise PortInUse(errno.EADDRINUSE, f"port {port} on {address} is in use (a dashboard still running? "
                            f"`ss -ltnp 'sport = :{port}'` shows the process); stop it or run "
                            f"yjs dashboard --port {port + 1}") from error


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (Linux prctl; elsewhere nothing)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def launch(port: int = 8501, address: str = "127.0.0.1", headless: bool = True) -> int:
    """Run the dashboard until it stops; returns Streamlit's exit code (0 after Ctrl-C or SIGTERM).
    Raises PortInUse before starting anything when the port is taken."""
    check_port(port, address)
    child = subprocess.Popen(command(port, address, headless),
                             preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    stopping: list[int] = []

    def forward(signum, _frame):
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM if signum != signal.SIGINT else signal.SIGINT)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    waited = 0.0
    try:
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                waited = waited + 0.5 if stopping else 0.0
                if waited >= 10:  # Streamlit did not stop within 10 s of the signal
                    child.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else code
