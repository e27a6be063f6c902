"""Checking a bundle before anything is written: members, hashes, sizes and the desk's signature.

Every member is checked byte for byte: the CSVs and datapackage.json against sizes and sha256 that
the signed manifest covers, manifest.json by the signature, and manifest.sig by being exactly the
canonical base64 text the export writes (strict decoding, re-encoded and compared).

Nothing is read whole that the zip does not declare small: manifest.json and datapackage.json are
capped (MANIFEST_CAP), manifest.sig is one line, and every CSV's size in its zip header must be
the size the signed datapackage states before a byte of it is read; each member is then streamed
with a read limit at that size (a header that lies is refused, not followed). While the CSVs are
hashed every value is checked with the desk's field rules (bundle_values): a signed bundle whose
values no desk could have typed is refused whole, before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neodesk.exchange import bundle_files, keys
from neodesk.exchange.bundle_format import (
    DATAPACKAGE,
    FORMAT_NAME,
    MANIFEST,
    RESOURCES,
    SIGNATURE,
    HashingReader,
    MemberTooLarge,
    member_names,
    sha256_text,
)
from neodesk.exchange.bundle_values import CSV_FIELD_LIMIT, Codes, ValueProblem, check_rows, refusal
from neodesk.schema_version import SCHEMA_HEAD

SIGNATURE_BYTES = 64  # Ed25519
MANIFEST_CAP = 1 << 20  # manifest.json and datapackage.json: a few KB as the export writes them
SIGNATURE_CAP = 128  # manifest.sig: 88 base64 characters and a newline


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


def read_capped(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """A small member read whole, after its zip header says it is small, and never past `cap`."""
    if zf.getinfo(name).file_size > cap:
        raise BundleRefused(f"The bundle's {name} is larger than {cap:,} bytes; it is not as a desk writes it.")
    with zf.open(name) as member:
        try:
            return HashingReader(member, cap).read(cap + 1)
        except MemberTooLarge as exc:
            raise BundleRefused(f"The bundle's {name} holds more than its zip header says.") from exc


def read_manifest(zf: zipfile.ZipFile, name: str) -> tuple[bytes, dict[str, Any]]:
    data = read_capped(zf, name, MANIFEST_CAP)
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleRefused(f"The bundle's {name} is damaged.") from exc
    if not isinstance(parsed, dict):
        raise BundleRefused(f"The bundle's {name} is not a JSON object as a desk writes it.")
    return data, parsed


def _declared_size(zf: zipfile.ZipFile, path: str, described: dict[str, Any]) -> int:
    """The member's size as the signed datapackage states it, which its zip header must repeat."""
    declared = described.get("bytes")
    if not isinstance(declared, int) or isinstance(declared, bool) or declared < 0:
        raise BundleRefused(f"The bundle's datapackage.json states no size for {path}.")
    if zf.getinfo(path).file_size != declared:
        raise BundleRefused(f"The bundle's {path} is not the size the desk signed ({declared:,} bytes).")
    return declared


def verify_members(zf: zipfile.ZipFile, resources: dict[str, dict[str, Any]]) -> None:
    """Hash every CSV member and compare with the signed datapackage (bytes and sha256), checking every
    value with the desk's field rules on the way (one read of each member, streamed)."""
    for resource in RESOURCES:  # sizes first: nothing is decompressed from a bundle that lies about one
        _declared_size(zf, resource.path, resources[resource.name])
    csv.field_size_limit(CSV_FIELD_LIMIT)
    codes, problems, bad = Codes(), list[ValueProblem](), 0
    for resource in RESOURCES:
        described = resources[resource.name]
        declared = _declared_size(zf, resource.path, described)
        damage: str | None = None
        with zf.open(resource.path) as member:
            reader = HashingReader(member, declared)
            try:
                stream = io.TextIOWrapper(io.BufferedReader(reader, 1 << 20), encoding="utf-8", newline="")
                rows = csv.reader(stream)
                try:
                    header = next(rows, [])
                except csv.Error:
                    header = []
                if header != resource.columns:
                    damage = f"The bundle's {resource.path} has other columns than this NeoDesk expects."
                else:
                    bad += check_rows(resource, rows, codes, problems)
            except UnicodeDecodeError:
                damage = f"The bundle's {resource.path} is not UTF-8 text."
            except MemberTooLarge as exc:
                raise BundleRefused(f"The bundle's {resource.path} holds more than its zip header says.") from exc
            while reader.read(1 << 20):  # the rest still counts for the hash
                pass
        if reader.size != declared or sha256_text(reader.digest) != described.get("hash"):
            raise BundleRefused(f"The bundle's {resource.path} was changed after the desk signed it.")
        if damage is not None:
            raise BundleRefused(damage)
    if bad:
        raise BundleRefused(refusal(problems, bad))


