"""The status bar's count runs on a worker thread and shows the figure of the last request."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel

from neodesk.ui.status_count import BackgroundValue


def test_the_work_runs_off_the_gui_thread_and_the_result_arrives_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    received: list[tuple[object, threading.Thread]] = []
    value = BackgroundValue(lambda: threads.append(threading.current_thread()) or 42)
    value.ready.connect(lambda result: received.append((result, threading.current_thread())))
    value.request()
    qtbot.waitUntil(lambda: bool(received))
    assert threads[0] is not threading.main_thread()
    assert received == [(42, threading.main_thread())]
    value.deleteLater()


def test_requests_made_while_counting_end_with_a_fresh_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    calls: list[int] = []

    def work() -> int:
        gate.wait(5)
        calls.append(len(calls) + 1)
        return len(calls)

    value = BackgroundValue(work)
    shown: list[object] = []
    value.ready.connect(shown.append)
    value.request()
    value.request()  # a change saved while the first count runs
    value.request()
    gate.set()
    qtbot.waitUntil(lambda: shown == [1, 2])
    qtbot.wait(50)
    assert calls == [1, 2]  # three requests, two counts: the second started after the last request
    assert not value.running
    value.deleteLater()


def test_the_window_shows_the_count_without_counting_on_its_thread(qtbot, open_window, make_client) -> None:  # type: ignore[no-untyped-def]
    make_client("One")
    window = open_window()
    label = window.findChild(QLabel, "statusUnexported")
    qtbot.waitUntil(lambda: label.text().endswith(": 1"))
    from neodesk.ui import window_commands  # the window's commands count through this name

    seen: list[threading.Thread] = []
    real = window_commands.unexported_count

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread())
        return real(*args, **kwargs)

    window_commands.unexported_count = spy  # type: ignore[assignment]
    try:
        make_client("Two")
        window.update_status()
        qtbot.waitUntil(lambda: label.text().endswith(": 2"))
    finally:
        window_commands.unexported_count = real  # type: ignore[assignment]
    assert seen
    assert threading.main_thread() not in seen
