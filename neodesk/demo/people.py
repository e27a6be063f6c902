"""Who a demo client is: company name, place, contact person, legal form and intake answers.

Pure functions of a `random.Random`: no database, no clock. The story of what the client achieved
(milestones, sessions) is in `story.py`; this module only decides the identity it happens to.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

from neodesk.demo.words import (
    FIRST_NAMES,
    HISPANIC_FIRST_NAMES,
    HISPANIC_LAST_NAMES,
    LAST_NAMES,
    NAME_ADJECTIVES,
    ORGANIZATIONS,
    PLACES,
    STREET_NAMES,
    STREET_SUFFIXES,
    TRADES,
    Place,
    Trade,
)
from neodesk.models.search import fold

T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice with the cumulative weights computed once (random.choices redoes it per call)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


# Share of Hispanic owners by state, roughly following the census; elsewhere 12 %.
_HISPANIC_SHARE = {"PR": 0.9, "NM": 0.5, "TX": 0.4, "CA": 0.38, "AZ": 0.32, "FL": 0.27, "NV": 0.29, "CO": 0.22}
_FEMALE = tuple(n for n, sex in FIRST_NAMES if sex == "Female")
_MALE = tuple(n for n, sex in FIRST_NAMES if sex == "Male")
_H_FEMALE = tuple(n for n, sex in HISPANIC_FIRST_NAMES if sex == "Female")
_H_MALE = tuple(n for n, sex in HISPANIC_FIRST_NAMES if sex == "Male")
_ORGANIZATIONS = Weighted([((org, suffix), weight) for org, suffix, weight in ORGANIZATIONS])
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

_RACES = Weighted(
    [
        (("White",), 58),
        (("Black or African American",), 15),
        (("Asian",), 9),
        (("Native American/Alaska Native",), 2),
        (("Native Hawaiian/Other Pacific Islander",), 1),
        (("Middle Eastern",), 2),
        (("North African",), 1),
        (("White", "Black or African American"), 2),
        (("White", "Asian"), 1),
        (("Prefer not to say",), 7),
        (("Prefer to Self-Describe",), 2),
    ]
)
_MEDIA = Weighted(
    [
        ("Word of Mouth", 24),
        ("Internet", 18),
        ("Chamber of Commerce", 8),
        ("Lender", 8),
        ("SBA Web site", 6),
        ("Educational Institution", 5),
        ("Local Economic Development Official", 5),
        ("Business Owner", 5),
        ("Other Client", 5),
        ("SCORE", 3),
        ("Magazine/Newspaper", 2),
        ("Television/Radio", 2),
        ("SBA District", 2),
        ("WBC", 2),
        ("VBOC", 1),
        ("Boots to Business", 1),
        ("Other", 2),
        ("Prefer not to say", 1),
    ]
)
_BRANCHES = Weighted(
    [
        ("Army", 40),
        ("Navy", 20),
        ("Air Force", 18),
        ("Marine Corps", 12),
        ("Coast Guard", 4),
        ("Space Force", 1),
        ("Prefer not to say", 5),
    ]
)


@dataclass(frozen=True, slots=True)
class Identity:
    """The parts of a client record that do not change with its story."""

    name: str
    trade: Trade
    organization: str
    place: Place
    street: str
    zip: str
    first_name: str
    last_name: str
    sex: str
    hispanic: bool
    email: str
    phone: str


def ascii_word(text: str) -> str:
    """Letters and digits only, accents folded: what goes into a demo e-mail address."""
    return _NOT_ALNUM.sub("", fold(text))


def pick_identity(rng: random.Random, owner_sex: str | None) -> Identity:
    """A company, its address and its contact person. `owner_sex` ("Female"/"Male") steers the first name."""
    place = rng.choice(PLACES)
    hispanic = rng.random() < _HISPANIC_SHARE.get(place.state, 0.12)
    sex = owner_sex or ("Female" if rng.random() < 0.45 else "Male")
    if hispanic and rng.random() < 0.85:
        first = rng.choice(_H_FEMALE if sex == "Female" else _H_MALE)
    else:
        first = rng.choice(_FEMALE if sex == "Female" else _MALE)
    last = rng.choice(HISPANIC_LAST_NAMES if hispanic else LAST_NAMES)
    trade = rng.choice(TRADES)
    organization, suffix = _ORGANIZATIONS.pick(rng)
    word = rng.choice(trade.words)
    pattern = rng.random()
    if pattern < 0.33:
        base = f"{last} {word}"
    elif pattern < 0.53:
        base = f"{rng.choice(NAME_ADJECTIVES)} {word}"
    elif pattern < 0.66:
        base = f"{place.city} {word}"
    elif pattern < 0.80:
        base = f"{first}'s {word}"
    elif pattern < 0.90:
        partner = rng.choice(HISPANIC_LAST_NAMES if rng.random() < 0.3 else LAST_NAMES)
        base = f"{last} & {partner} {word}"
    else:
        base = f"{first} {last}"  # a sole proprietor trading under the owner's own name
    name = f"{base} {suffix}" if suffix and rng.random() < 0.85 else base

    zip_code = f"{int(place.zip) + rng.randrange(20):05d}"
    if rng.random() < 0.1:
        zip_code += f"-{rng.randrange(1, 10000):04d}"
    street = f"{rng.randint(10, 9999)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_SUFFIXES)}"
    if rng.random() < 0.15:
        street += f", Suite {rng.randint(100, 450)}"
    domain = ascii_word(base)[:24] or "mail"
    mailbox = f"{ascii_word(first)}.{ascii_word(last)}"
    email = f"{mailbox}@{domain}.com" if rng.random() < 0.7 else f"{mailbox}{rng.randrange(100)}@gmail.com"
    # 555-0100..0199 are the numbers reserved for fiction: no demo phone can ring a real person.
    phone = f"({place.area_code}) 555-01{rng.randrange(100):02d}"
    return Identity(name, trade, organization, place, street, zip_code, first, last, sex, hispanic, email, phone)


def intake_answers(rng: random.Random, person: Identity, veteran_status: str | None) -> dict[str, object]:
    """Form 641 intake answers for the contact person, coherent with name and veteran status."""
    race = frozenset(_RACES.pick(rng))
    if person.hispanic:
        ethnicity = "Hispanic or Latino" if rng.random() < 0.95 else "Prefer not to say"
    else:
        ethnicity = "Non Hispanic or Latino" if rng.random() < 0.95 else "Prefer not to say"
    if veteran_status in ("DS", "SD"):
        military = "Service Disabled Veteran"
    elif veteran_status in ("VE", "VO"):
        military = "Veteran"
    elif veteran_status == "NR":
        military = "Prefer not to say"
    else:
        military = "No military service" if rng.random() < 0.97 else "Spouse of Military Member"
    veteran = military in ("Veteran", "Service Disabled Veteran")
    disability_roll = rng.random()
    return {
        "survey_agreement": rng.random() < 0.85,
        "signature_on_file": rng.random() < 0.9,
        "race": race,
        "ethnicity": ethnicity,
        "sex": person.sex if rng.random() < 0.97 else "Prefer not to say",
        "disability": "No" if disability_roll < 0.88 else "Yes" if disability_roll < 0.94 else "Prefer not to say",
        "military_status": military,
        "branch_of_service": _BRANCHES.pick(rng) if veteran else None,
        "media": _MEDIA.pick(rng),
    }
