from __future__ import annotations

import uuid

from neodesk.services.changes import Changes, Kind, union


def test_union_merges_ids_per_kind() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    merged = union([Changes.of(Kind.CLIENT, a), Changes.of(Kind.CLIENT, b), Changes.of(Kind.MILESTONE)])
    assert merged.ids(Kind.CLIENT) == {a, b}
    assert merged.touches(Kind.MILESTONE)
    assert not merged.touches(Kind.AGREEMENT)


def test_touches_record_names_the_record_or_its_whole_kind() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    assert Changes.of(Kind.CLIENT, a).touches_record(Kind.CLIENT, a)
    assert not Changes.of(Kind.CLIENT, a).touches_record(Kind.CLIENT, b)
    assert Changes.of(Kind.CLIENT).touches_record(Kind.CLIENT, b)
    assert not Changes.none()
