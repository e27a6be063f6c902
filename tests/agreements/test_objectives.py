"""§5 objective rules as tables: answers per question kind (each refusal one sentence naming the
question), files (type, size, folder part), submission, the `objectives` condition, self-review."""

from __future__ import annotations

from datetime import date

import pytest

from neodesk.agreements.objectives import (
    MAX_FILE_BYTES,
    AnswerRefused,
    ObjectiveSpec,
    QuestionSpec,
    check_answer,
    check_file,
    file_name_of,
    has_objectives_condition,
    is_submitted,
    objectives_met,
    review_refusal,
    status_after_answer,
)
from neodesk.agreements.transitions import TransitionRefused, decide


def q(kind: str, options: tuple[str, ...] = ()) -> QuestionSpec:
    return QuestionSpec(1, 2, "New hires", kind, True, options)


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("text", "  ten people  ", "ten people"),
        ("yes_no", "Yes", "yes"),
        ("yes_no", "n", "no"),
        ("yes_no", "FALSE", "no"),
        ("number", "12", "12"),
        ("number", "1,250.50", "1250.50"),
        ("number", "-3", "-3"),
        ("date", "2026-09-30", "2026-09-30"),
        ("choice", "retail", "Retail"),
    ],
)
def test_answers_that_fit_are_stored_normalized(kind: str, raw: str, stored: str) -> None:
    assert check_answer(q(kind, ("Retail", "Food")), raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw", "sentence"),
    [
        ("text", "  ", 'question 1.2 ("New hires") needs an answer'),
        ("text", "x" * 10_001, 'question 1.2 ("New hires") takes at most 10,000 characters, not 10,001'),
        ("yes_no", "maybe", "question 1.2 (\"New hires\") takes yes or no, not 'maybe'"),
        ("number", "ten", "question 1.2 (\"New hires\") takes a number, not 'ten'"),
        ("number", "NaN", "question 1.2 (\"New hires\") takes a number, not 'NaN'"),
        ("number", "Infinity", "question 1.2 (\"New hires\") takes a number, not 'Infinity'"),
        ("date", "30/09/2026", "question 1.2 (\"New hires\") takes a date YYYY-MM-DD, not '30/09/2026'"),
        ("choice", "Mining", "question 1.2 (\"New hires\") takes one of Retail, Food, not 'Mining'"),
        ("file", "report.pdf", 'question 1.2 ("New hires") takes a file, not a typed answer'),
        ("text", None, 'question 1.2 ("New hires") needs an answer'),
    ],
)
def test_answers_that_do_not_fit_are_refused_naming_the_question(kind: str, raw: str | None, sentence: str) -> None:
    with pytest.raises(AnswerRefused) as info:
        check_answer(q(kind, ("Retail", "Food")), raw)
    assert str(info.value) == sentence


@pytest.mark.parametrize("name", ["a.pdf", "b.DOCX", "c.xlsx", "d.csv", "e.txt", "f.png", "g.JPG"])
def test_allowed_file_types(name: str) -> None:
    assert check_file(q("file"), name, 1000) == name


@pytest.mark.parametrize(
    ("name", "size", "sentence"),
    [
        (
            "virus.exe",
            10,
            'question 1.2 ("New hires"): virus.exe is not a type allowed (pdf, docx, xlsx, csv, txt, png, jpg)',
        ),
        (
            "README",
            10,
            'question 1.2 ("New hires"): README has no type; allowed are pdf, docx, xlsx, csv, txt, png, jpg',
        ),
        ("big.pdf", MAX_FILE_BYTES + 1, 'question 1.2 ("New hires"): big.pdf is 25.0 MB, more than the 25 MB allowed'),
        ("empty.pdf", 0, 'question 1.2 ("New hires"): empty.pdf is empty'),
        (
            "../secret.pdf",
            10,
            "question 1.2 (\"New hires\"): the file name '../secret.pdf' has a folder part; give the file's name alone",
        ),
        (
            "C:\\x\\a.pdf",
            10,
            "question 1.2 (\"New hires\"): the file name 'C:\\\\x\\\\a.pdf' has a folder part; "
            "give the file's name alone",
        ),
        ("", 10, 'question 1.2 ("New hires"): the file has no name'),
    ],
)
def test_files_that_break_the_limits_are_refused(name: str, size: int, sentence: str) -> None:
    with pytest.raises(AnswerRefused) as info:
        check_file(q("file"), name, size)
    assert str(info.value) == sentence


