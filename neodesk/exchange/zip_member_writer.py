"""Writing a zip's members on a second thread while the caller produces their bytes (bundle export).

zlib, hashlib and the crc32 release the GIL on large buffers, so on two cores the compression runs
beside SQLite's reading and the line building instead of after it. Each member's size and SHA-256
(of the uncompressed bytes) are kept for the bundle's datapackage.
"""

from __future__ import annotations

import queue
import threading
import zipfile
from typing import Any

from neodesk.exchange.bundle_format import HashingWriter, sha256_text


class MemberWriter:
    """Deflates, hashes and writes the zip members on a second thread while the rows are read.

    One member at a time: `open`, `write`… , `close_member`; `write` blocks when the writer is a few
    chunks behind (memory stays bounded). `finish` waits for the thread and re-raises its failure;
    a failure on the thread is also raised by the next `write`.
    """

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=4)
        self.failure: BaseException | None = None
        self.hashes: dict[str, tuple[int, str]] = {}
        self.thread = threading.Thread(target=self._run, name="bundle-zip-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        member: Any = None
        hashing: HashingWriter | None = None
        path = ""
        while True:
            what, value = self.queue.get()
            if self.failure is not None and what != "stop":
                continue  # drain until told to stop
            try:
                if what == "open":
                    path = value
                    member = self.zf.open(path, "w", force_zip64=True)
                    hashing = HashingWriter(member)
                elif what == "data":
                    assert hashing is not None
                    hashing.write(value)
                elif what == "close":
                    assert hashing is not None
                    member.close()
                    self.hashes[path] = (hashing.size, sha256_text(hashing.digest))
                    member = hashing = None
                else:  # stop; a member left open (cancel, failure) is closed so the zip can close
                    if member is not None:
                        member.close()
                    return
            except BaseException as exc:  # handed to the reading thread
                self.failure = exc
                if what == "stop":
                    return

    def _put(self, item: tuple[str, Any]) -> None:
        if self.failure is not None:
            raise self.failure
        self.queue.put(item)

    def open(self, path: str) -> None:
        self._put(("open", path))

    def write(self, data: bytes) -> None:
        self._put(("data", data))

    def close_member(self) -> None:
        self._put(("close", None))

    def finish(self) -> None:
        """Wait for everything written so far; re-raise the writer's failure."""
        self.queue.put(("stop", None))
        self.thread.join()
        if self.failure is not None:
            raise self.failure
