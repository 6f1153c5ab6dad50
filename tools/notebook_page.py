"""The notebook pages: a download link for each, and no request to another host.

mkdocs-jupyter renders a jupytext notebook (`docs/*.py`) as a page. This module adds
what the page needs around it: the notebook as `.ipynb` and links to both downloads,
the removal of the MathJax and Mermaid loaders that nbconvert puts in every page
(they would fetch scripts from a CDN; KaTeX served by the site renders the math), and
a Jupyter configuration that runs the kernel over local sockets instead of TCP.
"""

from __future__ import annotations

import re
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
JUPYTER_CONFIG = TOOLS / "jupyter"  # jupyter_nbconvert_config.json: the kernel over IPC

CDN_LOADERS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL),
    re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", '
               r"async \(\) => \{\s*const diagrams = .*?</script>", re.DOTALL),
]


def ipynb_name(notebook: str) -> str:
    """training-run.py -> training-run.ipynb"""
    return notebook.removesuffix(".py") + ".ipynb"


def as_ipynb(path: Path) -> str:
    """The jupytext notebook at `path`, as .ipynb JSON."""
    import jupytext

    return jupytext.writes(jupytext.read(path), "ipynb")


def with_download_links(html: str, notebook: str) -> str:
    """Put links to the notebook's two downloads right under the page's title."""
    ipynb = ipynb_name(notebook)
    links = (f'<p class="nb-download">Download this notebook: '
             f'<a href="{notebook}" download>{notebook}</a> (jupytext percent script) '
             f'or <a href="../{ipynb}" download>{ipynb}</a> (Jupyter).</p>')
    head, h1, rest = html.partition("</h1>")
    return head + h1 + links + rest if h1 else links + html


def without_cdn_loaders(html: str) -> str:
    for loader in CDN_LOADERS:
        html = loader.sub("", html)
    return html