def test_exactly_25_mb_is_allowed_and_a_typed_question_takes_no_file() -> None:
    assert check_file(q("file"), "ok.pdf", MAX_FILE_BYTES) == "ok.pdf"
    with pytest.raises(AnswerRefused, match="takes a typed answer, not a file"):
        check_file(q("text"), "ok.pdf", 10)


@pytest.mark.parametrize(
    ("path", "name"),
    [("/home/a/Payroll Q3.pdf", "Payroll Q3.pdf"), ("C:\\Users\\a\\p.xlsx", "p.xlsx"), ("p.csv", "p.csv")],
)
def test_a_picked_path_is_cleaned_to_its_name(path: str, name: str) -> None:
    assert file_name_of(path) == name


@pytest.mark.parametrize(
    ("answered", "submitted"),
    [
        ([(True, True), (True, True)], True),
        ([(True, True), (True, False)], False),
        ([(True, True), (False, False)], True),
        ([(False, False)], False),
        ([(False, True)], True),
    ],
)
def test_an_objective_is_submitted_when_its_required_questions_are_answered(
    answered: list[tuple[bool, bool]], submitted: bool
) -> None:
    assert is_submitted(answered) is submitted


@pytest.mark.parametrize(
    ("status", "complete", "after"),
    [
        ("open", False, "open"),
        ("open", True, "submitted"),
        ("declined", True, "submitted"),
        ("declined", False, "declined"),
        ("submitted", True, "submitted"),
        ("accepted", True, "accepted"),
    ],
)
def test_status_after_an_answer(status: str, complete: bool, after: str) -> None:
    assert status_after_answer(status, complete) == after


D1, D2 = date(2026, 3, 1), date(2026, 3, 9)


@pytest.mark.parametrize(
    ("objectives", "met"),
    [
        ([ObjectiveSpec(True, "accepted", D1), ObjectiveSpec(True, "accepted", D2)], D2),
        ([ObjectiveSpec(True, "accepted", D1), ObjectiveSpec(True, "submitted")], None),
        ([ObjectiveSpec(True, "accepted", D2), ObjectiveSpec(False, "open")], D2),
        ([ObjectiveSpec(True, "declined")], None),
        ([ObjectiveSpec(False, "accepted", D1)], None),
        ([], None),
    ],
)
def test_the_objectives_condition_is_met_when_every_required_one_is_accepted(
    objectives: list[ObjectiveSpec], met: date | None
) -> None:
    assert objectives_met(objectives) == met


def test_the_objectives_condition_exists_only_with_a_required_objective() -> None:
    assert has_objectives_condition([ObjectiveSpec(False, "open"), ObjectiveSpec(True, "open")])
    assert not has_objectives_condition([ObjectiveSpec(False, "open")])


@pytest.mark.parametrize(
    ("reviewer", "allow", "refusal"),
    [
        ("ana", False, "objective 1 of M1 was answered by you: another counselor must review it"),
        ("ana", True, None),
        ("ben", False, None),
    ],
)
def test_nobody_reviews_what_they_answered_unless_self_approval_is_allowed(
    reviewer: str, allow: bool, refusal: str | None
) -> None:
    assert review_refusal("objective 1 of M1", reviewer, frozenset({"ana"}), allow) == refusal


@pytest.mark.parametrize(
    ("action", "source", "reason", "target"),
    [
        ("submit", "open", None, "submitted"),
        ("submit", "declined", None, "submitted"),
        ("accept", "submitted", None, "accepted"),
        ("decline", "submitted", "blurry scan", "declined"),
    ],
)
def test_objective_transitions(action: str, source: str, reason: str | None, target: str) -> None:
    assert decide("objective", action, source, name="objective 1", reason=reason).target == target


@pytest.mark.parametrize(
    ("action", "source", "reason", "sentence"),
    [
        ("accept", "open", None, "objective 1 is open: accept applies only to submitted objectives"),
        ("decline", "submitted", " ", "to decline objective 1 give a reason"),
        ("accept", "accepted", None, "objective 1 is accepted: accept applies only to submitted objectives"),
        ("reset", "accepted", "no", "only the approval can send back objective 1"),
    ],
)
def test_objective_transitions_refused(action: str, source: str, reason: str | None, sentence: str) -> None:
    with pytest.raises(TransitionRefused) as info:
        decide("objective", action, source, name="objective 1", reason=reason)
    assert str(info.value) == sentence