def check_manifest(manifest: dict[str, Any]) -> None:
    """The signed manifest's fields the import reads, in the form the export writes them."""
    try:
        for key in ("bundle_id", "desk_id", "database_id"):
            uuid.UUID(manifest[key])
        for key in ("from_revision", "to_revision"):
            if not isinstance(manifest[key], int):
                raise TypeError(key)
        counts = manifest["counts"]
        if not isinstance(counts, dict) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
        ):
            raise TypeError("counts")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BundleRefused(f"The bundle's manifest.json is not as a desk writes it ({exc}).") from exc


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
            files = {n for n in names if bundle_files.is_file_member(n)}  # checked against the manifest below
            names -= files
            if names != expected:
                extra, missing = sorted(names - expected), sorted(expected - names)
                what = f"extra file {extra[0]}" if extra else f"missing file {missing[0]}"
                raise BundleRefused(f"The bundle is not as the desk made it ({what}).")
            manifest_bytes, manifest = read_manifest(zf, MANIFEST)
            if manifest.get("format") != FORMAT_NAME:
                raise BundleRefused("The file is not a NeoDesk exchange bundle.")
            check_manifest(manifest)
            try:
                listed = bundle_files.listed_files(manifest)
                bundle_files.check_members(files, listed)
            except bundle_files.FileRefused as exc:
                raise BundleRefused(str(exc)) from exc
            if public_pem is not None:
                signature = decode_signature(read_capped(zf, SIGNATURE, SIGNATURE_CAP))
                if not keys.signature_valid(public_pem, signature, manifest_bytes):
                    raise BundleRefused(
                        "The bundle's signature does not match the desk's registered key: it was changed "
                        "after signing or signed by another key."
                    )
            described = manifest.get("datapackage") or {}
            if not isinstance(described, dict):
                raise BundleRefused("The bundle's manifest.json is not as a desk writes it (datapackage).")
            datapackage_bytes = read_capped(zf, DATAPACKAGE, MANIFEST_CAP)
            if len(datapackage_bytes) != described.get("bytes") or sha256_text(
                hashlib.sha256(datapackage_bytes)
            ) != described.get("hash"):
                raise BundleRefused("The bundle's datapackage.json was changed after the desk signed it.")
            try:
                package = json.loads(datapackage_bytes)
                resources = {r["name"]: r for r in package["resources"]}
                if not all(isinstance(r, dict) for r in resources.values()):
                    raise TypeError("resource")
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
                raise BundleRefused("The bundle's datapackage.json is damaged.") from exc
            if set(resources) != {r.name for r in RESOURCES}:
                raise BundleRefused("The bundle's record types do not match this NeoDesk's.")
            if str(manifest.get("schema_version", "")) > SCHEMA_HEAD:
                raise BundleRefused("The bundle was written by a newer NeoDesk; update NeoDesk to import it.")
            if public_pem is not None:
                verify_members(zf, resources)
                try:
                    bundle_files.verify_files(zf, listed)
                except bundle_files.FileRefused as exc:
                    raise BundleRefused(str(exc)) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a damaged deflate stream fails in zlib
        raise BundleRefused(f"The file {path.name} is not a readable bundle (damaged zip: {exc}).") from exc
    except OSError as exc:
        raise BundleRefused(f"Cannot read the bundle {path}: {exc.strerror or exc}.") from exc
    return VerifiedBundle(path, manifest, resources)
