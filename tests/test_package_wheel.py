"""The package's wheel (tools/package_wheel.py), which the published notebooks install:
what it holds, that it is the same bytes every time, and that a chapter's notebook
runs in a fresh Python environment where the wheel is the only nnfs_lit there is."""

import base64
import hashlib
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import chapter_notebooks
import package_wheel
import pytest

ROOT = Path(__file__).resolve().parent.parent


def wheel_members(tmp_path):
    name, data = package_wheel.build_wheel()
    path = tmp_path / name
    path.write_bytes(data)
    return name, zipfile.ZipFile(path)


def test_the_wheel_holds_every_module_the_digits_and_a_record_of_their_hashes(tmp_path):
    name, archive = wheel_members(tmp_path)
    assert name == "nnfs_lit-0.1.0-py3-none-any.whl"
    names = archive.namelist()
    modules = sorted(f"nnfs_lit/{p.name}" for p in (ROOT / "nnfs_lit").glob("*.py"))
    assert sorted(n for n in names if n.endswith(".py")) == modules
    assert {"nnfs_lit/datasets/digits.csv.gz", "nnfs_lit/datasets/mnist5k.csv.gz",
            "nnfs_lit/datasets/README.md"} <= set(names)
    info = "nnfs_lit-0.1.0.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert "Requires-Dist: numpy>=1.24,<3" in metadata and "Name: nnfs-lit" in metadata
    assert "Tag: py3-none-any" in archive.read(f"{info}/WHEEL").decode()
    assert "nnfs-lit = nnfs_lit.cli:command" in archive.read(
        f"{info}/entry_points.txt").decode()
    record = archive.read(f"{info}/RECORD").decode().splitlines()
    assert record[-1] == f"{info}/RECORD,,"
    listed = {}
    for line in record[:-1]:
        path, digest, size = line.rsplit(",", 2)
        listed[path] = (digest, int(size))
    assert sorted(listed) == sorted(n for n in names if n != f"{info}/RECORD")
    for path, (digest, size) in listed.items():
        data = archive.read(path)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        assert (digest, size) == (f"sha256={expected.decode()}", len(data)), path
    assert archive.read("nnfs_lit/layers.py") == (ROOT / "nnfs_lit/layers.py").read_bytes()


def test_the_same_package_gives_the_same_bytes():
    assert package_wheel.build_wheel() == package_wheel.build_wheel()


def as_python(cell):
    """A notebook cell as plain Python: a %%nnfs_lit cell as the call its magic makes
    (so the package's own code runs into the installed wheel), a line magic dropped."""
    if cell.startswith("%%nnfs_lit "):
        target, _, body = cell.partition("\n")
        return f"run_into({target.split()[1]!r}, {body!r})"
    return "\n".join(line for line in cell.splitlines() if not line.startswith("%"))


def test_a_notebook_cell_becomes_the_python_it_runs():
    assert as_python("%%nnfs_lit nnfs_lit/layers.py\nx = 1") == (
        "run_into('nnfs_lit/layers.py', 'x = 1')")
    assert as_python("%load_ext nnfs_lit.live\ny = 2") == "y = 2"


@pytest.mark.slow  # a fresh virtual environment, and two chapters' examples once more
@pytest.mark.parametrize("chapter", ["05-backprop-layers.md", "18-digits.md"])
def test_a_notebook_runs_where_the_wheel_is_the_only_nnfs_lit(chapter, tmp_path):
    """A fresh venv, the wheel installed into it by its own install cell's file, and
    the chapter's code cells (all but the long runs) run as a script by that venv's
    Python, from an empty folder, with no PYTHONPATH: nothing of this checkout is on
    its path. Its other dependencies (NumPy, matplotlib) come from this environment
    through a .pth file, since this machine may not reach PyPI."""
    name, data = package_wheel.build_wheel()
    (tmp_path / name).write_bytes(data)
    url = f"https://example.org/book/notebooks/{name}"
    notebook = chapter_notebooks.chapter_notebook(
        (ROOT / "docs" / chapter).read_text(encoding="utf-8"), source=f"docs/{chapter}",
        install_url=url)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].source.splitlines()[-1] == f"%pip install --quiet {url}"
    fresh = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(site), str(tmp_path / name)], check=True)
    import numpy
    (site / "dependencies.pth").write_text(str(Path(numpy.__file__).parent.parent) + "\n")
    cells = [as_python(cell.source) for cell in code[1:]
             if not {"slow", "install"} & set(cell.metadata.get("tags", []))]
    script = "\n\n".join(["import nnfs_lit\nprint('from', nnfs_lit.__file__)\n"
                           "from nnfs_lit.live import run_into", *cells])
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "notebook.py").write_text(script, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    done = subprocess.run([python, "notebook.py"], cwd=tmp_path / "work", env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith(f"from {site / 'nnfs_lit' / '__init__.py'}")
