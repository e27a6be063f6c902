"""What's This text for the client profile's tracked fields, generated from the client → milestone table.

One source: the sentences are read off CLIENT_RULES (neodesk/sync/client_rules.py), so a rule added or
changed there changes the help at the field with it.
"""

from __future__ import annotations

import html

from neodesk.catalog.fields import FIELDS_BY_KEY
from neodesk.catalog.picklists import PICKLISTS, label
from neodesk.sync.client_rules import CLIENT_RULES, ClientRule
from neodesk.sync.describe import type_name


def proposed_types(rule: ClientRule) -> list[tuple[str | None, str]]:
    """(the field value that leads to it, or None for any change; milestone type code) for one rule."""
    key = rule.fields[0]
    try:
        return [(None, rule.type_code({key: None}))]
    except (KeyError, TypeError):
        pass
    picklist = FIELDS_BY_KEY[key].picklist if key in FIELDS_BY_KEY else None
    found: list[tuple[str | None, str]] = []
    for code in PICKLISTS.get(picklist or "", {}):
        try:
            found.append((code, rule.type_code({key: code})))
        except (KeyError, TypeError):
            continue
    return found


def _sentence(rule: ClientRule, key: str) -> str:
    how = "creates, without asking," if rule.automatic else "offers to log"
    choices = proposed_types(rule)
    if len(choices) == 1 and choices[0][0] is None:
        name = type_name(choices[0][1])
        what = f"{'an' if name[:1] in 'AEIOU' else 'a'} {name} milestone"
    else:
        what = "a milestone: " + "; ".join(
            f"{type_name(code)} when set to {label(FIELDS_BY_KEY[key].picklist or '', value)}"
            for value, code in choices
        )
    growth = " for a client created a while ago (a same-day edit is data entry)" if rule.growth else ""
    return f"Saving a change here {how} {what}{growth} — rule {rule.rule_id}."


def field_whats_this(key: str) -> str | None:
    """The What's This text of a profile field, or None when no client → milestone rule watches it."""
    rules = [rule for rule in CLIENT_RULES if key in rule.fields]
    if not rules:
        return None
    spec = FIELDS_BY_KEY.get(key)
    title = spec.label if spec is not None else key
    lines = [html.escape(_sentence(rule, key)) for rule in rules]
    return (
        f"<b>{html.escape(title)}</b><br>" + "<br>".join(lines) + "<br><i>Help ▸ User guide (F1): The sync rules.</i>"
    )


def tracked_fields() -> tuple[str, ...]:
    """Every client field some client → milestone rule watches, in table order."""
    seen: dict[str, None] = {}
    for rule in CLIENT_RULES:
        for key in rule.fields:
            seen.setdefault(key)
    return tuple(seen)
