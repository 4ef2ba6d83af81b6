"""Start the Streamlit dashboard in a child process (what `yjs dashboard` calls)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().with_name("dashboard.py")


def command(port: int = 8501, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    """The streamlit command line for the dashboard."""
    return [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
    ]


def launch(port: int = 8501, address: str = "127.0.0.1", headless: bool = True) -> int:
    """Run the dashboard until it stops; returns streamlit's exit code (0 after Ctrl-C)."""
    try:
        return subprocess.run(command(port, address, headless), check=False).returncode
    except KeyboardInterrupt:
        return 0
