"""`neodesk export bundle|key` (desk side) and `neodesk import bundle` (central side)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from neodesk.cli.nexus import register_export_nexus
from neodesk.models import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="exports: bundles for the central office, the desk's key")
    esub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    bundle = esub.add_parser("bundle", help="write a signed bundle of what changed since the last export")
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE.zip")
    bundle.add_argument("--all", action="store_true", help="export every record, not only the changes")
    bundle.set_defaults(func=export_bundle_cmd)
    key = esub.add_parser("key", help="write this desk's public key for the central office")
    key.add_argument("--out", type=Path, required=True, metavar="FILE.pem")
    key.set_defaults(func=export_key_cmd)
    register_export_nexus(esub)

    imp = sub.add_parser("import", help="imports: bundles from desks")
    isub = imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    ib = isub.add_parser("bundle", help="take a desk's bundle into this (central) database")
    ib.add_argument("file", type=Path, metavar="FILE.zip")
    ib.add_argument(
        "--trust",
        type=Path,
        metavar="FILE.pem",
        help="register the sending desk's public key (needed for its first bundle)",
    )
    ib.set_defaults(func=import_bundle_cmd)


def export_bundle_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.exchange.bundle_export import NothingToExport, export_bundle

    try:
        result = export_bundle(db, args.out, everything=args.all)
    except NothingToExport:
        print("Nothing changed since the last export; no bundle written (use --all to export everything).")
        return 0
    print(f"Exported {result.total} records (changes {result.from_revision + 1}–{result.to_revision}) to {result.path}")
    return 0


def export_key_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.exchange.keys import export_key

    out = export_key(args.out)  # a full disk, a read-only folder …: run() says so (exit 4)
    print(f"Wrote this desk's public key to {out}")
    return 0


def import_bundle_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.exchange.bundle_import import BundleRefused, import_bundle

    if not args.file.is_file():
        print(f"neodesk: there is no bundle file {args.file}.", file=sys.stderr)
        return 1
    if args.trust is not None and not args.trust.is_file():
        print(f"neodesk: there is no key file {args.trust}.", file=sys.stderr)
        return 1
    try:
        result = import_bundle(db, args.file, trust=args.trust)
    except BundleRefused as exc:
        print(f"neodesk: bundle {args.file.name} refused: {exc}", file=sys.stderr)
        return 1
    if result.desk_registered:
        print(f"Registered desk {result.desk_id}.")
    if result.already_taken:
        print(f"Bundle {result.bundle_id} was already imported; nothing changed.")
        return 0
    print(
        f"Imported bundle {result.bundle_id} from desk {result.desk_id}: {result.total_applied} records "
        f"written, {sum(result.skipped.values())} already up to date."
    )
    return 0
