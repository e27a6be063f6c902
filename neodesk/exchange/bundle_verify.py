"""Checking a bundle before anything is written: members, hashes, sizes and the desk's signature.

Every member is checked byte for byte: the CSVs and datapackage.json against sizes and sha256 that
the signed manifest covers, manifest.json by the signature, and manifest.sig by being exactly the
canonical base64 text the export writes (strict decoding, re-encoded and compared).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neodesk.exchange import keys
from neodesk.exchange.bundle_format import (
    DATAPACKAGE,
    FORMAT_NAME,
    MANIFEST,
    RESOURCES,
    SIGNATURE,
    HashingReader,
    member_names,
    sha256_text,
)
from neodesk.schema_version import SCHEMA_HEAD

SIGNATURE_BYTES = 64  # Ed25519


class BundleRefused(Exception):
    """The bundle cannot be taken (tampered, unknown desk, not a bundle); nothing was written."""


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    path: Path
    manifest: dict[str, Any]
    resources: dict[str, dict[str, Any]]  # name → datapackage resource (with bytes and hash)

    @property
    def bundle_id(self) -> uuid.UUID:
        return uuid.UUID(self.manifest["bundle_id"])

    @property
    def desk_id(self) -> uuid.UUID:
        return uuid.UUID(self.manifest["desk_id"])


def read_manifest(zf: zipfile.ZipFile, name: str) -> tuple[bytes, dict[str, Any]]:
    data = zf.read(name)
    try:
        return data, json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleRefused(f"The bundle's {name} is damaged.") from exc


def verify_members(zf: zipfile.ZipFile, resources: dict[str, dict[str, Any]]) -> None:
    """Hash every CSV member and compare with the signed datapackage (bytes and sha256)."""
    for resource in RESOURCES:
        described = resources[resource.name]
        with zf.open(resource.path) as member:
            reader = HashingReader(member)
            while reader.read(1 << 20):
                pass
        if reader.size != described.get("bytes") or sha256_text(reader.digest) != described.get("hash"):
            raise BundleRefused(f"The bundle's {resource.path} was changed after the desk signed it.")


def decode_signature(data: bytes) -> bytes:
    """The signature from `manifest.sig`, which must be exactly what the export writes: the standard
    base64 of a 64-byte Ed25519 signature and one "\n". Anything else (a changed, added or removed
    byte, even one a lenient decoder would skip or that decodes to the same signature) is refused."""
    try:
        signature = base64.b64decode(data[:-1], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BundleRefused("The bundle's signature is damaged.") from exc
    if len(signature) != SIGNATURE_BYTES or base64.b64encode(signature) + b"\n" != data:
        raise BundleRefused("The bundle's signature is damaged.")
    return signature


def verify_bundle(path: Path, public_pem: str | None) -> VerifiedBundle:
    """Open and check a bundle; `public_pem` is the desk's trusted key (None: signature not checked yet).

    Raises BundleRefused naming what is wrong. Callers must check the signature (pass the key) before
    writing anything.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if len(names) != len(zf.namelist()):
                raise BundleRefused("The bundle holds a file twice.")
            expected = member_names()
            if names != expected:
                extra, missing = sorted(names - expected), sorted(expected - names)
                what = f"extra file {extra[0]}" if extra else f"missing file {missing[0]}"
                raise BundleRefused(f"The bundle is not as the desk made it ({what}).")
            manifest_bytes, manifest = read_manifest(zf, MANIFEST)
            if manifest.get("format") != FORMAT_NAME:
                raise BundleRefused("The file is not a NeoDesk exchange bundle.")
            if public_pem is not None:
                signature = decode_signature(zf.read(SIGNATURE))
                if not keys.signature_valid(public_pem, signature, manifest_bytes):
                    raise BundleRefused(
                        "The bundle's signature does not match the desk's registered key: it was changed "
                        "after signing or signed by another key.")
            datapackage_bytes = zf.read(DATAPACKAGE)
            described = manifest.get("datapackage") or {}
            if (len(datapackage_bytes) != described.get("bytes")
                    or sha256_text(hashlib.sha256(datapackage_bytes)) != described.get("hash")):
                raise BundleRefused("The bundle's datapackage.json was changed after the desk signed it.")
            try:
                package = json.loads(datapackage_bytes)
                resources = {r["name"]: r for r in package["resources"]}
            except (ValueError, KeyError, TypeError) as exc:
                raise BundleRefused("The bundle's datapackage.json is damaged.") from exc
            if set(resources) != {r.name for r in RESOURCES}:
                raise BundleRefused("The bundle's record types do not match this NeoDesk's.")
            if str(manifest.get("schema_version", "")) > SCHEMA_HEAD:
                raise BundleRefused("The bundle was written by a newer NeoDesk; update NeoDesk to import it.")
            if public_pem is not None:
                verify_members(zf, resources)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a damaged deflate stream fails in zlib
        raise BundleRefused(f"The file {path.name} is not a readable bundle (damaged zip: {exc}).") from exc
    except OSError as exc:
        raise BundleRefused(f"Cannot read the bundle {path}: {exc.strerror or exc}.") from exc
    return VerifiedBundle(path, manifest, resources)
