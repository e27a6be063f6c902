"""Enumerations of the SBA counseling upload schema (Form 641) used as picklists.

Source: ``shared/nexus/SBA_NEXUS_Counseling-2-14.xsd`` (read there, never copied into the project;
``tests/catalog/test_nexus.py`` checks these lists against it). Every list below names the XSD
element or type it comes from. Since changes 38-70 of the schema's log its enumerations carry
descriptive values, not codes; the older code lists survive only as XML comments and are not used.

Codes:

- Intake answers and ``business_type``: the code *is* the schema's enumeration value, which is
  what the upload sends. Display labels equal the codes, except a few ``media`` abbreviations that
  are spelled out.
- ``state``: the schema enumerates names only (``AddressType/State``). The code stored by the app
  is the USPS two-letter code; the label is the schema's value, so ``label`` is what the upload sends.
- ``country``: the schema enumerates names only (``CountryList``/``ExportCountryList``, the
  Salesforce country list). The code is the ISO 3166-1 alpha-2 code (domain.md: export countries
  are ISO codes); the label is the schema's value. Kosovo uses the user-assigned ``XK``, as the
  Salesforce list does. ``ExportCountryList``'s extra value "Other" is not a country and is left out.
- "Prefer not to say" is offered by every intake list (domain.md). ``sex`` and ``media`` have no
  such schema value: for those it is added here, and ``schema_value`` maps it to ``None``
  (both elements are optional, so the upload leaves them out).
"""

from __future__ import annotations

PREFER_NOT_TO_SAY = "Prefer not to say"
XSD_FILE = "SBA_NEXUS_Counseling-2-14.xsd"
# Location/LocationCode: the number the SBA gives a center (centers keep it; every upload record carries it).
LOCATION_CODE_RANGE = (1, 9_999_999)


def is_location_code(number: int) -> bool:
    return LOCATION_CODE_RANGE[0] <= number <= LOCATION_CODE_RANGE[1]


def _same(*values: str) -> dict[str, str]:
    """A picklist whose labels are its codes."""
    return {v: v for v in values}


# CounselingInformationType > ClientIntake > BusinessType (xs:string enumeration; the NAICS sectors).
BUSINESS_TYPES: dict[str, str] = _same(
    "Agriculture, Forestry, Fishing and Hunting",
    "Accommodation and Food Services",
    "Administrative and Support",
    "Arts, Entertainment, and Recreation",
    "Construction",
    "Educational Services",
    "Finance and Insurance",
    "Health Care and Social Assistance",
    "Information",
    "Management of Companies and Enterprises",
    "Manufacturing",
    "Mining",
    "Professional, Scientific, and Technical Services",
    "Public Administration",
    "Real Estate and Rental and Leasing",
    "Retail Trade",
    "Transportation and Warehousing",
    "Utilities",
    "Waste Management and Remediation Services",
    "Wholesale Trade",
    "Other Services (except Public Administration)",
)

# AddressType > State (xs:string enumeration of names): USPS code -> schema value.
# Includes the territories, the freely associated states (FM, MH, PW) and the Armed Forces
# "states" (AA, AE, AP) the schema accepts; UM (Minor Outlying Islands) has no USPS code, so its
# ISO 3166-2:US code is used.
US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AS": "American Samoa",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "AE": "Armed Forces Europe",
    "AP": "Armed Forces Pacific",
    "AA": "Armed Forces the Americas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FM": "Federated States of Micronesia",
    "FL": "Florida",
    "GA": "Georgia",
    "GU": "Guam",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MH": "Marshall Islands",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "MP": "Northern Mariana Islands",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "PR": "Puerto Rico",
    "PW": "Republic of Palau",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "VI": "U.S. Virgin Islands",
    "UM": "United States Minor Outlying Islands",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}
US_STATE_CODES: frozenset[str] = frozenset(US_STATES)

