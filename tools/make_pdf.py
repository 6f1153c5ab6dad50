"""The printable edition as a PDF: `python tools/make_pdf.py [SITE_DIR] [OUT.pdf]`.

Serves the built site (default `site/`) on 127.0.0.1, opens its `print/` page in
Debian's headless Chromium (Playwright), waits for KaTeX to render the math, and prints
it to A4 (default `site/nnfs-lit.pdf`). No network: every file comes from the site.
`python3 tools/dev.py pdf` runs it; build the site first (`python3 tools/dev.py build`).
"""

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site_dir):
    """Serve `site_dir` on a free port of 127.0.0.1: (server, its URL); shut it down."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def make_pdf(site_dir, out, timeout_ms=120_000):
    """Print `site_dir`/print/index.html to `out`; return the PDF's path."""
    from playwright.sync_api import sync_playwright

    site_dir, out = Path(site_dir), Path(out)
    if not (site_dir / "print" / "index.html").is_file():
        raise FileNotFoundError(f"no print/index.html in {site_dir}: build the site first")
    server, host = serve(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                page = browser.new_page()
                # Only the local server: a request to any other host is a bug.
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(host) else route.abort())
                page.goto(host + "print/", wait_until="load", timeout=timeout_ms)
                page.wait_for_function("document.documentElement.dataset.mathRendered",
                                       timeout=timeout_ms)
                page.emulate_media(media="print")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(out), format="A4", print_background=True,
                         prefer_css_page_size=True)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def main(argv):
    site_dir = Path(argv[0]) if argv else ROOT / "site"
    out = Path(argv[1]) if len(argv) > 1 else site_dir / "nnfs-lit.pdf"
    try:
        make_pdf(site_dir, out)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
