"""A tiny HTTP(S) server on 127.0.0.1 standing in for Odoo or Medusa: it answers HTML, garbage, truncated or
unexpectedly shaped JSON, or forwards to a real simulator (optionally mangling chosen answers after the simulator
applied the request). The mode can change between runs; every request it saw is logged."""

from __future__ import annotations

import http.client
import http.server
import json
import os
import ssl
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Maintenance</h1></body></html>"


class FakeUpstream:
    """`mode`: html | garbage | truncated | wrong_shape | empty | proxy. In proxy mode, `mangle` maps
    "METHOD /path" to a body that replaces the upstream's answer (status 200) after the upstream applied it."""

    def __init__(self, upstream: str | None = None, tls_context: ssl.SSLContext | None = None):
        self.mode = "html"
        self.upstream = urlsplit(upstream) if upstream else None
        self.mangle: dict[str, bytes] = {}
        self.requests: list[str] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _answer(self, status: int, content_type: str, body: bytes, length: int | None = None, close: bool = False):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(length if length is not None else len(body)))
                if close:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                if close:
                    self.close_connection = True

            def _handle(self):
                body = self._body()
                key = f"{self.command} {self.path.split('?')[0]}"
                fake.requests.append(key)
                mode = fake.mode
                if mode == "html":
                    self._answer(200, "text/html; charset=utf-8", HTML)
                elif mode == "garbage":
                    self._answer(200, "application/json", os.urandom(64) + b"\x00\xff{[\"")
                elif mode == "truncated":
                    self._answer(200, "application/json", b'{"jsonrpc": "2.0", "id": 1, "result": {"serv', length=4096, close=True)
                elif mode == "wrong_shape":
                    self._answer(200, "application/json", json.dumps({"unexpected": [1, "two", None], "result": "nope"}).encode())
                elif mode == "empty":
                    self._answer(200, "application/json", b"")
                elif mode == "proxy":
                    assert fake.upstream is not None
                    connection = http.client.HTTPConnection(fake.upstream.hostname, fake.upstream.port, timeout=30)
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
                    connection.request(self.command, self.path, body=body or None, headers=headers)
                    response = connection.getresponse()
                    payload = response.read()
                    connection.close()
                    if key in fake.mangle:
                        self._answer(200, "application/json", fake.mangle[key])
                    else:
                        self._answer(response.status, response.getheader("Content-Type") or "application/json", payload)
                else:
                    self._answer(500, "text/plain", f"unknown mode {mode}".encode())

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls_context else 'http'}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1 (openssl CLI)."""
    key, certificate = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(certificate),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    return context
