"""Small built-in word lists the demo draws from: people, places, trades.

Kept as plain tuples (no Faker) so the generator has no extra dependency and its output never
changes under a library upgrade: a given seed must give the same sample data on every install.
Accented names and places are here on purpose, so search folding and sorting get exercised.
"""

from __future__ import annotations

from dataclasses import dataclass

# (first name, sex as the intake picklist spells it)
FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("James", "Male"), ("Mary", "Female"), ("Robert", "Male"), ("Patricia", "Female"),
    ("John", "Male"), ("Jennifer", "Female"), ("Michael", "Male"), ("Linda", "Female"),
    ("David", "Male"), ("Elizabeth", "Female"), ("William", "Male"), ("Barbara", "Female"),
    ("Richard", "Male"), ("Susan", "Female"), ("Joseph", "Male"), ("Jessica", "Female"),
    ("Thomas", "Male"), ("Sarah", "Female"), ("Charles", "Male"), ("Karen", "Female"),
    ("Christopher", "Male"), ("Lisa", "Female"), ("Daniel", "Male"), ("Nancy", "Female"),
    ("Matthew", "Male"), ("Betty", "Female"), ("Anthony", "Male"), ("Sandra", "Female"),
    ("Mark", "Male"), ("Ashley", "Female"), ("Steven", "Male"), ("Kimberly", "Female"),
    ("Andrew", "Male"), ("Emily", "Female"), ("Kevin", "Male"), ("Michelle", "Female"),
    ("Brian", "Male"), ("Amanda", "Female"), ("George", "Male"), ("Melissa", "Female"),
    ("Tyrone", "Male"), ("Keisha", "Female"), ("DeShawn", "Male"), ("Latoya", "Female"),
    ("Wei", "Male"), ("Mei", "Female"), ("Hiroshi", "Male"), ("Yuki", "Female"),
    ("Raj", "Male"), ("Priya", "Female"), ("Minh", "Male"), ("Linh", "Female"),
    ("Ahmed", "Male"), ("Fatima", "Female"), ("Chinedu", "Male"), ("Ngozi", "Female"),
    ("Kai", "Male"), ("Leilani", "Female"), ("Tuan", "Male"), ("Hana", "Female"),
    ("Renée", "Female"), ("André", "Male"), ("Zoë", "Female"), ("Chloé", "Female"),
    ("Björn", "Male"), ("Søren", "Male"),
)

HISPANIC_FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("José", "Male"), ("María", "Female"), ("Juan", "Male"), ("Sofía", "Female"),
    ("Luis", "Male"), ("Lucía", "Female"), ("Andrés", "Male"), ("Inés", "Female"),
    ("Raúl", "Male"), ("Ana", "Female"), ("Ramón", "Male"), ("Valentina", "Female"),
    ("Joaquín", "Male"), ("Camila", "Female"), ("Jesús", "Male"), ("Guadalupe", "Female"),
    ("Carlos", "Male"), ("Ximena", "Female"), ("Miguel", "Male"), ("Rocío", "Female"),
)

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill",
    "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard",
    "O'Brien", "McAllister", "Kowalski", "Nowak", "Schmidt", "Müller", "Lindqvist", "Novák",
    "Nguyen", "Tran", "Pham", "Kim", "Park", "Chen", "Wang", "Liu", "Tanaka", "Sato", "Patel",
    "Shah", "Singh", "Okafor", "Adeyemi", "Mensah", "Haddad", "Khalil", "Begay", "Yazzie",
    "Tsosie", "Kealoha", "Kahale", "Dubois", "Lefèvre", "Björk",
)

HISPANIC_LAST_NAMES: tuple[str, ...] = (
    "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales",
    "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Álvarez", "Castillo", "Jiménez",
    "Vásquez", "Peña", "Muñoz", "Núñez", "Ibáñez", "Báez", "Montaño", "Quiñones", "Avendaño",
)


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state: str  # USPS code
    zip: str  # a ZIP in the city; the generator varies the last digits
    county: str
    fips: str  # county FIPS code
    area_code: str
    rural_urban: str


def _p(city: str, state: str, zip_: str, county: str, fips: str, area: str, ru: str = "Urban") -> Place:
    return Place(city, state, zip_, county, fips, area, ru)


