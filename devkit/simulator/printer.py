"""A loopback ESC/POS "printer" on TCP (like port 9100) and a decoder of what it got.

Used by the tests, the benchmark and the demo: it answers the real-time status
queries (DLE EOT 1 / 4) the way a printer in the chosen ``mode`` would, keeps
every byte each connection sent, and :func:`decode_job` turns those bytes back
into the printed image so a test can compare pixels with the rendered ticket.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field

from PIL import Image, ImageOps

MODES = ("ok", "low", "out", "offline", "garbage", "silent", "hangup")
_PAPER = {"ok": 0x12, "low": 0x1E, "out": 0x72, "offline": 0x12}
_ONLINE = {"ok": 0x12, "low": 0x12, "out": 0x12, "offline": 0x1A}


class LoopbackPrinter:
    """A TCP printer on 127.0.0.1 (port 0 = a free port); ``mode`` may change at any time.

    Modes: ok / low (near end) / out (no paper) / offline: answer status bytes
    accordingly; garbage: answer every query with an HTTP error page; silent:
    never answer (a printer without status support); hangup: close every
    connection at once.
    """

    def __init__(self, mode: str = "ok", host: str = "127.0.0.1", port: int = 0) -> None:
        self.mode = mode
        self.jobs: list[bytes] = []
        self._lock = threading.Lock()
        self.received = threading.Event()
        outer = self

        class _Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                outer._serve(self.request)

        self._server = socketserver.ThreadingTCPServer((host, port), _Handler, bind_and_activate=False)
        self._server.allow_reuse_address = True
        self._server.daemon_threads = True
        self._server.server_bind()
        self._server.server_activate()
        self._thread: threading.Thread | None = None

    @property
    def target(self) -> str:
        """``host:port`` for ``[printer] target``."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> LoopbackPrinter:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="loopback-printer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackPrinter:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self, sock: socket.socket) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.mode == "hangup":
            sock.close()
            return
        sock.settimeout(5)
        data = bytearray()
        pos = 0  # where the search for the next DLE EOT query resumes
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            while True:
                j = data.find(b"\x10\x04", pos)
                if j < 0:
                    pos = max(pos, len(data) - 1)
                    break
                if j + 2 >= len(data):  # the query's last byte is still on its way
                    pos = j
                    break
                self._answer(sock, data[j + 2])
                pos = j + 3
        with self._lock:
            self.jobs.append(bytes(data))
        self.received.set()

    def _answer(self, sock: socket.socket, n: int) -> None:
        mode = self.mode
        if mode == "silent":
            return
        if mode == "garbage":
            reply = b"HTTP/1.1 400 Bad Request\r\n\r\n"
        elif n == 4:
            reply = bytes([_PAPER[mode]])
        elif n == 1:
            reply = bytes([_ONLINE[mode]])
        else:
            reply = b"\x12"
        try:
            sock.sendall(reply)
        except OSError:
            pass


@dataclass
class DecodedJob:
    """What one connection asked the printer to do."""

    images: list[Image.Image] = field(default_factory=list)   # GS v 0 blocks, in order
    status_queries: list[int] = field(default_factory=list)   # n of each DLE EOT n
    cuts: int = 0
    inits: int = 0
    feeds: int = 0

    def image(self) -> Image.Image:
        """All raster blocks stacked top to bottom (python-escpos splits tall images)."""
        if not self.images:
            raise ValueError("the job contains no raster image")
        width = max(im.width for im in self.images)
        out = Image.new("1", (width, sum(im.height for im in self.images)), 1)
        y = 0
        for im in self.images:
            out.paste(im, (0, y))
            y += im.height
        return out


def decode_job(data: bytes) -> DecodedJob:
    """Parse the ESC/POS commands our printer code sends; anything else is an error.

    Raster bits are 1 = ink, so the image comes back with black = 0 like Pillow's "1" mode.
    """
    job = DecodedJob()
    i = 0
    while i < len(data):
        b = data[i]
        if data.startswith(b"\x10\x04", i):
            job.status_queries.append(data[i + 2])
            i += 3
        elif data.startswith(b"\x1b@", i):
            job.inits += 1
            i += 2
        elif data.startswith(b"\x1bd", i):
            job.feeds += 1
            i += 3
        elif data.startswith(b"\x1dV", i):
            job.cuts += 1
            i += 3 if data[i + 2] in (0, 1, 48, 49) else 4
        elif data.startswith(b"\x1dv0", i):
            # GS v 0 m xL xH yL yH, then width_bytes * height bytes of raster
            width_bytes = data[i + 4] | data[i + 5] << 8
            height = data[i + 6] | data[i + 7] << 8
            raster = data[i + 8:i + 8 + width_bytes * height]
            if len(raster) != width_bytes * height:
                raise ValueError("raster block is truncated")
            ink = Image.frombytes("1", (width_bytes * 8, height), raster)
            job.images.append(ImageOps.invert(ink.convert("L")).convert("1"))
            i += 8 + len(raster)
        else:
            raise ValueError(f"unexpected byte 0x{b:02x} at offset {i}")
    return job