# CountryList > Code (xs:string enumeration of names, Salesforce order: US, CA, MX first):
# ISO 3166-1 alpha-2 -> schema value. ExportCountryList > Code has the same values plus "Other".
COUNTRIES: dict[str, str] = {
    "US": "United States",
    "CA": "Canada",
    "MX": "Mexico",
    "AF": "Afghanistan",
    "AX": "Aland Islands",
    "AL": "Albania",
    "DZ": "Algeria",
    "AD": "Andorra",
    "AO": "Angola",
    "AI": "Anguilla",
    "AQ": "Antarctica",
    "AG": "Antigua and Barbuda",
    "AR": "Argentina",
    "AM": "Armenia",
    "AW": "Aruba",
    "AU": "Australia",
    "AT": "Austria",
    "AZ": "Azerbaijan",
    "BS": "Bahamas",
    "BH": "Bahrain",
    "BD": "Bangladesh",
    "BB": "Barbados",
    "BY": "Belarus",
    "BE": "Belgium",
    "BZ": "Belize",
    "BJ": "Benin",
    "BM": "Bermuda",
    "BT": "Bhutan",
    "BO": "Bolivia, Plurinational State of",
    "BQ": "Bonaire, Sint Eustatius, and Saba",
    "BA": "Bosnia and Herzegovina",
    "BW": "Botswana",
    "BV": "Bouvet Island",
    "BR": "Brazil",
    "IO": "British Indian Ocean Territory",
    "BN": "Brunei Darussalam",
    "BG": "Bulgaria",
    "BF": "Burkina Faso",
    "BI": "Burundi",
    "KH": "Cambodia",
    "CM": "Cameroon",
    "CV": "Cape Verde",
    "KY": "Cayman Islands",
    "CF": "Central African Republic",
    "TD": "Chad",
    "CL": "Chile",
    "CN": "China",
    "CX": "Christmas Island",
    "CC": "Cocos (Keeling) Islands",
    "CO": "Colombia",
    "KM": "Comoros",
    "CG": "Congo",
    "CD": "Congo, the Democratic Republic of the",
    "CK": "Cook Islands",
    "CR": "Costa Rica",
    "CI": "Cote d’Ivoire",
    "HR": "Croatia",
    "CU": "Cuba",
    "CW": "Curaçao",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "DJ": "Djibouti",
    "DM": "Dominica",
    "DO": "Dominican Republic",
    "EC": "Ecuador",
    "EG": "Egypt",
    "SV": "El Salvador",
    "GQ": "Equatorial Guinea",
    "ER": "Eritrea",
    "EE": "Estonia",
    "SZ": "Eswatini",
    "ET": "Ethiopia",
    "FK": "Falkland Islands (Malvinas)",
    "FO": "Faroe Islands",
    "FJ": "Fiji",
    "FI": "Finland",
    "FR": "France",
    "GF": "French Guiana",
    "PF": "French Polynesia",
    "TF": "French Southern Territories",
    "GA": "Gabon",
    "GM": "Gambia",
    "GE": "Georgia",
    "DE": "Germany",
    "GH": "Ghana",
    "GI": "Gibraltar",
    "GR": "Greece",
    "GL": "Greenland",
    "GD": "Grenada",
    "GP": "Guadeloupe",
    "GT": "Guatemala",
    "GG": "Guernsey",
    "GN": "Guinea",
    "GW": "Guinea-Bissau",
    "GY": "Guyana",
    "HT": "Haiti",
    "HM": "Heard Island and McDonald Islands",
    "VA": "Holy See (Vatican City State)",
    "HN": "Honduras",
    "HU": "Hungary",
    "IS": "Iceland",
    "IN": "India",
    "ID": "Indonesia",
    "IR": "Iran, Islamic Republic of",
    "IQ": "Iraq",
    "IE": "Ireland",
    "IM": "Isle of Man",
    "IL": "Israel",
    "IT": "Italy",
    "JM": "Jamaica",
    "JP": "Japan",
    "JE": "Jersey",
    "JO": "Jordan",
    "KZ": "Kazakhstan",
    "KE": "Kenya",
    "KI": "Kiribati",
    "KP": "Korea, Democratic People’s Republic of",
    "KR": "Korea, Republic of",
    "XK": "Kosovo",
    "KW": "Kuwait",
    "KG": "Kyrgyzstan",
    "LA": "Lao People’s Democratic Republic",
    "LV": "Latvia",
    "LB": "Lebanon",
    "LS": "Lesotho",
    "LR": "Liberia",
    "LY": "Libya",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MO": "Macao",
    "MG": "Madagascar",
    "MW": "Malawi",
    "MY": "Malaysia",
    "MV": "Maldives",
    "ML": "Mali",
    "MT": "Malta",
    "MQ": "Martinique",
    "MR": "Mauritania",
    "MU": "Mauritius",
    "YT": "Mayotte",
    "MD": "Moldova, Republic of",
    "MC": "Monaco",
    "MN": "Mongolia",
    "ME": "Montenegro",
    "MS": "Montserrat",
    "MA": "Morocco",
    "MZ": "Mozambique",
    "MM": "Myanmar",
    "NA": "Namibia",
    "NR": "Nauru",
    "NP": "Nepal",
    "NL": "Netherlands",
    "NC": "New Caledonia",
    "NZ": "New Zealand",
    "NI": "Nicaragua",
    "NE": "Niger",
    "NG": "Nigeria",
    "NU": "Niue",
    "NF": "Norfolk Island",
    "MK": "North Macedonia",
    "NO": "Norway",
    "OM": "Oman",
    "PK": "Pakistan",
    "PS": "Palestine",
    "PA": "Panama",
    "PG": "Papua New Guinea",
    "PY": "Paraguay",
    "PE": "Peru",
    "PH": "Philippines",
    "PN": "Pitcairn",
    "PL": "Poland",
    "PT": "Portugal",
    "QA": "Qatar",
    "RE": "Reunion",
    "RO": "Romania",
    "RU": "Russian Federation",
    "RW": "Rwanda",
    "BL": "Saint Barthélemy",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin (French part)",
    "PM": "Saint Pierre and Miquelon",
    "VC": "Saint Vincent and the Grenadines",
    "WS": "Samoa",
    "SM": "San Marino",
    "ST": "Sao Tome and Principe",
    "SA": "Saudi Arabia",
    "SN": "Senegal",
    "RS": "Serbia",
    "SC": "Seychelles",
    "SL": "Sierra Leone",
    "SG": "Singapore",
    "SX": "Sint Maarten (Dutch part)",
    "SK": "Slovakia",
    "SI": "Slovenia",
    "SB": "Solomon Islands",
    "SO": "Somalia",
    "ZA": "South Africa",
    "GS": "South Georgia and the South Sandwich Islands",
    "SS": "South Sudan",
    "ES": "Spain",
    "LK": "Sri Lanka",
    "SD": "Sudan",
    "SR": "Suriname",
    "SJ": "Svalbard and Jan Mayen",
    "SE": "Sweden",
    "CH": "Switzerland",
    "SY": "Syrian Arab Republic",
    "TW": "Taiwan",
    "TJ": "Tajikistan",
    "TZ": "Tanzania, United Republic of",
    "TH": "Thailand",
    "TL": "Timor-Leste",
    "TG": "Togo",
    "TK": "Tokelau",
    "TO": "Tonga",
    "TT": "Trinidad and Tobago",
    "TN": "Tunisia",
    "TR": "Türkiye",
    "TM": "Turkmenistan",
    "TC": "Turks and Caicos Islands",
    "TV": "Tuvalu",
    "UG": "Uganda",
    "UA": "Ukraine",
    "AE": "United Arab Emirates",
    "GB": "United Kingdom",
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VU": "Vanuatu",
    "VE": "Venezuela, Bolivarian Republic of",
    "VN": "Vietnam",
    "VG": "Virgin Islands, British",
    "WF": "Wallis and Futuna",
    "EH": "Western Sahara",
    "YE": "Yemen",
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}
# CounselingInformationType > ClientIntake > Race > Code (maxOccurs unbounded: a set of values).
# "Prefer to Self-Describe" goes with the free-text SelfDescribedRace element.
RACES: dict[str, str] = _same(
    "Asian",
    "Black or African American",
    "Middle Eastern",
    "Native American/Alaska Native",
    "Native Hawaiian/Other Pacific Islander",
    "North African",
    "White",
    PREFER_NOT_TO_SAY,
    "Prefer to Self-Describe",
)