PLACES: tuple[Place, ...] = (
    _p("Austin", "TX", "78701", "Travis", "48453", "512"),
    _p("San Antonio", "TX", "78205", "Bexar", "48029", "210"),
    _p("El Paso", "TX", "79901", "El Paso", "48141", "915"),
    _p("Laredo", "TX", "78040", "Webb", "48479", "956"),
    _p("Fredericksburg", "TX", "78624", "Gillespie", "48171", "830", "Rural"),
    _p("Albuquerque", "NM", "87102", "Bernalillo", "35001", "505"),
    _p("Santa Fe", "NM", "87501", "Santa Fe", "35049", "505"),
    _p("Española", "NM", "87532", "Rio Arriba", "35039", "505", "Rural"),
    _p("Las Cruces", "NM", "88001", "Doña Ana", "35013", "575"),
    _p("Denver", "CO", "80202", "Denver", "08031", "303"),
    _p("Cañon City", "CO", "81212", "Fremont", "08043", "719", "Rural"),
    _p("Durango", "CO", "81301", "La Plata", "08067", "970", "Rural"),
    _p("Phoenix", "AZ", "85004", "Maricopa", "04013", "602"),
    _p("Tucson", "AZ", "85701", "Pima", "04019", "520"),
    _p("Flagstaff", "AZ", "86001", "Coconino", "04005", "928"),
    _p("Boise", "ID", "83702", "Ada", "16001", "208"),
    _p("Salt Lake City", "UT", "84101", "Salt Lake", "49035", "801"),
    _p("Portland", "OR", "97204", "Multnomah", "41051", "503"),
    _p("Bend", "OR", "97701", "Deschutes", "41017", "541"),
    _p("Seattle", "WA", "98101", "King", "53033", "206"),
    _p("Spokane", "WA", "99201", "Spokane", "53063", "509"),
    _p("Sacramento", "CA", "95814", "Sacramento", "06067", "916"),
    _p("Fresno", "CA", "93721", "Fresno", "06019", "559"),
    _p("San Jose", "CA", "95113", "Santa Clara", "06085", "408"),
    _p("Los Angeles", "CA", "90012", "Los Angeles", "06037", "213"),
    _p("San Diego", "CA", "92101", "San Diego", "06073", "619"),
    _p("Eureka", "CA", "95501", "Humboldt", "06023", "707", "Rural"),
    _p("Reno", "NV", "89501", "Washoe", "32031", "775"),
    _p("Las Vegas", "NV", "89101", "Clark", "32003", "702"),
    _p("Omaha", "NE", "68102", "Douglas", "31055", "402"),
    _p("Des Moines", "IA", "50309", "Polk", "19153", "515"),
    _p("Decorah", "IA", "52101", "Winneshiek", "19191", "563", "Rural"),
    _p("Minneapolis", "MN", "55401", "Hennepin", "27053", "612"),
    _p("Duluth", "MN", "55802", "St. Louis", "27137", "218"),
    _p("Madison", "WI", "53703", "Dane", "55025", "608"),
    _p("Milwaukee", "WI", "53202", "Milwaukee", "55079", "414"),
    _p("Chicago", "IL", "60601", "Cook", "17031", "312"),
    _p("Peoria", "IL", "61602", "Peoria", "17143", "309"),
    _p("Indianapolis", "IN", "46204", "Marion", "18097", "317"),
    _p("Columbus", "OH", "43215", "Franklin", "39049", "614"),
    _p("Cleveland", "OH", "44113", "Cuyahoga", "39035", "216"),
    _p("Detroit", "MI", "48226", "Wayne", "26163", "313"),
    _p("Traverse City", "MI", "49684", "Grand Traverse", "26055", "231", "Rural"),
    _p("Louisville", "KY", "40202", "Jefferson", "21111", "502"),
    _p("Nashville", "TN", "37203", "Davidson", "47037", "615"),
    _p("Knoxville", "TN", "37902", "Knox", "47093", "865"),
    _p("Atlanta", "GA", "30303", "Fulton", "13121", "404"),
    _p("Savannah", "GA", "31401", "Chatham", "13051", "912"),
    _p("Charlotte", "NC", "28202", "Mecklenburg", "37119", "704"),
    _p("Asheville", "NC", "28801", "Buncombe", "37021", "828"),
    _p("Boone", "NC", "28607", "Watauga", "37189", "828", "Rural"),
    _p("Richmond", "VA", "23219", "Richmond city", "51760", "804"),
    _p("Norfolk", "VA", "23510", "Norfolk city", "51710", "757"),
    _p("Baltimore", "MD", "21202", "Baltimore city", "24510", "410"),
    _p("Philadelphia", "PA", "19107", "Philadelphia", "42101", "215"),
    _p("Pittsburgh", "PA", "15222", "Allegheny", "42003", "412"),
    _p("Newark", "NJ", "07102", "Essex", "34013", "973"),
    _p("Hartford", "CT", "06103", "Hartford", "09003", "860"),
    _p("Providence", "RI", "02903", "Providence", "44007", "401"),
    _p("Boston", "MA", "02108", "Suffolk", "25025", "617"),
    _p("Burlington", "VT", "05401", "Chittenden", "50007", "802"),
    _p("Portland", "ME", "04101", "Cumberland", "23005", "207"),
    _p("Bangor", "ME", "04401", "Penobscot", "23019", "207", "Rural"),
    _p("Albany", "NY", "12207", "Albany", "36001", "518"),
    _p("Buffalo", "NY", "14202", "Erie", "36029", "716"),
    _p("Brooklyn", "NY", "11201", "Kings", "36047", "718"),
    _p("Miami", "FL", "33130", "Miami-Dade", "12086", "305"),
    _p("Tampa", "FL", "33602", "Hillsborough", "12057", "813"),
    _p("Orlando", "FL", "32801", "Orange", "12095", "407"),
    _p("Tallahassee", "FL", "32301", "Leon", "12073", "850"),
    _p("New Orleans", "LA", "70112", "Orleans", "22071", "504"),
    _p("Baton Rouge", "LA", "70801", "East Baton Rouge", "22033", "225"),
    _p("Jackson", "MS", "39201", "Hinds", "28049", "601"),
    _p("Birmingham", "AL", "35203", "Jefferson", "01073", "205"),
    _p("Little Rock", "AR", "72201", "Pulaski", "05119", "501"),
    _p("Oklahoma City", "OK", "73102", "Oklahoma", "40109", "405"),
    _p("Tulsa", "OK", "74103", "Tulsa", "40143", "918"),
    _p("Wichita", "KS", "67202", "Sedgwick", "20173", "316"),
    _p("Kansas City", "MO", "64106", "Jackson", "29095", "816"),
    _p("St. Louis", "MO", "63101", "St. Louis city", "29510", "314"),
    _p("Billings", "MT", "59101", "Yellowstone", "30111", "406"),
    _p("Bozeman", "MT", "59715", "Gallatin", "30031", "406", "Rural"),
    _p("Fargo", "ND", "58102", "Cass", "38017", "701"),
    _p("Sioux Falls", "SD", "57104", "Minnehaha", "46099", "605"),
    _p("Cheyenne", "WY", "82001", "Laramie", "56021", "307"),
    _p("Anchorage", "AK", "99501", "Anchorage", "02020", "907"),
    _p("Honolulu", "HI", "96813", "Honolulu", "15003", "808"),
    _p("Hilo", "HI", "96720", "Hawaii", "15001", "808", "Rural"),
    _p("San Juan", "PR", "00901", "San Juan", "72127", "787"),
    _p("Mayagüez", "PR", "00680", "Mayagüez", "72097", "787"),
    _p("Charleston", "WV", "25301", "Kanawha", "54039", "304"),
    _p("Wilmington", "DE", "19801", "New Castle", "10003", "302"),
    _p("Washington", "DC", "20001", "District of Columbia", "11001", "202"),
    _p("Manchester", "NH", "03101", "Hillsborough", "33011", "603"),
    _p("Columbia", "SC", "29201", "Richland", "45079", "803"),
)

