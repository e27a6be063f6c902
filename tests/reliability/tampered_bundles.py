"""Helpers for the incoming-data tests: a small desk bundle, and signed bundles with changed members.

`resign` rebuilds a bundle with some members replaced and signs it again with this desk's own key (as a
desk of another version, a bug or someone holding the key could): the datapackage gets the new sizes
and hashes and the manifest the new datapackage, so every check but the values passes.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from neodesk.exchange import keys
from neodesk.exchange.bundle_format import DATAPACKAGE, MANIFEST, SIGNATURE
from neodesk.models import BundleImport, Client, CounselingSession, Database, Milestone


def read_csv(bundle: Path, member: str) -> list[list[str]]:
    with zipfile.ZipFile(bundle) as zf:
        return list(csv.reader(io.StringIO(zf.read(member).decode("utf-8"), newline="")))


def write_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def with_value(bundle: Path, member: str, column: str, value: str, row: int = 1) -> bytes:
    """The member's bytes with `column` of data row `row` (1 = first after the header) set to `value`."""
    rows = read_csv(bundle, member)
    rows[row][rows[0].index(column)] = value
    return write_csv(rows)


KEEP: Any = object()  # resign(): update the bundle's own manifest


def resign(src: Path, dst: Path, members: dict[str, bytes], manifest: Any = KEEP) -> Path:
    """`src` with `members` replaced, datapackage and manifest updated, signed with this desk's key.

    `manifest`: a replacement manifest object (anything JSON), written and signed as it is.
    """
    identity = keys.desk_identity(create=False)
    assert identity is not None
    with zipfile.ZipFile(src) as zin:
        data = {name: zin.read(name) for name in zin.namelist()}
    data.update(members)
    package = json.loads(data[DATAPACKAGE])
    for resource in package["resources"]:
        body = data[resource["path"]]
        resource["bytes"] = len(body)
        resource["hash"] = "sha256:" + hashlib.sha256(body).hexdigest()
    data[DATAPACKAGE] = json.dumps(package, sort_keys=True, separators=(",", ":")).encode()
    if manifest is KEEP:
        manifest = json.loads(data[MANIFEST])
        manifest["datapackage"]["bytes"] = len(data[DATAPACKAGE])
        manifest["datapackage"]["hash"] = "sha256:" + hashlib.sha256(data[DATAPACKAGE]).hexdigest()
    data[MANIFEST] = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    data[SIGNATURE] = base64.b64encode(keys.sign(identity, data[MANIFEST])) + b"\n"
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in data.items():
            zout.writestr(name, body)
    return dst


def record_counts(db: Database) -> tuple[int, int, int, int]:
    """Clients, sessions, milestones and bundle imports: all 0 while nothing was written."""
    with db.reading() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Client, CounselingSession, Milestone, BundleImport)
        )
