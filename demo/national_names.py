"""Invented names for the national dataset (demo/national.py): counties and their
district partnerships, people, the long list's forty issues and what the public says.
Every place name is fiction, so no generated figure can be read as a real area's."""

import math
import random
from dataclasses import dataclass

from django.utils.text import slugify

from partnerships.models import Agency

COUNTY_ROOTS = [
    "Amber", "Bracken", "Carrow", "Dunmere", "Elmer", "Fallow", "Glen", "Harrow", "Ister",
    "Kestle", "Lindmoor", "Marren", "Norbrook", "Oakwold", "Pennick", "Quarrow", "Rushmere",
    "Selwood", "Thornbury", "Umber", "Vale", "Westmarch", "Yarrow", "Ashmoor", "Brindle",
    "Coldwater", "Dernford", "Evermoor", "Fennick", "Greywold",
]  # fmt: skip
TOWN_STARTS = [
    "Ash", "Bramble", "Cold", "Dun", "Elm", "Fern", "Gold", "Hart", "Iron", "Kings", "Lark",
    "Marsh", "Nether", "Oak", "Pen", "Quarry", "Raven", "Salt", "Thorn", "Upper", "Wex",
    "Wold", "Yew", "Brack", "Cran", "Dray", "Fair", "Green", "Holly", "Kirk", "Long", "Mill",
    "North", "Owl", "Red", "Stan", "Tarn", "West", "Whit", "Wood",
]  # fmt: skip
TOWN_ENDS = [
    "ford", "ley", "ton", "bury", "field", "ham", "wick", "stead", "mouth", "worth",
    "combe", "dale", "minster", "bridge", "well", "by", "thorpe", "gate", "hurst", "mere",
]  # fmt: skip
FIRST_NAMES = [
    "Alex", "Amira", "Ben", "Bethan", "Callum", "Chloe", "Daniel", "Deepa", "Ellie", "Femi",
    "Grace", "Hamza", "Harriet", "Imran", "Jade", "James", "Kerry", "Liam", "Lucy", "Marcus",
    "Megan", "Nadia", "Oliver", "Owen", "Priya", "Rachel", "Rhys", "Ruth", "Sam", "Sarah",
    "Tom", "Una", "Vikram", "Wendy", "Yusuf", "Zara", "Gareth", "Helen", "Joe", "Kate",
]  # fmt: skip
LAST_NAMES = [
    "Adams", "Ahmed", "Baker", "Bennett", "Clarke", "Cole", "Davies", "Edwards", "Evans",
    "Fisher", "Green", "Hall", "Hughes", "Hussain", "Jones", "Kaur", "Khan", "Lewis",
    "Morgan", "Murphy", "Nash", "Owen", "Patel", "Price", "Reed", "Roberts", "Shah", "Singh",
    "Taylor", "Thomas", "Turner", "Walker", "Ward", "White", "Wilson", "Wood", "Wright",
    "Young", "Okafor", "Brennan",
]  # fmt: skip

# (title, theme, PESTELO factors, serious violence strand)
ISSUES = [
    ("Anti-social behaviour", "Locations", ["social"], False),
    ("Reducing re-offending", "Offenders", ["legal", "organisational"], False),
    ("Domestic abuse", "Victims", ["social", "legal"], False),
    ("Alcohol misuse and related crime and disorder", "Offenders", ["social"], False),
    ("Dwelling burglary", "Locations", [], False),
    ("Vehicle crime", "Locations", ["technological"], False),
    ("Violence against women and girls", "Victims", ["political", "social"], True),
    ("Drug supply and county lines", "Offenders", ["economic", "social"], True),
    ("Serious violence", "Victims", ["legal"], True),
    ("Road safety and casualty reduction", "Locations", ["environmental"], False),
    ("Hate crime", "Victims", ["social"], False),
    ("Fraud and scams against older people", "Victims", ["technological", "economic"], False),
    ("Knife crime", "Offenders", ["social", "legal"], True),
    ("Shoplifting and retail crime", "Locations", ["economic"], False),
    ("Night-time economy violence", "Locations", ["economic", "social"], True),
    ("Child sexual exploitation", "Victims", ["social", "legal"], True),
    ("Modern slavery and human trafficking", "Victims", ["legal", "economic"], False),
    ("Rural and wildlife crime", "Locations", ["environmental"], False),
    ("Fly-tipping", "Locations", ["environmental"], False),
    ("Cybercrime and online harms", "Victims", ["technological"], False),
    ("Youth violence", "Offenders", ["social"], True),
    ("First-time entrants to the youth justice system", "Offenders", ["social"], False),
    ("Radicalisation and extremism", "Offenders", ["political"], False),
    ("Arson and deliberate fires", "Locations", ["environmental"], False),
    ("Criminal damage", "Locations", [], False),
    ("Stalking and harassment", "Victims", ["legal"], False),
    ("Sexual violence", "Victims", ["legal", "social"], True),
    ("Robbery of personal property", "Offenders", [], True),
    ("Substance misuse treatment", "Offenders", ["organisational"], False),
    ("Mental health and crisis demand", "Victims", ["organisational", "social"], False),
    ("Homelessness and street begging", "Locations", ["economic", "social"], False),
    ("Cuckooing of vulnerable adults", "Victims", ["social"], False),
    ("Bicycle theft", "Locations", [], False),
    ("Theft from the person", "Locations", [], False),
    ("Possession of weapons", "Offenders", ["legal"], True),
    ("Honour-based abuse and forced marriage", "Victims", ["social", "legal"], False),
    ("Elder abuse", "Victims", ["social"], False),
    ("Antisocial driving and vehicle nuisance", "Locations", ["environmental"], False),
    ("Business crime", "Locations", ["economic"], False),
    ("Prolific offenders", "Offenders", ["organisational"], False),
]
assert len(ISSUES) == 40 and len({t for t, *_ in ISSUES}) == 40