STREET_NAMES: tuple[str, ...] = (
    "Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park",
    "Sunset", "Ridge", "Mill", "Church", "Market", "Railroad", "Canyon", "Mesa", "Río Grande",
    "Central", "Broadway", "Jefferson", "Lincoln", "Franklin", "Highland", "River", "Commerce",
    "Industrial", "Airport", "Alameda", "Camino Real",
)
STREET_SUFFIXES: tuple[str, ...] = ("St", "Ave", "Blvd", "Rd", "Dr", "Ln", "Way", "Pkwy", "Ct")


@dataclass(frozen=True, slots=True)
class Trade:
    """A line of business: words for the company name, its SBA sector and NAICS codes."""

    words: tuple[str, ...]
    business_type: str
    naics: tuple[str, ...]
    govcon: bool = False  # a plausible government supplier
    exporter: bool = False  # a plausible exporter
    bonded: bool = False  # usually needs surety bonds (construction)


TRADES: tuple[Trade, ...] = (
    Trade(("Landscaping", "Lawn & Garden"), "Administrative and Support", ("561730",), govcon=True),
    Trade(("Bakery", "Panadería"), "Manufacturing", ("311811", "311812")),
    Trade(("Coffee Roasters", "Coffee Co."), "Manufacturing", ("311920",), exporter=True),
    Trade(("Café", "Kitchen", "Bistro"), "Accommodation and Food Services", ("722511", "722515")),
    Trade(("Catering", "Food Truck"), "Accommodation and Food Services", ("722320", "722330")),
    Trade(("Brewing", "Cidery"), "Manufacturing", ("312120",), exporter=True),
    Trade(("Precision Machining", "Machine Works"), "Manufacturing", ("332710", "333514"),
          govcon=True, exporter=True),
    Trade(("Welding & Fabrication", "Metalworks"), "Manufacturing", ("332312", "332999"), govcon=True),
    Trade(("Cabinetry", "Woodworks"), "Manufacturing", ("337110", "321999")),
    Trade(("Electric", "Electrical Contractors"), "Construction", ("238210",), govcon=True, bonded=True),
    Trade(("Plumbing", "Plumbing & Heating"), "Construction", ("238220",), govcon=True, bonded=True),
    Trade(("Roofing",), "Construction", ("238160",), govcon=True, bonded=True),
    Trade(("Construction", "Builders"), "Construction", ("236220", "236118"), govcon=True, bonded=True),
    Trade(("Trucking", "Freight"), "Transportation and Warehousing", ("484121", "484110"), govcon=True),
    Trade(("Logistics",), "Transportation and Warehousing", ("488510", "493110"), govcon=True),
    Trade(("IT Solutions", "Tech"), "Professional, Scientific, and Technical Services", ("541512", "541519"),
          govcon=True, exporter=True),
    Trade(("Software", "Labs"), "Professional, Scientific, and Technical Services", ("541511",),
          govcon=True, exporter=True),
    Trade(("Cyber", "Security Systems"), "Professional, Scientific, and Technical Services",
          ("541519", "541690"), govcon=True),
    Trade(("Engineering",), "Professional, Scientific, and Technical Services", ("541330", "541380"),
          govcon=True, exporter=True),
    Trade(("Accounting", "Bookkeeping"), "Professional, Scientific, and Technical Services", ("541211", "541219")),
    Trade(("Marketing", "Media"), "Professional, Scientific, and Technical Services", ("541613", "541810")),
    Trade(("Design Studio", "Creative"), "Professional, Scientific, and Technical Services", ("541430",)),
    Trade(("Consulting", "Advisors"), "Professional, Scientific, and Technical Services", ("541611",),
          govcon=True),
    Trade(("Dental", "Family Dentistry"), "Health Care and Social Assistance", ("621210",)),
    Trade(("Home Health", "Care Services"), "Health Care and Social Assistance", ("621610",)),
    Trade(("Child Care", "Learning Center"), "Health Care and Social Assistance", ("624410",)),
    Trade(("Fitness", "Yoga"), "Arts, Entertainment, and Recreation", ("713940",)),
    Trade(("Outfitters", "Adventures"), "Arts, Entertainment, and Recreation", ("713990", "487990")),
    Trade(("Boutique", "Apparel"), "Retail Trade", ("458110",)),
    Trade(("Hardware", "Supply"), "Retail Trade", ("444140",)),
    Trade(("Florist", "Flowers"), "Retail Trade", ("459310",)),
    Trade(("Auto Repair", "Automotive"), "Other Services (except Public Administration)", ("811111",)),
    Trade(("Salon", "Barbershop"), "Other Services (except Public Administration)", ("812112", "812111")),
    Trade(("Cleaning Services", "Janitorial"), "Administrative and Support", ("561720",), govcon=True),
    Trade(("Realty", "Properties"), "Real Estate and Rental and Leasing", ("531210",)),
    Trade(("Farms", "Orchards"), "Agriculture, Forestry, Fishing and Hunting", ("111219", "111339"),
          exporter=True),
    Trade(("Ranch",), "Agriculture, Forestry, Fishing and Hunting", ("112111",), exporter=True),
    Trade(("Tutoring", "Academy"), "Educational Services", ("611691", "611699")),
    Trade(("Printing", "Print Shop"), "Manufacturing", ("323111",), govcon=True),
    Trade(("Industrial Supply", "Distributors"), "Wholesale Trade", ("423840", "423830"),
          govcon=True, exporter=True),
    Trade(("Insurance Agency",), "Finance and Insurance", ("524210",)),
    Trade(("Solar", "Energy"), "Utilities", ("221114",), govcon=True),
    Trade(("Environmental Services",), "Waste Management and Remediation Services", ("562910",),
          govcon=True, bonded=True),
    Trade(("Studios", "Films"), "Information", ("512110",)),
)