# CounselingInformationType > ClientIntake > Ethnicity.
ETHNICITIES: dict[str, str] = _same("Hispanic or Latino", "Non Hispanic or Latino", PREFER_NOT_TO_SAY)

# CounselingInformationType > ClientIntake > Sex: the schema has "Male", "Female" and the empty
# string; the empty value is not offered, "Prefer not to say" is added (not a schema value).
SEXES: dict[str, str] = _same("Male", "Female", PREFER_NOT_TO_SAY)

# CounselingInformationType > ClientIntake > Disability.
DISABILITIES: dict[str, str] = _same("Yes", "No", PREFER_NOT_TO_SAY)

# CounselingInformationType > ClientIntake > MilitaryStatus.
MILITARY_STATUSES: dict[str, str] = _same(
    "Active Duty",
    "Member of National Guard",
    "Member of the Reserve",
    "No military service",
    "Service Disabled Veteran",
    "Spouse of Military Member",
    "Veteran",
    PREFER_NOT_TO_SAY,
)

# CounselingInformationType > ClientIntake > BranchOfService.
BRANCHES_OF_SERVICE: dict[str, str] = _same(
    "Air Force",
    "Army",
    "Coast Guard",
    "Marine Corps",
    "Navy",
    "Space Force",
    PREFER_NOT_TO_SAY,
)

