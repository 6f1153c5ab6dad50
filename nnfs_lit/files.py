# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/reliability.md, "Files written whole"
"""Files written whole: a reader sees the old file or the new one, never half."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(path, mode="wb", encoding=None):
    """Open a temporary file beside `path` for writing; when the block ends, flush it
    to the disk and rename it to `path`. If the block raises, remove the temporary
    file and leave `path` as it was."""
    path = Path(path)
    if path.is_dir():  # named here, not as a failed rename of the temporary file
        raise IsADirectoryError(f"cannot write {path}: it is a folder, not a file")
    if not path.parent.is_dir():
        raise FileNotFoundError(
            f"cannot write {path}: there is no folder {path.parent}")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=encoding) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())  # the bytes are on the disk before the rename
        os.chmod(temporary, 0o644)  # mkstemp makes files private; keep the usual mode
        os.replace(temporary, path)  # atomic within one file system
    except BaseException:
        os.unlink(temporary)
        raise