NAME_ADJECTIVES: tuple[str, ...] = (
    "Blue Mesa", "Red Rock", "Silver Creek", "High Desert", "Golden", "Evergreen", "Summit",
    "Prairie", "Coastal", "Liberty", "Northstar", "Pioneer", "Keystone", "Bayou", "Granite",
    "Cedar Ridge", "Sunrise", "Heritage", "Ironwood", "Cottonwood", "Sol y Luna", "Tres Ríos",
)

# Legal form -> the suffix a company of that form usually carries.
ORGANIZATIONS: tuple[tuple[str, str, int], ...] = (
    # (organization, name suffix, weight)
    ("Sole Proprietorship", "", 30),
    ("Limited Liability Co.", "LLC", 40),
    ("Corporation", "Inc.", 6),
    ("Sub S Corporation", "Inc.", 10),
    ("C Corporation", "Corp.", 3),
    ("Partnership", "& Partners", 5),
    ("B Corporation", "PBC", 1),
    ("Non-profit Organization", "Foundation", 2),
    ("Cooperative", "Co-op", 2),
    ("Unknown", "", 1),
)

# Export markets, weighted the way small US exporters' markets are (neighbours first).
EXPORT_MARKETS: tuple[tuple[str, int], ...] = (
    ("CA", 30), ("MX", 25), ("GB", 8), ("DE", 6), ("JP", 6), ("KR", 4), ("AU", 4), ("FR", 3),
    ("NL", 3), ("CN", 3), ("IL", 2), ("BR", 2), ("CO", 2), ("CR", 2), ("DO", 2), ("CL", 1),
    ("IN", 2), ("AE", 2), ("SG", 1), ("PH", 1), ("VN", 1), ("SE", 1), ("IE", 1), ("PE", 1),
)

