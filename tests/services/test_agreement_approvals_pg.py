"""Objectives, answers, files and approvals on PostgreSQL (NEODESK_TEST_PG_URL): the done-when story,
the approval releasing the disbursement in its own transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from neodesk.models import Database
from tests.services.test_agreement_approvals import make_desk, story
from tests.services.test_agreements_pg import pg  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres


def test_story_on_postgres(pg: Database, tmp_path: Path) -> None:  # noqa: F811
    story(make_desk(pg), tmp_path)
