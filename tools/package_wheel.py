"""The package as a wheel, for a reader's notebook to install: `pip install URL`.

    python tools/package_wheel.py [OUT_DIR]   # writes nnfs_lit-VERSION-py3-none-any.whl

Built here, from pyproject.toml and the tangled package, rather than by a build backend:
the book's build runs with no network (a backend in an isolated environment would
download setuptools) and must give the same bytes for the same package (fixed dates,
sorted members), so that a warm build publishes the file it published before. A wheel
is a zip of the package's files and a `.dist-info` folder that says what it is
(METADATA, WHEEL, entry_points.txt) and lists every file with its hash (RECORD); see
the packaging specification, "Binary distribution format".
"""

import base64
import hashlib
import io
import sys
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE = (2026, 1, 1, 0, 0, 0)  # every member's date: the same bytes on every build


def project(root=ROOT):
    """pyproject.toml as a dict."""
    return tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))


def wheel_name(root=ROOT):
    """nnfs_lit-0.1.0-py3-none-any.whl: pure Python, any platform."""
    meta = project(root)["project"]
    return f"{meta['name'].replace('-', '_')}-{meta['version']}-py3-none-any.whl"


def package_files(root=ROOT):
    """[(path in the wheel, file), ...]: every .py of each package pyproject.toml names,
    and the data files its package-data patterns match, sorted."""
    settings = project(root)["tool"]["setuptools"]
    data = settings.get("package-data", {})
    found = []
    for package in settings["packages"]:
        folder = Path(root, *package.split("."))
        patterns = ["*.py", *data.get(package, [])]
        for path in sorted(folder.iterdir()):
            if path.is_file() and any(fnmatch(path.name, p) for p in patterns):
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def metadata(root=ROOT):
    """The METADATA file: name, version, Python and dependencies."""
    meta = project(root)["project"]
    lines = ["Metadata-Version: 2.1", f"Name: {meta['name']}",
             f"Version: {meta['version']}", f"Summary: {meta['description']}",
             f"License: {meta['license']}",
             f"Requires-Python: {meta['requires-python']}"]
    lines += [f"Requires-Dist: {dependency}" for dependency in meta["dependencies"]]
    return "\n".join(lines) + "\n"


def build_wheel(root=ROOT):
    """(file name, bytes) of the wheel: the same bytes for the same package."""
    meta = project(root)["project"]
    info = f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
    members = [(name, path.read_bytes()) for name, path in package_files(root)]
    scripts = meta.get("scripts", {})
    members += [
        (f"{info}/METADATA", metadata(root).encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: nnfs-lit tools/package_wheel"
                          b".py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    if scripts:
        entry_points = "[console_scripts]\n" + "".join(
            f"{name} = {target}\n" for name, target in scripts.items())
        members.append((f"{info}/entry_points.txt", entry_points.encode()))
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in members]
    members.append((f"{info}/RECORD", ("\n".join([*record, f"{info}/RECORD,,"])
                                       + "\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            member = zipfile.ZipInfo(name, DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, data)
    return wheel_name(root), buffer.getvalue()


def _digest(data):
    """RECORD's hash: urlsafe base64 of the SHA-256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main(argv):
    out = Path(argv[0]) if argv else Path.cwd()
    name, data = build_wheel()
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    print(out / name)


if __name__ == "__main__":
    main(sys.argv[1:])
