"""`pp site serve`: preview a built site on this machine only (127.0.0.1), with the site's security headers.

A preview, not a production server: one folder, read-only, bound to the
loopback address so nothing outside this computer can reach it. Paths that
resolve outside the folder (through `..` or a symbolic link) are not served.
"""

from __future__ import annotations

import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pp_cli.site.assets import HEADERS

HOST = "127.0.0.1"
TYPES = {
    ".json": "application/json; charset=utf-8",
    ".xml": "application/atom+xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}


class Handler(SimpleHTTPRequestHandler):
    """Static files from one folder, with the Content-Security-Policy and no directory listings."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}
    quiet = False

    def translate_path(self, path: str) -> str:
        translated = super().translate_path(path)
        root = os.path.realpath(self.directory)
        real = os.path.realpath(translated)
        if real != root and not real.startswith(root + os.sep):
            return os.path.join(root, ".pp-site-not-served")  # pp never writes it: answered with 404
        return translated

    def list_directory(self, path):  # type: ignore[no-untyped-def]
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):  # type: ignore[no-untyped-def]
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        for key, value in HEADERS.items():
            self.send_header(key, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # type: ignore[no-untyped-def]
        if not self.quiet:
            super().log_message(format, *args)


def server(folder: Path, port: int = 8000, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for `folder` on 127.0.0.1:`port` (0: any free port), not yet serving."""
    handler = type("SiteHandler", (Handler,), {"quiet": quiet})
    return ThreadingHTTPServer((HOST, port), partial(handler, directory=str(folder)))