# Twelve scorers: each a lead for a theme, in one of the partnership's agencies.
SCORER_ROLES = [
    ("Police analyst", "police"),
    ("Anti-social behaviour lead", "district_council"),
    ("Domestic abuse lead", "district_council"),
    ("Community safety manager", "fire_and_rescue"),
    ("Public health lead", "health"),
    ("Reducing re-offending lead", "probation"),
    ("Youth justice manager", "county_council"),
    ("Neighbourhood policing inspector", "police"),
    ("Licensing lead", "district_council"),
    ("Substance misuse commissioner", "county_council"),
    ("Safeguarding adults lead", "health"),
    ("Housing options manager", "district_council"),
]

COMMENTS = [
    "Cars race along the bypass most nights.",
    "Street lights on the estate have been out for weeks.",
    "More police on foot in the town centre, please.",
    "Young people need somewhere to go in the evenings.",
    "Scam phone calls to my elderly mother every week.",
    "Fly-tipping behind the shops is getting worse.",
    "I no longer walk through the park after dark.",
    "Drug dealing near the school gates worries parents.",
    "Bikes are stolen from the station every week.",
    "The late-night takeaways attract trouble at weekends.",
]


@dataclass(frozen=True)
class Area:
    """One generated partnership: a county, or a district under `county`."""

    index: int  # 0-based position in the build order
    slug: str
    name: str
    kind: str
    county: str | None  # the county's slug
    county_name: str  # the county's place name ("Ambershire"), for its agencies
    place: str  # the district's own place name, or the county's for a county


def _towns(rng: random.Random, count: int) -> list[str]:
    names = [start + end for start in TOWN_STARTS for end in TOWN_ENDS]
    rng.shuffle(names)
    # More districts than invented names: number the repeats, still unique.
    return [
        names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
        for i in range(count)
    ]


def layout(count: int, seed: int) -> list[Area]:
    """`count` partnerships: one county for each thirteen districts (rounded up), each
    county followed by its districts, so a parent is always built before its children."""
    rng = random.Random(f"national-names:{seed}")
    counties = max(1, math.ceil(count / 14))
    districts = count - counties
    roots = list(COUNTY_ROOTS)
    rng.shuffle(roots)
    towns = _towns(rng, districts)
    areas: list[Area] = []
    town = 0
    for number in range(counties):
        root = roots[number % len(roots)]
        county_place = f"{root}shire" + (
            f" {number // len(roots) + 1}" if number >= len(roots) else ""
        )
        county_slug = slugify(f"safer {county_place}")
        areas.append(
            Area(
                index=len(areas),
                slug=county_slug,
                name=f"Safer {county_place} Partnership",
                kind="county",
                county=None,
                county_name=county_place,
                place=county_place,
            )
        )
        mine = districts // counties + (1 if number < districts % counties else 0)
        for _ in range(mine):
            place = towns[town]
            town += 1
            areas.append(
                Area(
                    index=len(areas),
                    slug=slugify(place),
                    name=f"{place} Community Safety Partnership",
                    kind="district",
                    county=county_slug,
                    county_name=county_place,
                    place=place,
                )
            )
    return areas


def agencies(area: Area, district_places: list[str]) -> list[tuple[str, str, bool]]:
    """(name, type, responsible authority) for the area's partners."""
    county = area.county_name
    own = [(f"{place} District Council", Agency.Type.DISTRICT_COUNCIL) for place in district_places]
    return [
        *[(name, kind, True) for name, kind in own[:3]],
        (f"{county} County Council", Agency.Type.COUNTY_COUNCIL, True),
        (f"{county} Police", Agency.Type.POLICE, True),
        (f"{county} Fire and Rescue Service", Agency.Type.FIRE_AND_RESCUE, True),
        (f"{county} Integrated Care Board", Agency.Type.HEALTH, True),
        (f"Probation Service, {county}", Agency.Type.PROBATION, True),
        (f"Office of the Police and Crime Commissioner for {county}", Agency.Type.PCC, False),
    ]


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
