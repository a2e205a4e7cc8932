"""A folder served on 127.0.0.1 by a thread of the test process (the site and live-page browser tests)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Any, Iterator


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types the site needs (subtitles, WebAssembly, modules), and no log line per request."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt",
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".ipynb": "application/json"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        """Say nothing per request."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port>/ until the block ends; yields that address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
