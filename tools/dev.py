"""Set up and run the book with nothing but Python >= 3.10.

    python3 tools/dev.py serve [mkdocs serve options]   build the book, serve it, rebuild on edits
    python3 tools/dev.py test  [pytest options]         run every test
    python3 tools/dev.py build [mkdocs build options]   build the site into site/

Each command first makes sure `.venv/` exists and holds the package (editable) with its
`docs` and `test` extras; it reinstalls only when pyproject.toml has changed.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".nnfs-lit-installed"


def venv_bin(name):
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / name


def ensure_environment():
    """Create .venv and install the project into it, unless pyproject.toml is unchanged."""
    if sys.version_info < (3, 10):  # noqa: UP036 (this script may run under any python3)
        sys.exit(f"nnfs-lit needs Python >= 3.10, this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_bin("python")
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        print(f"dev: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev: installing nnfs-lit with its docs and test tools into .venv", flush=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[docs,test]"],
                   check=True)
    STAMP.write_text(wanted + "\n")
    return python


def main(argv):
    commands = {"serve": ["-m", "mkdocs", "serve"], "build": ["-m", "mkdocs", "build"],
                "test": ["-m", "pytest"]}
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    python = ensure_environment()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if argv[0] in ("serve", "build"):
        subprocess.run([python, ROOT / "tools" / "tangle.py"], check=True)
    return subprocess.run([python, *commands[argv[0]], *argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
