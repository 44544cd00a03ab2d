"""The "internet" of the egress test: one HTTPS server on every address of its namespace.

`GET /hello` answers `hello from <Host>`; `/git/...` is git's smart HTTP (git http-backend as CGI) over the
repositories in GIT_ROOT, so a `git clone` through the proxy is a real clone.

Usage: upstream.py CERT KEY GIT_ROOT PORT
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    git_root = ""

    def log_message(self, fmt: str, *args: object) -> None:  # one line per request on stderr
        sys.stderr.write("upstream %s %s\n" % (self.headers.get("Host", "-"), fmt % args))

    def _git(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.git_root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": path[len("/git"):],
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": self.client_address[0],
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": self.git_root,
        }
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True, check=False).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.split(b"\r\n"):
            key, _, value = line.decode().partition(":")
            if key.lower() == "status":
                status = int(value.strip().split()[0])
            elif key:
                headers.append((key, value.strip()))
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        if self.path.startswith("/git/"):
            return self._git()
        body = ("hello from %s\n" % self.headers.get("Host", "")).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        if self.path.startswith("/git/"):
            return self._git()
        self.send_error(404)


def main() -> None:
    cert, key, git_root, port = sys.argv[1:5]
    Handler.git_root = git_root
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("0.0.0.0", int(port)), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    sys.stderr.write("upstream listening\n")
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
