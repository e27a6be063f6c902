"""The desk's signing key (Ed25519) and the public-key files the central office trusts.

The private key is made on the first export and kept in `<data dir>/keys/` (folder 0700, file 0600),
outside the database file: copying or mailing a database never hands out the right to sign for the
desk. Next to it, `desk-id` holds the desk's stable UUID, made together with the key; every manifest
names it, and the public-key file written for the central office names it too, so trusting a key
file binds it to exactly one desk.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from neodesk import files, paths
from neodesk.private_files import private_folder

PRIVATE_KEY_FILE = "desk-ed25519.pem"
DESK_ID_FILE = "desk-id"
_DESK_LINE = "NeoDesk desk "


class KeyFileError(Exception):
    """A public-key file that cannot be used (unreadable, not an Ed25519 key)."""


@dataclass(frozen=True, slots=True)
class DeskIdentity:
    desk_id: uuid.UUID
    private_key: Ed25519PrivateKey

    @property
    def public_pem(self) -> str:
        return public_pem(self.private_key.public_key())


def keys_dir() -> Path:
    return paths.data_dir() / "keys"


def _read_identity(key_path: Path, id_path: Path) -> DeskIdentity | None:
    """The stored pair, or None when either file is missing, empty or unreadable (an interrupted first run)."""
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        desk_id = uuid.UUID(id_path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(key, Ed25519PrivateKey):
        return None
    return DeskIdentity(desk_id, key)


def _set_aside(path: Path) -> None:
    """Keep a broken key file under another name instead of deleting it (someone may want to look)."""
    if path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path.replace(path.with_name(f"{path.name}.broken-{stamp}"))


def desk_identity(*, create: bool = True) -> DeskIdentity | None:
    """This desk's id and signing key; made (owner-only) on first use when `create`.

    Each file is written whole or not at all, the key before the id: only a complete, readable pair
    counts. A partial one (a full disk during the first export left an empty or cut file) was never
    used to sign a bundle, so it is set aside and a new pair made.
    """
    folder = keys_dir()
    key_path, id_path = folder / PRIVATE_KEY_FILE, folder / DESK_ID_FILE
    if key_path.exists() or id_path.exists():
        identity = _read_identity(key_path, id_path)
        if identity is not None:
            return identity
    if not create:
        return None
    private_folder(folder)
    for partial in (id_path, key_path):
        _set_aside(partial)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    desk_id = uuid.uuid4()
    # The id is written last: a key without an id (an interrupted first run) is simply made again.
    files.write_atomic(key_path, pem)
    files.write_atomic(id_path, f"{desk_id}\n".encode())
    return DeskIdentity(desk_id, key)


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def fingerprint(pem: str) -> str:
    """SHA-256 of the key's DER bytes, hex: what two people read to each other to check a key."""
    key = load_public_pem(pem)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def load_public_pem(pem: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise KeyFileError("The key file holds no readable public key.") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("The key file holds a key of another kind; NeoDesk desks sign with Ed25519.")
    return key


def read_key_file(path: Path) -> tuple[uuid.UUID | None, str]:
    """(desk id named in the file or None, the public key PEM) from a file `export_key` wrote."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"Cannot read the key file {path}.") from exc
    desk_id = None
    for line in text.splitlines():
        if line.startswith(_DESK_LINE):
            try:
                desk_id = uuid.UUID(line[len(_DESK_LINE) :].strip())
            except ValueError as exc:
                raise KeyFileError(f"The key file {path} names no valid desk id.") from exc
    start = text.find("-----BEGIN PUBLIC KEY-----")
    if start < 0:
        raise KeyFileError(f"The key file {path} holds no public key.")
    pem = text[start:]
    load_public_pem(pem)
    return desk_id, pem


def export_key(out: Path) -> Path:
    """Write this desk's public key (made now if the desk has none yet) for the central office."""
    identity = desk_identity()
    assert identity is not None
    # Text before the PEM block is allowed (RFC 7468) and names the desk the key signs for.
    return files.write_atomic(out, f"{_DESK_LINE}{identity.desk_id}\n{identity.public_pem}".encode("ascii"))


def sign(identity: DeskIdentity, data: bytes) -> bytes:
    return identity.private_key.sign(data)


def signature_valid(pem: str, signature: bytes, data: bytes) -> bool:
    try:
        load_public_pem(pem).verify(signature, data)
    except InvalidSignature:
        return False
    return True
