"""Set up and run the book with nothing but Python >= 3.11.

    python3 tools/dev.py serve [mkdocs serve options]   build the book, serve it, rebuild on edits
    python3 tools/dev.py test  [pytest options]         run every test
    python3 tools/dev.py build [mkdocs build options]   build the site into site/
    python3 tools/dev.py run   [nnfs-lit options]       the seed run: python -m nnfs_lit
    python3 tools/dev.py bench [--repeats N]            training speed: benchmarks/speed.py
    python3 tools/dev.py pdf   [SITE_DIR [OUT.pdf]]     the printable edition as a PDF
    python3 tools/dev.py lock                           refresh constraints.txt

Each command first makes sure `.venv/` exists and holds the package (editable) with its
`docs` and `test` extras, at the exact versions of constraints.txt, the versions that
produced the book's printed outputs; it reinstalls only when pyproject.toml or
constraints.txt has changed. It sets the book's float environment (nnfs_lit/floats.py,
Appendix B: the same NumPy and OpenBLAS kernels, one BLAS thread), which NumPy reads
when it loads; `NNFS_LIT_FLOATS=native` keeps the machine's own. Then it *becomes* the
command (exec), so that stopping this process (Ctrl-C, SIGTERM) stops the server or the
tests themselves.

`pdf` prints the built site's printable edition (site/print/) to site/nnfs-lit.pdf with
Debian's headless Chromium: run `build` first.

`lock` resolves the newest versions that pyproject.toml allows in a fresh temporary
environment and writes them to constraints.txt; run the tests, then commit both.
"""

import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".nnfs-lit-installed"
CONSTRAINTS = ROOT / "constraints.txt"
COMMANDS = {
    "serve": ["-m", "mkdocs", "serve"],
    "build": ["-m", "mkdocs", "build"],
    "test": ["-m", "pytest"],
    "run": ["-m", "nnfs_lit"],
    "bench": ["benchmarks/speed.py"],
    "pdf": ["tools/make_pdf.py"],  # prints site/print/ with Debian's chromium
}


def venv_python(directory=VENV):
    return directory / ("Scripts" if os.name == "nt" else "bin") / "python"


def pip(python, *args):
    done = subprocess.run([python, "-m", "pip", "--disable-pip-version-check", *args])
    if done.returncode != 0:
        sys.exit(f"dev: `pip {' '.join(args)}` failed (exit {done.returncode}); see above")


def ensure_environment():
    """Create .venv and install the project into it, unless nothing changed."""
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        print(f"dev: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev: installing nnfs-lit, its docs and test tools into .venv "
          "(the versions of constraints.txt)", flush=True)
    pip(python, "install", "--quiet", "-c", str(CONSTRAINTS), "-e", f"{ROOT}[docs,test]")
    STAMP.write_text(wanted + "\n")
    return python


def float_environment(python):
    """Apply the book's float environment to this process's environment, which the
    command inherits. nnfs_lit/floats.py needs only the standard library, so it is
    loaded from its file: this Python may have no NumPy."""
    spec = importlib.util.spec_from_file_location(
        "nnfs_lit_floats", ROOT / "nnfs_lit" / "floats.py")
    floats = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floats)
    environment, note = floats.environment(python=str(python))
    if note:
        print(f"dev: {note}", file=sys.stderr, flush=True)
    os.environ.clear()
    os.environ.update(environment)


def lock():
    """Write constraints.txt: what pyproject.toml resolves to today, in a fresh venv."""
    with tempfile.TemporaryDirectory() as tmp:
        print("dev: resolving pyproject.toml in a fresh environment", flush=True)
        venv.EnvBuilder(with_pip=True).create(tmp)
        python = venv_python(Path(tmp))
        pip(python, "install", "--quiet", f"{ROOT}[docs,test]")
        frozen = subprocess.run([python, "-m", "pip", "freeze", "--exclude", "nnfs-lit"],
                                capture_output=True, text=True, check=True).stdout
    version = ".".join(map(str, sys.version_info[:3]))
    CONSTRAINTS.write_text(
        "# The exact versions that produced the book's printed outputs, used by\n"
        "# tools/dev.py. Refresh: python3 tools/dev.py lock, then run the tests.\n"
        f"# Resolved on Python {version}.\n" + frozen)
    print(f"dev: wrote {CONSTRAINTS.relative_to(ROOT)} ({len(frozen.splitlines())} packages)")


def main(argv):
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may run under any python3)
        sys.exit(f"nnfs-lit needs Python >= 3.11, this is {sys.version.split()[0]}")
    if argv[:1] == ["lock"]:
        lock()
        return 0
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    python = ensure_environment()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    float_environment(python)
    if argv[0] in ("serve", "build"):
        subprocess.run([python, ROOT / "tools" / "tangle.py"], check=True)
    if argv[0] != "run":  # `run` writes its figures where the user is
        os.chdir(ROOT)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(python, [str(python), *COMMANDS[argv[0]], *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
