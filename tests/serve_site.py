"""Serve a built site on 127.0.0.1:PORT until process PARENT ends (the test run).

    python tests/serve_site.py SITE_DIR PORT PARENT_PID

The browser tests of every pytest-xdist worker share one built book, built for one
address (Material's instant navigation needs the site served where it was built for),
so one server serves it for the whole run: whichever worker needs it first starts
this process, and it stops by itself when the run's main process is gone.
"""

import functools
import os
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(site, port, parent):
    handler = functools.partial(QuietHandler, directory=site)
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while alive(int(parent)):
        time.sleep(0.5)
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main(*sys.argv[1:])
