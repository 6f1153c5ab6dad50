"""Publish a build all at once or not at all.

`mkdocs build` writes into a staging directory beside the site; only when the build
succeeded does the staging directory replace the site, by two renames. A failed build
never leaves a half-written site where a good one was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(site: Path) -> Path:
    """The empty directory a build of `site` writes into first."""
    staging = site.parent / f".{site.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def publish(staging: Path, site: Path) -> None:
    """Replace `site` by the finished build in `staging`."""
    old = site.parent / f".{site.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.rename(site, old)
    os.rename(staging, site)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Throw away a failed build."""
    shutil.rmtree(staging, ignore_errors=True)