# CounselingInformationType > ClientIntake > Media > Code ("Referred By"; "Other" goes with the
# free-text Media/Other element). The schema dropped "Unknown/Not Stated" (change 129), so
# "Prefer not to say" is added here (not a schema value).
MEDIA: dict[str, str] = {
    "Boots to Business": "Boots to Business",
    "Business Owner": "Business Owner",
    "Chamber of Commerce": "Chamber of Commerce",
    "Educational Institution": "Educational Institution",
    "Internet": "Internet",
    "Lender": "Lender",
    "Local Economic Development Official": "Local Economic Development Official",
    "Magazine/Newspaper": "Magazine/Newspaper",
    "SBA District": "SBA District",
    "SBA Web site": "SBA Web site",
    "SBDC": "Small Business Development Center (SBDC)",
    "SCORE": "SCORE",
    "Television/Radio": "Television/Radio",
    "USEAC": "U.S. Export Assistance Center (USEAC)",
    "VBOC": "Veterans Business Outreach Center (VBOC)",
    "VRE": "Veteran Readiness and Employment (VR&E)",
    "WBC": "Women's Business Center (WBC)",
    "Word of Mouth": "Word of Mouth",
    "Other Client": "Other Client",
    "Other": "Other",
    PREFER_NOT_TO_SAY: PREFER_NOT_TO_SAY,
}

# Picklist name -> {code: label}, in display order; merged into picklists.PICKLISTS.
NEXUS_PICKLISTS: dict[str, dict[str, str]] = {
    "business_type": BUSINESS_TYPES,
    "state": US_STATES,
    "country": COUNTRIES,
    "race": RACES,
    "ethnicity": ETHNICITIES,
    "sex": SEXES,
    "disability": DISABILITIES,
    "military_status": MILITARY_STATUSES,
    "branch_of_service": BRANCHES_OF_SERVICE,
    "media": MEDIA,
}

# Picklists whose "Prefer not to say" is ours, not the schema's.
ADDED_PREFER_NOT_TO_SAY: frozenset[str] = frozenset({"sex", "media"})

# Picklists whose upload value is the label (the code is a USPS / ISO code).
_UPLOAD_BY_LABEL: frozenset[str] = frozenset({"state", "country"})


def schema_value(picklist: str, code: str) -> str | None:
    """The XSD enumeration value to upload for ``code``; ``None`` means leave the element out.

    Raises ``KeyError`` for an unknown picklist or code.
    """
    values = NEXUS_PICKLISTS[picklist]
    if code not in values:
        raise KeyError(f"{code!r} is not a code of picklist {picklist!r}")
    if picklist in ADDED_PREFER_NOT_TO_SAY and code == PREFER_NOT_TO_SAY:
        return None
    return values[code] if picklist in _UPLOAD_BY_LABEL else code
