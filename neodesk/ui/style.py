"""The app's style sheet: only what the platform style cannot say (invalid fields, banners)."""

from __future__ import annotations

STYLE_SHEET = """
*[invalid="true"] { border: 1px solid #c62828; border-radius: 2px; background: #fff5f5; }
QLabel[role="problem"] { color: #b71c1c; }
QFrame#editorWarning { background: #fff3b0; border: 1px solid #e0c200; border-radius: 3px; }
QFrame#editorWarning QLabel { color: #4a3b00; }
QFrame#editorMessages { background: #e8f0fe; border: 1px solid #9ab6e6; border-radius: 3px; }
QFrame#editorMessages[level="warning"] { background: #fff8e1; border-color: #e6c66a; }
QFrame#editorMessages[level="error"] { background: #fdecea; border-color: #e0a09a; }
QLabel#clientHeader { font-size: 15px; font-weight: 600; }
"""