AGENCIES: tuple[str, ...] = (
    "U.S. Army Corps of Engineers", "Defense Logistics Agency", "Department of Veterans Affairs",
    "General Services Administration", "U.S. Air Force", "Naval Facilities Engineering Systems Command",
    "National Park Service", "U.S. Forest Service", "State Department of Transportation", "County Public Works",
)

SUCCESS_NOTES: tuple[str, ...] = (
    "Secured an SBA 7(a) loan after reworking the business plan and cash-flow projections.",
    "Opened a second location with help on lease negotiation and staffing plans.",
    "Won a first government contract after SAM registration and capability-statement coaching.",
    "Moved sales online; e-commerce now brings in a third of revenue.",
    "Hired three local employees after landing a distribution agreement.",
    "Entered the Canadian market with export-finance guidance from the center.",
    "Recovered from a flood with disaster-loan assistance and a continuity plan.",
    "Refinanced high-interest debt and returned to profitability within a year.",
)

ATTRIBUTION_STATEMENTS: tuple[str, ...] = (
    "The center's advice was key to this result.",
    "Our counselor helped us prepare the numbers the bank needed.",
    "Without the center's help we would not have applied.",
    "The workshops and one-on-one counseling made this possible.",
)

SESSION_NOTES: tuple[str, ...] = (
    "Reviewed the draft business plan; client to revise the market section.",
    "Walked through a 12-month cash-flow projection.",
    "Discussed financing options: SBA 7(a), microloans, local CDFI.",
    "Went over pricing and margin by product line.",
    "Introduced SAM registration steps and UEI requirements.",
    "Reviewed the marketing calendar and social media plan.",
    "Discussed hiring the first employee: payroll, withholding, workers' comp.",
    "Client reports steady growth; follow up next quarter.",
    "",
)
