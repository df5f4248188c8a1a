"""Synthetic stratgraph input data for benchmarks and scale tests.

:func:`write_synth` writes a folder of CSV files, one per node type's sheet (``projects.csv``,
``units.csv``, ...) plus ``relationships.csv``, that is valid input for the ingest: ids are unique
across all files, every reference resolves to a node of a type the schema allows, every relation
keeps its cardinality (a goal is part of exactly one strategy, a unit of exactly one sector or
unit without cycles, a project is led by exactly one unit or sector, ...), enumerations use the
schema's codes, dates are ISO 8601 and decimals use ``.``. Multi-valued cells join ids with ``; ``.

The data looks like a real city's (or region's, or nation's) strategy data: Finnish and English
labels built from word lists, so that character n-gram text similarity has something to match
("Ilmastoviisas liikenne Lappi 2024" / "Climate-smart transport Lapland 2024"); a few hub units
and stakeholders take part in many projects (power-law weights) while most take part in few;
projects have 0-6 partners, 0-3 goals, 1-3 themes and 0-2 funding sources. Larger scales consist
of several municipalities, each with its own strategy, sectors, units, bodies and roles.

The same ``(scale, seed)`` always gives byte-identical files; the rows are written streaming, so
even the ``nation`` scale (200,000 projects) needs little memory.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = write_synth("city", 1, Path(tmp))
...     header = (Path(tmp) / "projects.csv").read_text(encoding="utf-8").split("\\n", 1)[0]
>>> summary.counts["projects.csv"], header.split(",")[:3]
(1000, ['id', 'label_fi', 'label_sv'])
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.columns import RELATIONSHIP_COLUMNS, RELATIONSHIPS_SHEET, sheet_columns
from ontologies.errors import UsageError
from ontologies.schema import load_schema

__all__ = ["Scale", "SCALES", "SynthSummary", "write_synth"]


# --------------------------------------------------------------------------------------------
# Scales


@dataclass(frozen=True)
class Scale:
    """How many nodes of each type a synthetic data set has.

    ``municipalities`` municipalities (each with one strategy) share the municipal counts
    (sectors, units, bodies, roles, persons, goals, metrics, services, agreements) by size;
    stakeholders, networks, themes and funding sources are shared by all. Observations (about
    ten a metric) and relationship rows follow from the rest.
    """

    name: str
    municipalities: int
    regions: int
    projects: int
    sectors: int
    units: int
    stakeholders: int
    goals: int
    metrics: int
    bodies: int
    roles: int
    persons: int
    networks: int
    themes: int
    funding: int
    services: int
    agreements: int
    first_year: int = 2015  # of the metrics' baselines (0-5 years later); observations run to 2024

    @property
    def estimated_rows(self) -> int:
        """A rough total of the rows :func:`write_synth` writes (for a progress bar's total).

        >>> 1500 < SCALES["city"].estimated_rows < 5000
        True
        """
        nodes = (self.municipalities + self.projects + self.sectors + self.units + self.stakeholders
                 + self.goals + self.metrics + self.bodies + self.roles + self.persons + self.networks
                 + self.themes + self.funding + self.services + self.agreements)
        return nodes + 10 * self.metrics + 8 * self.bodies + 8 * self.networks + self.roles


SCALES: dict[str, Scale] = {
    "city": Scale("city", municipalities=1, regions=1, projects=1_000, sectors=8, units=120,
                  stakeholders=400, goals=40, metrics=60, bodies=30, roles=100, persons=150,
                  networks=40, themes=60, funding=30, services=20, agreements=30),
    "region": Scale("region", municipalities=10, regions=1, projects=20_000, sectors=80, units=1_200,
                    stakeholders=4_000, goals=400, metrics=2_000, bodies=300, roles=1_000, persons=1_500,
                    networks=300, themes=150, funding=80, services=200, agreements=300, first_year=2012),
    "nation": Scale("nation", municipalities=100, regions=18, projects=200_000, sectors=800,
                    units=12_000, stakeholders=40_000, goals=4_000, metrics=20_000, bodies=3_000,
                    roles=10_000, persons=15_000, networks=2_000, themes=300, funding=150,
                    services=2_000, agreements=3_000, first_year=2012),
}


@dataclass
class SynthSummary:
    """What :func:`write_synth` wrote: the folder, the scale and seed, and rows per file."""

    out_dir: Path
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """Data rows in all files together (headers not counted)."""
        return sum(self.counts.values())


# --------------------------------------------------------------------------------------------
# Word lists. Real place names are used only for regions; municipalities, districts and villages
# get made-up Finnish-looking names.

_REGIONS = [  # (fi, fi genitive, en)
    ("Uusimaa", "Uudenmaan", "Uusimaa"), ("Varsinais-Suomi", "Varsinais-Suomen", "Southwest Finland"),
    ("Satakunta", "Satakunnan", "Satakunta"), ("Kanta-Häme", "Kanta-Hämeen", "Tavastia Proper"),
    ("Pirkanmaa", "Pirkanmaan", "Pirkanmaa"), ("Päijät-Häme", "Päijät-Hämeen", "Päijät-Häme"),
    ("Kymenlaakso", "Kymenlaakson", "Kymenlaakso"), ("Etelä-Karjala", "Etelä-Karjalan", "South Karelia"),
    ("Etelä-Savo", "Etelä-Savon", "South Savo"), ("Pohjois-Savo", "Pohjois-Savon", "North Savo"),
    ("Pohjois-Karjala", "Pohjois-Karjalan", "North Karelia"), ("Keski-Suomi", "Keski-Suomen", "Central Finland"),
    ("Etelä-Pohjanmaa", "Etelä-Pohjanmaan", "South Ostrobothnia"), ("Pohjanmaa", "Pohjanmaan", "Ostrobothnia"),
    ("Keski-Pohjanmaa", "Keski-Pohjanmaan", "Central Ostrobothnia"),
    ("Pohjois-Pohjanmaa", "Pohjois-Pohjanmaan", "North Ostrobothnia"), ("Kainuu", "Kainuun", "Kainuu"),
    ("Lappi", "Lapin", "Lapland"),
]
_PLACE_HEADS = ["Kuusi", "Koivu", "Mänty", "Haapa", "Pihlaja", "Leppä", "Tammi", "Vaahtera", "Kataja",
                "Paju", "Honka", "Kivi", "Kallio", "Hiekka", "Savi", "Lumi", "Jää", "Kulta", "Hopea",
                "Rauta", "Karhu", "Susi", "Kettu", "Joutsen", "Kurki", "Lohi", "Hauki", "Ahven", "Kala",
                "Marja", "Puolukka", "Mustikka", "Raja", "Salmi", "Lehto", "Päivä"]
_PLACE_TAILS = [("lahti", "lahden"), ("järvi", "järven"), ("joki", "joen"), ("koski", "kosken"),
                ("mäki", "mäen"), ("vaara", "vaaran"), ("niemi", "niemen"), ("salo", "salon"),
                ("saari", "saaren"), ("kylä", "kylän"), ("lampi", "lammen"), ("ranta", "rannan")]

# Theme groups: (fi label, en label, fi noun, en noun, SDG goal).
_THEME_GROUPS = [
    ("Ilmasto ja ympäristö", "Climate and environment", "ympäristö", "environment", 13),
    ("Liikenne ja liikkuminen", "Transport and mobility", "liikkuminen", "mobility", 11),
    ("Energia", "Energy", "energia", "energy", 7),
    ("Hyvinvointi ja terveys", "Wellbeing and health", "hyvinvointi", "wellbeing", 3),
    ("Osaaminen ja sivistys", "Education and skills", "osaaminen", "skills", 4),
    ("Elinvoima ja työ", "Economy and jobs", "elinvoima", "vitality", 8),
    ("Kaupunkirakenne ja asuminen", "Urban structure and housing", "asuminen", "housing", 11),
    ("Digitalisaatio ja data", "Digitalisation and data", "digitalisaatio", "digitalisation", 9),
    ("Osallisuus ja yhdenvertaisuus", "Participation and equality", "osallisuus", "participation", 10),
    ("Kulttuuri ja vapaa-aika", "Culture and leisure", "kulttuuri", "culture", 11),
    ("Turvallisuus", "Safety and security", "turvallisuus", "safety", 16),
]
_THEME_NOUNS = [  # (fi, en, group)
    ("ilmasto", "climate", 0), ("kiertotalous", "circular economy", 0), ("luonto", "nature", 0),
    ("monimuotoisuus", "biodiversity", 0), ("sopeutuminen", "climate adaptation", 0),
    ("hulevesi", "stormwater", 0), ("jätehuolto", "waste management", 0), ("vesihuolto", "water supply", 0),
    ("ilmanlaatu", "air quality", 0), ("liikenne", "transport", 1), ("joukkoliikenne", "public transport", 1),
    ("pyöräily", "cycling", 1), ("kävely", "walking", 1), ("sähköliikenne", "electric mobility", 1),
    ("logistiikka", "logistics", 1), ("tieverkko", "road network", 1), ("lentoliikenne", "air transport", 1),
    ("aurinkoenergia", "solar energy", 2), ("tuulivoima", "wind power", 2), ("kaukolämpö", "district heating", 2),
    ("vety", "hydrogen", 2), ("energiatehokkuus", "energy efficiency", 2),
    ("akkuteollisuus", "battery industry", 2), ("terveys", "health", 3), ("liikunta", "physical activity", 3),
    ("mielenterveys", "mental health", 3), ("päihdetyö", "substance abuse work", 3), ("ikääntyminen", "ageing", 3),
    ("perhetyö", "family work", 3), ("ruoka", "food", 3), ("koulutus", "education", 4),
    ("varhaiskasvatus", "early childhood education", 4), ("lukutaito", "literacy", 4), ("tutkimus", "research", 4),
    ("nuoriso", "youth", 4), ("kirjastotoiminta", "library services", 4), ("työllisyys", "employment", 5),
    ("yrittäjyys", "entrepreneurship", 5), ("matkailu", "tourism", 5), ("innovaatiotoiminta", "innovation", 5),
    ("biotalous", "bioeconomy", 5), ("metsätalous", "forestry", 5), ("kaivostoiminta", "mining", 5),
    ("elinkeinoelämä", "business life", 5), ("kansainvälisyys", "internationalisation", 5),
    ("tapahtumatalous", "events economy", 5), ("arktisuus", "arctic expertise", 5),
    ("kaavoitus", "land-use planning", 6), ("rakentaminen", "construction", 6),
    ("keskustakehitys", "city centre development", 6), ("kyläkehitys", "village development", 6),
    ("puurakentaminen", "wood construction", 6), ("valaistus", "lighting", 6), ("saaristo", "archipelago", 6),
    ("tekoäly", "artificial intelligence", 7), ("data", "data", 7), ("kyberturvallisuus", "cybersecurity", 7),
    ("tietojohtaminen", "knowledge management", 7), ("verkkoasiointi", "e-services", 7),
    ("demokratia", "democracy", 8), ("yhdenvertaisuus", "equality", 8), ("saavutettavuus", "accessibility", 8),
    ("kotoutuminen", "integration", 8), ("vapaaehtoistyö", "volunteering", 8), ("viestintä", "communication", 8),
    ("taide", "art", 9), ("musiikki", "music", 9), ("urheilu", "sport", 9),
    ("kulttuuriperintö", "cultural heritage", 9),
    ("valmius", "preparedness", 10), ("pelastustoimi", "rescue services", 10),
    ("rikoksentorjunta", "crime prevention", 10), ("huoltovarmuus", "security of supply", 10),
]
_MODIFIERS = [
    ("Ilmastoviisas", "Climate-smart"), ("Kestävä", "Sustainable"), ("Älykäs", "Smart"), ("Vihreä", "Green"),
    ("Digitaalinen", "Digital"), ("Osallistava", "Inclusive"), ("Resilientti", "Resilient"),
    ("Hiilineutraali", "Carbon-neutral"), ("Turvallinen", "Safe"), ("Saavutettava", "Accessible"),
    ("Yhteisöllinen", "Community-based"), ("Uudistuva", "Renewing"), ("Elinvoimainen", "Thriving"),
    ("Terve", "Healthy"), ("Innovatiivinen", "Innovative"), ("Avoin", "Open"), ("Vastuullinen", "Responsible"),
    ("Arktinen", "Arctic"), ("Pohjoinen", "Northern"), ("Monipaikkainen", "Multi-local"),
    ("Tulevaisuuden", "Future"), ("Yhteinen", "Shared"), ("Uusi", "New"), ("Paikallinen", "Local"),
]
_PROJECT_KINDS = [("hanke", "project"), ("kokeilu", "pilot"), ("ohjelma", "programme"), ("selvitys", "study"),
                  ("verkosto", "network"), ("polku", "pathway"), ("kehittämishanke", "development project")]
_ACRONYM_LETTERS = "AEHIJKLMNOPRSTUVY"
_SECTORS = [  # (fi, en, code); the first is in every municipality (the mayor's post is in it)
    ("Kaupunginkanslia", "City Executive Office", "KAN"), ("Sivistystoimiala", "Education and Culture Sector", "SIV"),
    ("Hyvinvointitoimiala", "Wellbeing Sector", "HYV"),
    ("Kaupunkiympäristön toimiala", "Urban Environment Sector", "KYM"),
    ("Elinvoimatoimiala", "Vitality Sector", "ELI"), ("Konsernipalvelut", "Group Services", "KON"),
    ("Kasvun ja oppimisen toimiala", "Growth and Learning Sector", "KAS"),
    ("Tekninen toimiala", "Technical Services Sector", "TEK"),
    ("Kulttuuri- ja vapaa-aikatoimiala", "Culture and Leisure Sector", "KUV"),
    ("Maankäytön ja rakentamisen toimiala", "Land Use and Construction Sector", "MAA"),
    ("Ympäristötoimiala", "Environment Sector", "YMP"),
    ("Liikenne- ja katutoimiala", "Traffic and Streets Sector", "LII"),
    ("Työllisyys- ja kotoutumistoimiala", "Employment and Integration Sector", "TYO"),
]
_UNITS = [
    ("Varhaiskasvatus", "Early childhood education"), ("Perusopetus", "Basic education"),
    ("Lukiokoulutus", "Upper secondary education"), ("Kirjastopalvelut", "Library services"),
    ("Kulttuuripalvelut", "Cultural services"), ("Liikuntapalvelut", "Sports services"),
    ("Nuorisopalvelut", "Youth services"), ("Museopalvelut", "Museum services"),
    ("Ympäristönsuojelu", "Environmental protection"), ("Rakennusvalvonta", "Building control"),
    ("Kaavoitus", "Land-use planning"), ("Katu- ja viherpalvelut", "Streets and green spaces"),
    ("Tilapalvelut", "Premises services"), ("Joukkoliikenne", "Public transport"),
    ("Liikennesuunnittelu", "Traffic planning"), ("Elinkeinopalvelut", "Business services"),
    ("Työllisyyspalvelut", "Employment services"), ("Kotoutumispalvelut", "Integration services"),
    ("Matkailupalvelut", "Tourism services"), ("Viestintä", "Communications"), ("Henkilöstöpalvelut", "HR services"),
    ("Talouspalvelut", "Financial services"), ("Digipalvelut", "Digital services"), ("Tietohallinto", "ICT management"),
    ("Strategia ja kehittäminen", "Strategy and development"), ("Hankintapalvelut", "Procurement"),
    ("Lakipalvelut", "Legal services"), ("Asiakaspalvelu", "Customer service"),
    ("Kansainväliset asiat", "International affairs"), ("Ilmasto ja kestävä kehitys", "Climate and sustainability"),
    ("Maaomaisuus", "Land property"), ("Asuntopalvelut", "Housing services"), ("Ruokapalvelut", "Catering services"),
    ("Puhtauspalvelut", "Cleaning services"), ("Musiikkiopisto", "Music institute"),
    ("Kansalaisopisto", "Adult education centre"), ("Osallisuus ja demokratia", "Participation and democracy"),
    ("Tietopalvelut ja analytiikka", "Data and analytics"), ("Valmiussuunnittelu", "Preparedness planning"),
    ("Mittaus- ja paikkatietopalvelut", "Surveying and GIS"),
]
_COMMITTEES = [
    ("Sivistyslautakunta", "Education Committee"), ("Ympäristölautakunta", "Environment Committee"),
    ("Hyvinvointilautakunta", "Wellbeing Committee"), ("Kaupunkirakennelautakunta", "Urban Structure Committee"),
    ("Kulttuuri- ja liikuntalautakunta", "Culture and Sports Committee"), ("Elinvoimalautakunta", "Vitality Committee"),
    ("Tarkastuslautakunta", "Audit Committee"), ("Rakennuslautakunta", "Building Committee"),
    ("Tekninen lautakunta", "Technical Committee"), ("Keskusvaalilautakunta", "Central Election Committee"),
]
_INFLUENCE_BODIES = [("Nuorisovaltuusto", "Youth Council"), ("Vanhusneuvosto", "Council for Older People"),
                     ("Vammaisneuvosto", "Disability Council")]
_TITLES = [
    ("Hankeasiantuntija", "Project Specialist"), ("Kehittämispäällikkö", "Development Manager"),
    ("Ilmastoasiantuntija", "Climate Specialist"), ("Hankekoordinaattori", "Project Coordinator"),
    ("Erityisasiantuntija", "Senior Specialist"), ("Suunnittelija", "Planner"),
    ("Elinkeinoasiamies", "Business Development Officer"),
    ("Kestävän kehityksen koordinaattori", "Sustainability Coordinator"),
    ("Viestintäpäällikkö", "Communications Manager"), ("Tietoasiantuntija", "Data Specialist"),
]
_FIRST_NAMES = ["Aino", "Eino", "Helmi", "Väinö", "Liisa", "Matti", "Sanna", "Juha", "Kaisa", "Mikko", "Tiina",
                "Pekka", "Anni", "Jussi", "Elina", "Antti", "Laura", "Ville", "Outi", "Timo", "Minna", "Janne",
                "Hanna", "Sami", "Riikka", "Lauri", "Emmi", "Oskari", "Veera", "Aleksi"]
_LAST_NAMES = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
               "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
               "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
               "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen"]
_INDICATORS = [  # (fi, en, unit of measure, direction, theme group, baseline low, baseline high)
    ("Kasvihuonekaasupäästöt", "Greenhouse gas emissions", "kt CO2e", "decrease", 0, 100, 2000),
    ("Kierrätysaste", "Recycling rate", "%", "increase", 0, 20, 60),
    ("Suojelualueiden osuus", "Share of protected areas", "%", "increase", 0, 2, 15),
    ("Jätteen määrä asukasta kohden", "Waste per resident", "kg/as.", "decrease", 0, 300, 600),
    ("Joukkoliikenteen matkat", "Public transport trips", "milj. matkaa/v", "increase", 1, 1, 80),
    ("Pyöräilyn kulkutapaosuus", "Cycling modal share", "%", "increase", 1, 3, 20),
    ("Uusiutuvan energian osuus", "Share of renewable energy", "%", "increase", 2, 20, 70),
    ("Energiankulutus kunnan kiinteistöissä", "Energy use in municipal buildings", "GWh/v", "decrease", 2, 10, 300),
    ("Koettu terveys", "Self-rated health", "%", "increase", 3, 50, 75),
    ("Liikunnallisesti aktiiviset nuoret", "Physically active young people", "%", "increase", 3, 30, 60),
    ("Toisen asteen tutkinnon suorittaneet", "Upper secondary qualification holders", "%", "increase", 4, 75, 92),
    ("Varhaiskasvatuksen osallistumisaste", "Early childhood education participation rate", "%", "increase", 4, 70, 95),
    ("Työllisyysaste", "Employment rate", "%", "increase", 5, 60, 78),
    ("Nuorisotyöttömyys", "Youth unemployment", "%", "decrease", 5, 8, 25),
    ("Uudet yritykset", "New businesses", "kpl/v", "increase", 5, 50, 2000),
    ("Matkailijoiden yöpymiset", "Tourist overnight stays", "kpl/v", "increase", 5, 10000, 3000000),
    ("Asuntotuotanto", "Housing production", "asuntoa/v", "increase", 6, 50, 6000),
    ("Kaavavaranto", "Zoning reserve", "k-m2", "maintain", 6, 10000, 500000),
    ("Sähköisen asioinnin osuus", "Share of digital transactions", "%", "increase", 7, 20, 80),
    ("Avoimet tietoaineistot", "Open data sets", "kpl", "increase", 7, 5, 300),
    ("Äänestysaktiivisuus", "Voter turnout", "%", "increase", 8, 45, 70),
    ("Osallisuuden kokemus", "Sense of inclusion", "asteikko 1-10", "increase", 8, 5, 8),
    ("Kulttuuripalveluiden käyntikerrat", "Visits to cultural services", "kpl/v", "increase", 9, 10000, 2000000),
    ("Lasten ja nuorten harrastaminen", "Children's hobby participation", "%", "increase", 9, 60, 90),
    ("Turvallisuuden tunne", "Perceived safety", "%", "increase", 10, 70, 90),
    ("Rakennuspalot", "Building fires", "kpl/v", "decrease", 10, 10, 300),
]
_DATA_SOURCES = ["Tilastokeskus", "Sotkanet", "Kaupungin oma seuranta", "Asukaskysely", "Kouluterveyskysely",
                 "Energiayhtiön raportointi", "Liikennelaskennat", "Ympäristöhallinto"]
_FUNDING = [  # (fi, en, kind)
    ("Euroopan aluekehitysrahasto (EAKR)", "European Regional Development Fund (ERDF)", "eu"),
    ("Euroopan sosiaalirahasto plus (ESR+)", "European Social Fund Plus (ESF+)", "eu"),
    ("Oikeudenmukaisen siirtymän rahasto", "Just Transition Fund", "eu"),
    ("Interreg Aurora", "Interreg Aurora", "eu"), ("Interreg Itämeren alue", "Interreg Baltic Sea Region", "eu"),
    ("Horisontti Eurooppa", "Horizon Europe", "eu"), ("LIFE-ohjelma", "LIFE Programme", "eu"),
    ("New European Bauhaus", "New European Bauhaus", "eu"), ("Erasmus+", "Erasmus+", "eu"),
    ("Leader-rahoitus", "Leader funding", "eu"), ("Business Finland", "Business Finland", "national"),
    ("Ympäristöministeriön avustus", "Ministry of the Environment grant", "national"),
    ("Liikenne- ja viestintäministeriön avustus", "Ministry of Transport and Communications grant", "national"),
    ("Opetus- ja kulttuuriministeriön avustus", "Ministry of Education and Culture grant", "national"),
    ("Sosiaali- ja terveysministeriön avustus", "Ministry of Social Affairs and Health grant", "national"),
    ("Työ- ja elinkeinoministeriön avustus", "Ministry of Economic Affairs and Employment grant", "national"),
    ("Sitra", "Sitra", "national"), ("Suomen Akatemia", "Research Council of Finland", "national"),
    ("Maakunnan kehittämisraha", "Regional development grant", "regional"),
    ("Alueellisten innovaatioiden ja kokeilujen rahoitus (AIKO)", "Regional innovations and pilots (AIKO)", "regional"),
    ("ELY-keskuksen kehittämisavustus", "ELY Centre development grant", "regional"),
    ("Kaupungin kehittämisrahasto", "City development fund", "municipal"),
    ("Kaupungin talousarvio", "City budget", "municipal"),
    ("Osallistuva budjetointi", "Participatory budgeting", "municipal"),
    ("Suomen Kulttuurirahasto", "Finnish Cultural Foundation", "private"),
    ("Yritysyhteistyö", "Corporate partnership", "private"), ("Yksityinen säätiö", "Private foundation", "private"),
]
_COMPANY_NAMES = ["Valo", "Nordic", "Arktis", "Pohjan", "Kide", "Revontuli", "Kaamos", "Tunturi", "Virta", "Aalto",
                  "Helmi", "Saga", "Polar", "Boreal", "Lumo", "Tuike", "Vire", "Sisu", "Kipinä", "Metso", "Kotka",
                  "Ilves", "Taiga", "Aurora"]
_INDUSTRIES = [("Energia", "Energy"), ("Rakennus", "Construction"), ("Logistiikka", "Logistics"),
               ("Ohjelmistot", "Software"), ("Metsä", "Forest"), ("Matkailu", "Travel"), ("Vesi", "Water"),
               ("Kiinteistöt", "Properties"), ("Konepaja", "Engineering"), ("Data", "Data"), ("Design", "Design"),
               ("Ruoka", "Foods"), ("Kuljetus", "Transport"), ("Consulting", "Consulting"),
               ("Teknologia", "Technology"), ("Media", "Media"), ("Bio", "Bio"), ("Mineraalit", "Minerals")]
_ASSOCIATION_TOPICS = [("luonnonsuojelu", "Nature Conservation"), ("kulttuuri", "Culture"), ("urheilu", "Sports"),
                       ("nuoriso", "Youth"), ("eläkeläis", "Pensioners'"), ("asukas", "Residents'"),
                       ("kotiseutu", "Local Heritage"), ("pyöräily", "Cycling"), ("vammais", "Disability"),
                       ("perhe", "Family"), ("taide", "Art"), ("partio", "Scouting")]
_SERVICES = [
    ("Yrityspalvelupolku", "Business service path"), ("Maahanmuuttajan palvelupolku", "Immigrant service path"),
    ("Rakennuslupapalvelu", "Building permit service"), ("Työnhakijan palvelupolku", "Jobseeker service path"),
    ("Varhaiskasvatukseen hakeminen", "Applying for early childhood education"),
    ("Tapahtumajärjestäjän palvelu", "Event organiser service"), ("Asukasneuvonta", "Resident advice"),
    ("Nuoren ohjaamo", "One-stop guidance for young people"),
    ("Ikäihmisen palveluneuvonta", "Advice for older people"),
    ("Harrastuspassi", "Hobby pass"), ("Tonttipalvelu", "Plot service"), ("Sijoittujan palvelu", "Investor service"),
    ("Yhdistysten avustukset", "Grants for associations"), ("Tilavaraukset", "Premises booking"),
    ("Asukasaloitteet", "Residents' initiatives"), ("Koulun aloitus", "Starting school"),
]
_AGREEMENT_KINDS = [("Yhteistyösopimus", "Cooperation agreement"), ("Kumppanuussopimus", "Partnership agreement"),
                    ("Aiesopimus", "Letter of intent"), ("Puitesopimus", "Framework agreement")]
_MEMBER_ROLES = ["puheenjohtaja", "varapuheenjohtaja"]

# Project text templates; {a}/{b} theme nouns, {pg} place genitive, {p} place.
_DESC_A = [
    ("Hanke kehittää uusia ratkaisuja teemaan {a} {pg} alueella.",
     "The project develops new solutions for {a} in {p}."),
    ("Tavoitteena on vahvistaa {pg} {a_osaaminen}.", "The aim is to strengthen {a} expertise in {p}."),
    ("Hankkeessa kokeillaan uusia {a_ratkaisut} yhdessä asukkaiden ja yritysten kanssa.",
     "The project pilots new {a} solutions together with residents and businesses."),
    ("Toimenpiteet kohdistuvat teemoihin {a} ja {b}.", "The actions address {a} and {b}."),
    ("Hanke tuottaa tietoa päätöksenteon tueksi teemassa {a}.",
     "The project produces evidence on {a} for decision-making."),
]

_P_PARTNERS = np.array([0.14, 0.2, 0.2, 0.17, 0.13, 0.09, 0.07])
_P_GOALS = np.array([0.06, 0.44, 0.32, 0.18])
_P_THEMES = np.array([0.45, 0.35, 0.2])
_P_FUNDING = np.array([0.35, 0.45, 0.2])
_P_PATTERN = np.array([0.35, 0.2, 0.15, 0.18, 0.12])
_STAKE_KINDS = ["company", "association", "public_body", "university", "research", "business_network",
                "wellbeing_county", "tourism", "village", "city_company", "other"]
_P_STAKE_KINDS = np.array([0.35, 0.2, 0.07, 0.03, 0.04, 0.05, 0.01, 0.06, 0.09, 0.06, 0.04])
_HUB_BOOST = {"university": 3.0, "research": 2.0, "public_body": 2.0, "wellbeing_county": 3.0,
              "business_network": 1.5, "city_company": 1.5}  # hubs are more often of these kinds

_REFERENCE_DAY = dt.date(2025, 6, 30).toordinal()  # "today" of the data, fixed for reproducibility
_PROJECT_FIRST_DAY = dt.date(2015, 1, 1).toordinal()
_PROJECT_LAST_DAY = dt.date(2027, 12, 31).toordinal()
_CHUNK = 8192
_SEP = "; "


# --------------------------------------------------------------------------------------------
# Small helpers


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _compound(head: str, tail: str) -> str:
    """Join a Finnish compound word; a hyphen when the same vowel meets (ilmasto-ohjelma)."""
    return f"{head}-{tail}" if head[-1] == tail[0] and tail[0] in "aeiouyäö" else head + tail


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", " ": "-", "–": "-", ",": "", "(": "", ")": "",
                           "'": "", "+": "", ".": ""})
    return "-".join(part for part in text.lower().translate(table).split("-") if part)


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _power_weights(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    """Zipf-like weights: a random permutation of ranks 1..n, weight rank**-exponent."""
    ranks = rng.permutation(n) + 1.0
    weights = ranks ** -exponent
    return weights / weights.sum()


def _split(total: int, weights: np.ndarray, low: int, high: int | None = None) -> list[int]:
    """Split ``total`` into ``len(weights)`` integers in [low, high] roughly proportional to weights."""
    n = len(weights)
    counts = np.full(n, low, dtype=np.int64)
    left = total - low * n
    cap = np.full(n, high if high is not None else total, dtype=np.int64)
    while left > 0:
        open_ = counts < cap
        if not open_.any():
            break
        share = np.where(open_, weights, 0.0)
        add = np.floor(left * share / share.sum()).astype(np.int64)
        add = np.minimum(add, cap - counts)
        if add.sum() == 0:
            for i in np.argsort(-share, kind="stable"):
                if left == 0:
                    break
                if counts[i] < cap[i]:
                    counts[i] += 1
                    left -= 1
            continue
        counts += add
        left -= int(add.sum())
    return counts.tolist()


class _Labels:
    """Keeps labels unique within a namespace by adding a place qualifier when one repeats."""

    def __init__(self, places: Sequence[str]) -> None:
        self.used: set[str] = set()
        self.places = places

    def __call__(self, fi: str, en: str, start: int) -> tuple[str, str]:
        if fi not in self.used:
            self.used.add(fi)
            return fi, en
        n = len(self.places)
        for k in range(n):
            place = self.places[(start + k) % n]
            cand = f"{fi}, {place}"
            if cand not in self.used:
                self.used.add(cand)
                return cand, f"{en}, {place}"
        k = 2
        while f"{fi} {k}" in self.used:
            k += 1
        self.used.add(f"{fi} {k}")
        return f"{fi} {k}", f"{en} {k}"


@dataclass
class _Kind:
    """The nodes of one type held in memory: ids and, per node, municipality and labels."""

    prefix: str
    ids: list[str] = field(default_factory=list)
    fi: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    muni: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)  # first index per municipality (+ end)

    def new_id(self, width: int) -> str:
        ident = f"{self.prefix}-{len(self.ids) + 1:0{width}d}"
        self.ids.append(ident)
        return ident


def _width(n: int) -> int:
    return max(3, len(str(n)))


# --------------------------------------------------------------------------------------------
# The generator


# The cells each method fills, in the order of its rows; ``_Synth.write`` puts them in the
# header's order and leaves the other columns (label_sv, description_sv, ...) empty.
_FIELDS: dict[str | None, tuple[str, ...]] = {
    "Theme": ("id", "label_fi", "label_en", "description_fi", "description_en", "broader"),
    "FundingSource": ("id", "label_fi", "label_en", "funding_kind", "description_fi", "description_en", "homepage"),
    "Sector": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "homepage"),
    "Unit": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "homepage", "part_of"),
    "GoverningBody": ("id", "label_fi", "label_en", "body_kind", "code", "description_fi", "description_en",
                      "start_date", "end_date", "reports_to", "has_member"),
    "Role": ("id", "label_fi", "label_en", "reports_to", "post_in"),
    "Person": ("id", "label_fi", "label_en"),
    "Stakeholder": ("id", "label_fi", "label_en", "stakeholder_kind", "code", "description_fi", "description_en",
                    "homepage"),
    "Network": ("id", "label_fi", "label_en", "level", "description_fi", "description_en", "homepage", "led_by",
                "has_theme", "has_member", "advances"),
    "Strategy": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "start_date", "end_date"),
    "Goal": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "sdg_target", "part_of",
             "broader", "responsible", "has_theme"),
    "Metric": ("id", "label_fi", "label_en", "description_fi", "description_en", "unit_of_measure", "baseline",
               "baseline_year", "target", "target_year", "direction", "data_source", "measures", "responsible"),
    "Observation": ("id", "label_fi", "label_en", "year", "value", "observation_of"),
    "Service": ("id", "label_fi", "label_en", "description_fi", "description_en", "responsible", "contributes_to",
                "has_theme", "involves"),
    "Agreement": ("id", "label_fi", "label_en", "description_fi", "description_en", "start_date", "end_date",
                  "status", "advances", "party"),
    "Project": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "status", "start_date",
                "end_date", "budget", "homepage", "led_by", "has_partner", "contributes_to", "has_theme", "funded_by",
                "steered_by"),
    None: ("source_id", "relation", "target_id", "start_date", "end_date", "role", "note"),
}
_BODY_START, _BODY_END, _BODY_MEMBERS = 7, 8, 10  # positions in _FIELDS["GoverningBody"]


def _pick_local(cum: np.ndarray, starts: np.ndarray, muni: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draw, for each ``muni[i]``, an index of that municipality's block by the weights whose
    cumulative sum is ``cum`` (blocks ``starts[m]:starts[m + 1]``, each non-empty); ``u`` uniform."""
    lo, hi = starts[muni], starts[muni + 1]
    before = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    span = cum[hi - 1] - before
    if u.ndim > 1:
        before, span, lo, hi = before[:, None], span[:, None], lo[:, None], hi[:, None]
    idx = np.searchsorted(cum, before + u * span, side="right")
    return np.clip(idx, lo, hi - 1)


class _Synth:
    def __init__(self, scale: Scale, seed: int, out_dir: Path, progress: Callable[[int], None] | None):
        self.s = scale
        self.rng = np.random.default_rng(seed)
        self.out = out_dir
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.written = 0
        self.relationships: list[list[str]] = []
        self.places = [h + t for h in _PLACE_HEADS for t, _ in _PLACE_TAILS]
        self.place_gen = [h + g for h in _PLACE_HEADS for _, g in _PLACE_TAILS]
        order = self.rng.permutation(len(self.places)).tolist()
        self.shuffled_places = [self.places[i] for i in order]
        n_m = scale.municipalities
        if n_m > len(self.places):
            raise UsageError(f"at most {len(self.places)} municipalities")
        self.muni = [self.places[i] for i in order[:n_m]]
        self.muni_gen = [self.place_gen[i] for i in order[:n_m]]
        regions = self.rng.permutation(len(_REGIONS))[: scale.regions].tolist()
        self.muni_region = [regions[m % len(regions)] for m in range(n_m)]
        weight = np.arange(1, n_m + 1, dtype=float) ** -0.8  # municipality sizes: a few big, many small
        self.muni_weight = weight / weight.sum()

    # ---- output -------------------------------------------------------------------------

    def _tick(self, rows: int) -> None:
        self.written += rows
        if self.progress is not None and rows:
            self.progress(self.written)

    def write(self, type_name: str | None, rows: Iterable[Sequence[object]]) -> None:
        """Write one sheet (``type_name`` None: the relationships sheet), rows in ``_FIELDS`` order."""
        fields = _FIELDS[type_name]
        if type_name is None:
            sheet, header = RELATIONSHIPS_SHEET, [c.name for c in RELATIONSHIP_COLUMNS]
        else:
            sheet, header = load_schema().node_types[type_name].sheet, [c.name for c in sheet_columns(type_name)]
        unknown = [f for f in fields if f not in header]
        if unknown:  # the schema lost a column this generator fills: a programming error
            raise AssertionError(f"{sheet}: columns {unknown} are not in the schema's header {header}")
        pos = [fields.index(h) if h in fields else -1 for h in header]
        name = f"{sheet}.csv"
        count = pending = 0
        with open(self.out / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([row[i] if i >= 0 else "" for i in pos])
                count += 1
                pending += 1
                if pending == _CHUNK:
                    self._tick(pending)
                    pending = 0
        self.counts[name] = count
        self._tick(pending)

    # ---- helpers ----------------------------------------------------------------------------

    def suffix(self, m: int) -> str:
        """Municipal labels name their municipality when there are several."""
        return f" ({self.muni[m]})" if self.s.municipalities > 1 else ""

    def labels(self) -> _Labels:
        return _Labels(self.shuffled_places)

    def any_place(self) -> int:
        return int(self.rng.integers(len(self.places)))

    def homepage(self, text: str) -> str:
        return f"https://www.example.org/{_slug(text)}"

    def pick(self, start: list[int], m: int) -> int:
        """A uniformly drawn index of municipality ``m``'s block."""
        return start[m] + int(self.rng.integers(start[m + 1] - start[m]))

    def unit_in(self, m: int) -> int:
        """A unit of municipality ``m``, drawn by the hub weights."""
        return int(_pick_local(self.unit_cum, self.unit_starts, np.array([m]), np.array([self.rng.random()]))[0])

    def stakeholder(self) -> int:
        """A stakeholder drawn by the hub weights."""
        return int(np.searchsorted(self.stake_cum, self.rng.random() * self.stake_cum[-1], side="right")
                   .clip(0, len(self.stake_cum) - 1))

    def theme_draw(self) -> int:
        return int(np.searchsorted(self.theme_cum, self.rng.random() * self.theme_cum[-1], side="right")
                   .clip(0, len(self.theme_cum) - 1))

    def responsible(self, m: int) -> str:
        """A sector, unit, body or role of municipality ``m``."""
        v = self.rng.random()
        if v < 0.35:
            return self.sector.ids[self.pick(self.sector.start, m)]
        if v < 0.65:
            return self.unit.ids[self.unit_in(m)]
        if v < 0.8:
            return self.body.ids[self.pick(self.body.start, m)]
        return self.role.ids[self.pick(self.role.start, m)]

    # ---- themes, funding ------------------------------------------------------------------

    def themes(self) -> None:
        rng, n = self.rng, self.s.themes
        n_top = min(n, len(_THEME_GROUPS))
        # (label fi, label en, noun fi, noun en, group, broader index or -1)
        themes: list[tuple[str, str, str, str, int, int]] = [
            (fi, en, nfi, nen, g, -1) for g, (fi, en, nfi, nen, _sdg) in enumerate(_THEME_GROUPS[:n_top])]
        nouns = rng.permutation(len(_THEME_NOUNS)).tolist()
        noun_theme: dict[int, int] = {}
        for k in nouns[: max(0, min(n - n_top, len(nouns)))]:
            fi, en, g = _THEME_NOUNS[k]
            noun_theme[k] = len(themes)
            themes.append((_cap(fi), _cap(en), fi, en, g, g if g < n_top else -1))
        used = {t[0] for t in themes}
        while len(themes) < n:  # larger scales: "Kestävä liikenne" under "Liikenne"
            k = nouns[int(rng.integers(len(nouns)))]
            mfi, men = _MODIFIERS[int(rng.integers(len(_MODIFIERS)))]
            fi, en, g = _THEME_NOUNS[k]
            if f"{mfi} {fi}" in used:
                continue
            used.add(f"{mfi} {fi}")
            themes.append((f"{mfi} {fi}", f"{men} {en}", fi, en, g, noun_theme.get(k, -1)))
        self.theme = themes
        self.theme_ids = [f"T-{i + 1:0{_width(n)}d}" for i in range(n)]
        self.theme_cum = np.cumsum(_power_weights(rng, n, 0.9))
        self.top_themes = [i for i, t in enumerate(themes) if t[5] < 0]
        self.themes_of_group: dict[int, list[int]] = {}
        for i, t in enumerate(themes):
            self.themes_of_group.setdefault(t[4], []).append(i)
        self.write("Theme", (
            [self.theme_ids[i], fi, en,
             f"Teemaryhmä: {fi.lower()}." if broader < 0 else "", f"Theme group: {en.lower()}." if broader < 0 else "",
             self.theme_ids[broader] if broader >= 0 else ""]
            for i, (fi, en, _nfi, _nen, _g, broader) in enumerate(themes)))

    def funding(self) -> None:
        rng, n = self.rng, self.s.funding
        rows = []
        self.fund_ids, self.fund_fi, self.fund_en = [], [], []
        for i in range(n):
            fi, en, kind = _FUNDING[i % len(_FUNDING)]
            base_en = en
            if i >= len(_FUNDING):  # larger scales: the programmes' calls
                call = i // len(_FUNDING)
                year = 2014 + 3 * call + int(rng.integers(3))
                fi, en = f"{fi} – haku {year}/{call}", f"{en} – call {year}/{call}"
            ident = f"F-{i + 1:0{_width(n)}d}"
            self.fund_ids.append(ident)
            self.fund_fi.append(fi)
            self.fund_en.append(en)
            home = self.homepage(base_en) if rng.random() < 0.6 else ""
            rows.append([ident, fi, en, kind, f"Rahoituslähde: {fi}.", f"Funding source: {en}.", home])
        self.fund_w = _power_weights(rng, n, 1.1)
        self.write("FundingSource", rows)

    # ---- organisation -----------------------------------------------------------------------

    def sectors(self) -> None:
        rng, s = self.rng, self.s
        per = _split(s.sectors, self.muni_weight ** 0.3, low=min(4, len(_SECTORS)), high=len(_SECTORS))
        k = self.sector = _Kind("SEC")
        self.sector_code: list[str] = []
        rows = []
        for m, count in enumerate(per):
            k.start.append(len(k.ids))
            chosen = [0] + (1 + rng.permutation(len(_SECTORS) - 1)).tolist()[: count - 1]
            for v in chosen:
                base_fi, base_en, code = _SECTORS[v]
                ident = k.new_id(_width(s.sectors))
                fi, en = base_fi + self.suffix(m), base_en + self.suffix(m)
                k.fi.append(fi)
                k.en.append(en)
                k.muni.append(m)
                code = f"{m + 1:03d}-{code}" if s.municipalities > 1 else code
                self.sector_code.append(code)
                home = self.homepage(f"{self.muni[m]} {base_fi}") if rng.random() < 0.7 else ""
                rows.append([ident, fi, en, code, f"{base_fi} vastaa alansa palveluista.",
                             f"The {base_en.lower()} is responsible for its services.", home])
        k.start.append(len(k.ids))
        self.write("Sector", rows)

    def units(self) -> None:
        """Units in a forest under the sectors, at most three levels deep; parents come first."""
        rng, s = self.rng, self.s
        per = _split(s.units, self.muni_weight, low=5)
        k = self.unit = _Kind("U")
        self.unit_sector: list[int] = []  # the sector at the top of the unit's chain
        self.unit_top: list[int] = []  # the top-level unit of the unit's chain
        depth: list[int] = []
        parent_unit: list[int] = []
        rows = []
        for m, count in enumerate(per):
            k.start.append(len(k.ids))
            first = len(k.ids)
            s0, n_sec = self.sector.start[m], self.sector.start[m + 1] - self.sector.start[m]
            n_top = min(count, max(n_sec, round(count * 0.4)))
            labels = self.labels()
            vocab = rng.permutation(len(_UNITS)).tolist()
            for j in range(count):
                ident = k.new_id(_width(s.units))
                i = first + j
                if j < n_top:
                    sec = s0 + (j if j < n_sec else int(rng.integers(n_sec)))
                    parent_unit.append(-1)
                    depth.append(1)
                    parent = self.sector.ids[sec]
                    self.unit_sector.append(sec)
                    self.unit_top.append(i)
                    fi, en = _UNITS[vocab[j % len(vocab)]]
                else:
                    p = first + int(rng.integers(j))
                    while depth[p] >= 3:
                        p = parent_unit[p]
                    parent_unit.append(p)
                    depth.append(depth[p] + 1)
                    parent = k.ids[p]
                    self.unit_sector.append(self.unit_sector[p])
                    self.unit_top.append(self.unit_top[p])
                    fi, en = _UNITS[int(rng.integers(len(_UNITS)))]
                    area = self.shuffled_places[self.any_place()]
                    fi, en = f"{fi}, {area}", f"{en}, {area}"
                fi, en = labels(fi, en, self.any_place())
                fi, en = fi + self.suffix(m), en + self.suffix(m)
                k.fi.append(fi)
                k.en.append(en)
                k.muni.append(m)
                sec = self.unit_sector[i]
                code = f"{self.sector_code[sec]}-{j + 1:03d}"
                home = self.homepage(f"{self.muni[m]} {fi}") if rng.random() < 0.3 else ""
                described = rng.random() < 0.5
                rows.append([ident, fi, en, code,
                             f"Yksikkö kuuluu organisaatioon {self.sector.fi[sec]}." if described else "",
                             f"The unit belongs to the {self.sector.en[sec]}." if described else "", home, parent])
        k.start.append(len(k.ids))
        # hub units: a power law within each municipality; municipalities weigh by size
        w = _power_weights(rng, len(k.ids), 0.9)
        for m in range(s.municipalities):
            block = slice(k.start[m], k.start[m + 1])
            w[block] *= self.muni_weight[m] / w[block].sum()
        self.unit_w = w / w.sum()
        self.unit_cum = np.cumsum(self.unit_w)
        self.unit_starts = np.asarray(k.start)
        self.write("Unit", rows)

    def bodies(self) -> None:
        """Council, board, committees, management team, influence bodies, steering and working groups.

        Each reports to an earlier body of its municipality, so reports_to has no cycles.
        """
        rng, s = self.rng, self.s
        per = _split(s.bodies, self.muni_weight, low=6)
        k = self.body = _Kind("B")
        self.body_kind: list[str] = []
        self.body_rows: list[list[str]] = []
        for m, count in enumerate(per):
            k.start.append(len(k.ids))
            first = len(k.ids)
            n_sec = self.sector.start[m + 1] - self.sector.start[m]
            plan = [("council", "Kaupunginvaltuusto", "City Council"), ("board", "Kaupunginhallitus", "City Board")]
            plan += [("committee", fi, en) for fi, en in _COMMITTEES[: min(len(_COMMITTEES), max(2, n_sec), count - 4)]]
            plan.append(("management_team", "Kaupungin johtoryhmä", "City Management Team"))
            plan += [("influence_body", fi, en) for fi, en in _INFLUENCE_BODIES]
            while len(plan) < count:
                nfi, nen, _g = _THEME_NOUNS[int(rng.integers(len(_THEME_NOUNS)))]
                if rng.random() < 0.55:
                    plan.append(("steering_group", _cap(_compound(nfi, "ohjausryhmä")), f"{_cap(nen)} steering group"))
                else:
                    plan.append(("working_group", _cap(_compound(nfi, "työryhmä")), f"{_cap(nen)} working group"))
            labels = self.labels()
            for j, (kind, fi, en) in enumerate(plan[:count]):
                ident = k.new_id(_width(s.bodies))
                fi, en = labels(fi, en, self.any_place())
                fi, en = fi + self.suffix(m), en + self.suffix(m)
                k.fi.append(fi)
                k.en.append(en)
                k.muni.append(m)
                self.body_kind.append(kind)
                if kind == "council":
                    rep = -1
                elif kind == "board":
                    rep = first
                elif kind in ("committee", "management_team", "influence_body"):
                    rep = first + 1
                else:
                    rep = first + 2 + int(rng.integers(j - 2))
                if kind in ("council", "board", "committee"):
                    start, end = dt.date(2021, 8, 1).toordinal(), None
                elif kind in ("steering_group", "working_group"):
                    start = dt.date(2019, 1, 1).toordinal() + int(rng.integers(6 * 365))
                    end = start + 365 * int(rng.integers(1, 5)) if rng.random() < 0.5 else None
                else:
                    start, end = dt.date(2017, 1, 1).toordinal() + int(rng.integers(4 * 365)), None
                kind_fi = load_schema().enumerations["BodyKind"].values[kind]["fi"]
                kind_en = load_schema().enumerations["BodyKind"].values[kind]["en"]
                self.body_rows.append([ident, fi, en, kind, f"{m + 1:03d}-{j + 1:02d}",
                                       f"{_cap(kind_fi)}, {self.muni[m]}.", f"{_cap(kind_en)}, {self.muni[m]}.",
                                       _iso(start), _iso(end) if end else "", k.ids[rep] if rep >= 0 else "", ""])
        k.start.append(len(k.ids))

    def roles_and_persons(self) -> None:
        """Roles (post_in, reports_to a role or body earlier in the chain) and persons; dated held_by."""
        rng, s = self.rng, self.s
        per_r = _split(s.roles, self.muni_weight, low=1)
        per_p = _split(s.persons, self.muni_weight, low=1)
        r = self.role = _Kind("R")
        p = self.person = _Kind("PER")
        role_rows, person_rows = [], []
        self.role_kind: list[str] = []
        for m in range(s.municipalities):
            r.start.append(len(r.ids))
            p.start.append(len(p.ids))
            s0, s1 = self.sector.start[m], self.sector.start[m + 1]
            u0, u1 = self.unit.start[m], self.unit.start[m + 1]
            first = len(r.ids)
            # (fi, en, post_in id, kind, sector or unit index); planned in reporting order
            plan = [("Kaupunginjohtaja" + self.suffix(m), "Mayor" + self.suffix(m), self.sector.ids[s0], "mayor", -1)]
            director: dict[int, int] = {}
            for sec in range(s0, s1):
                director[sec] = len(plan)
                plan.append((f"Toimialajohtaja, {self.sector.fi[sec]}", f"Sector Director, {self.sector.en[sec]}",
                             self.sector.ids[sec], "director", sec))
            head: dict[int, int] = {}
            for u in range(u0, u1):
                if self.unit_top[u] == u:
                    head[u] = len(plan)
                    plan.append((f"Palvelujohtaja, {self.unit.fi[u]}", f"Head of Service, {self.unit.en[u]}",
                                 self.unit.ids[u], "head", u))
            plan = plan[: per_r[m]]
            seen: dict[tuple[int, int], int] = {}
            while len(plan) < per_r[m]:
                u = u0 + int(rng.integers(u1 - u0))
                t = int(rng.integers(len(_TITLES)))
                seen[t, u] = seen.get((t, u), 0) + 1
                no = f" {seen[t, u]}" if seen[t, u] > 1 else ""
                plan.append((f"{_TITLES[t][0]}{no}, {self.unit.fi[u]}", f"{_TITLES[t][1]}{no}, {self.unit.en[u]}",
                             self.unit.ids[u], "staff", u))
            for j, (fi, en, post, kind, ref) in enumerate(plan):
                ident = r.new_id(_width(s.roles))
                if kind == "mayor":
                    rep = self.body.ids[self.body.start[m] + 1]  # the board
                else:
                    boss = 0
                    if kind == "head":
                        boss = director.get(self.unit_sector[ref], 0)
                    elif kind == "staff":
                        boss = head.get(self.unit_top[ref], director.get(self.unit_sector[ref], 0))
                    rep = r.ids[first + boss] if boss < j else r.ids[first]
                r.fi.append(fi)
                r.en.append(en)
                r.muni.append(m)
                self.role_kind.append(kind)
                role_rows.append([ident, fi, en, rep, post])
            for _ in range(per_p[m]):
                ident = p.new_id(_width(s.persons))
                name = (f"{_FIRST_NAMES[int(rng.integers(len(_FIRST_NAMES)))]} "
                        f"{_LAST_NAMES[int(rng.integers(len(_LAST_NAMES)))]}")
                p.fi.append(name)
                p.en.append(name)
                p.muni.append(m)
                person_rows.append([ident, name, name])
            # held_by (dated): role j is held by person j (wrapping); some had an earlier holder
            n_p, pstart = per_p[m], p.start[m]
            for j in range(len(plan)):
                start = dt.date(2016, 1, 1).toordinal() + int(rng.integers(9 * 365))
                self.relationships.append([r.ids[first + j], "held_by", p.ids[pstart + j % n_p], _iso(start), "",
                                           "", ""])
                if n_p > 1 and rng.random() < 0.2:
                    prev = pstart + (j + 1 + int(rng.integers(n_p - 1))) % n_p
                    self.relationships.append([r.ids[first + j], "held_by", p.ids[prev],
                                               _iso(start - 365 * int(rng.integers(2, 8))), _iso(start - 1),
                                               "", "edeltäjä"])
        r.start.append(len(r.ids))
        p.start.append(len(p.ids))
        self.write("Role", role_rows)
        self.write("Person", person_rows)

    def body_members(self) -> None:
        """The bodies' has_member: roles in the cell (undated), dated rows for the rest."""
        rng = self.rng
        for i, row in enumerate(self.body_rows):
            m, kind = self.body.muni[i], self.body_kind[i]
            start = dt.date.fromisoformat(row[_BODY_START]).toordinal()
            p0, p1 = self.person.start[m], self.person.start[m + 1]
            r0, r1 = self.role.start[m], self.role.start[m + 1]
            u0, u1 = self.unit.start[m], self.unit.start[m + 1]
            # elected members are the persons who hold no role (when there are enough of them)
            pool = p0 + (r1 - r0) if p1 - p0 > (r1 - r0) + 5 else p0
            members: list[str] = []
            cell: list[str] = []
            size = {"council": 27, "board": 11, "committee": 9, "influence_body": 7}.get(kind, 0)
            if size:
                members += [self.person.ids[pool + x] for x in rng.permutation(p1 - pool)[:size].tolist()]
            if kind == "influence_body":
                members += [self.stake.ids[x] for x in sorted({self.stakeholder() for _ in range(3)})]
            elif kind == "management_team":
                cell = [self.role.ids[x] for x in range(r0, r1) if self.role_kind[x] in ("mayor", "director")]
            elif kind in ("steering_group", "working_group"):
                members += [self.unit.ids[u0 + x] for x in rng.permutation(u1 - u0)[: int(rng.integers(1, 5))].tolist()]
                n_stake, n_roles = int(rng.integers(4)), int(rng.integers(1, 4))
                members += [self.stake.ids[x] for x in sorted({self.stakeholder() for _ in range(n_stake)})]
                cell = [self.role.ids[r0 + x] for x in sorted(rng.permutation(r1 - r0)[:n_roles].tolist())]
            for j, target in enumerate(members):
                role = _MEMBER_ROLES[j] if j < len(_MEMBER_ROLES) else "jäsen"
                begin = start if j < 2 else start + int(rng.integers(0, 120))
                end = row[_BODY_END]
                if not end and j >= 2 and rng.random() < 0.1:
                    end = _iso(begin + int(rng.integers(200, 900)))
                self.relationships.append([self.body.ids[i], "has_member", target, _iso(begin), end, role, ""])
            row[_BODY_MEMBERS] = _SEP.join(cell)
        self.write("GoverningBody", self.body_rows)

    # ---- stakeholders, networks -------------------------------------------------------------

    def stakeholders(self) -> None:
        """Stakeholders of all kinds, grouped by home municipality; hubs by a power law."""
        rng, n = self.rng, self.s.stakeholders
        k = self.stake = _Kind("S")
        kinds = rng.choice(len(_STAKE_KINDS), size=n, p=_P_STAKE_KINDS).tolist()
        munis = np.sort(rng.choice(self.s.municipalities, size=n, p=self.muni_weight)).tolist()
        variant = rng.integers(4, size=n).tolist()
        enum = load_schema().enumerations["StakeholderKind"].values
        labels = self.labels()
        rows = []
        boost = np.ones(n)
        for i in range(n):
            kind, m, v = _STAKE_KINDS[kinds[i]], munis[i], variant[i]
            boost[i] = _HUB_BOOST.get(kind, 1.0)
            rfi, rgen, ren = _REGIONS[self.muni_region[m]]
            pl = self.any_place()
            pfi, pgen = self.places[pl], self.place_gen[pl]
            mfi, mgen = self.muni[m], self.muni_gen[m]
            nfi, nen, _g = _THEME_NOUNS[int(rng.integers(len(_THEME_NOUNS)))]
            if kind == "company":
                name = _COMPANY_NAMES[int(rng.integers(len(_COMPANY_NAMES)))]
                ifi, ien = _INDUSTRIES[int(rng.integers(len(_INDUSTRIES)))]
                fi, en = f"{name} {ifi} Oy", f"{name} {ien} Ltd"
            elif kind == "university":
                fi, en = [(f"{rgen} yliopisto", f"University of {ren}"),
                          (f"{mgen} ammattikorkeakoulu", f"{mfi} University of Applied Sciences"),
                          (f"{rgen} ammattikorkeakoulu", f"{ren} University of Applied Sciences"),
                          (f"{mgen} yliopisto", f"University of {mfi}")][v]
            elif kind == "research":
                fi, en = [(f"{rgen} tutkimuskeskus", f"{ren} Research Centre"),
                          (f"{mgen} tutkimuskeskus", f"{mfi} Research Centre"),
                          (_cap(_compound(nfi, "tutkimuslaitos")), f"{_cap(nen)} Research Institute"),
                          (_cap(_compound(nfi, "tutkimuslaitos")), f"{_cap(nen)} Research Institute")][v]
            elif kind == "business_network":
                fi, en = [(f"{mgen} yrittäjät ry", f"{mfi} Entrepreneurs"),
                          (f"{rgen} kauppakamari", f"{ren} Chamber of Commerce"),
                          (f"{_cap(_compound(nfi, 'klusteri'))} {rfi}", f"{ren} {nen} cluster"),
                          (f"{pgen} yrittäjät ry", f"{pfi} Entrepreneurs")][v]
            elif kind == "association":
                tfi, ten = _ASSOCIATION_TOPICS[int(rng.integers(len(_ASSOCIATION_TOPICS)))]
                where_fi, where_en = (mgen, mfi) if v < 2 else (pgen, pfi)
                fi, en = f"{where_fi} {_compound(tfi, 'yhdistys')} ry", f"{where_en} {ten} Association"
            elif kind == "public_body":
                fi, en = [(f"{rgen} ELY-keskus", f"{ren} ELY Centre"),
                          (f"{rgen} liitto", f"Regional Council of {ren}"),
                          (f"{mgen} seurakuntayhtymä", f"{mfi} Parish Union"),
                          (f"{rgen} pelastuslaitos", f"{ren} Rescue Department")][v]
            elif kind == "wellbeing_county":
                fi, en = f"{rgen} hyvinvointialue", f"{ren} Wellbeing Services County"
            elif kind == "tourism":
                fi, en = [(f"Visit {mfi}", f"Visit {mfi}"), (f"{mgen} matkailu ry", f"{mfi} Tourism Association"),
                          (f"Visit {pfi}", f"Visit {pfi}"), (f"{pgen} matkailu ry", f"{pfi} Tourism Association")][v]
            elif kind == "village":
                fi, en = f"{pgen} kyläyhdistys ry", f"{pfi} Village Association"
            elif kind == "city_company":
                fi, en = [(f"{mgen} Energia Oy", f"{mfi} Energy Ltd"),
                          (f"{mgen} Vuokra-asunnot Oy", f"{mfi} Rental Housing Ltd"),
                          (f"{mgen} Vesi Oy", f"{mfi} Water Ltd"), (f"{mgen} Kehitys Oy", f"{mfi} Development Ltd")][v]
            else:
                fi, en = [(f"{pgen} säätiö", f"{pfi} Foundation"), (f"{mgen} säätiö", f"{mfi} Foundation"),
                          (f"{_cap(_compound(nfi, 'foorumi'))} {rfi}", f"{ren} {nen} forum"),
                          (f"{pgen} osuuskunta", f"{pfi} Cooperative")][v]
            fi, en = labels(fi, en, self.any_place())
            ident = k.new_id(_width(n))
            k.fi.append(fi)
            k.en.append(en)
            k.muni.append(m)
            code = self._business_id() if rng.random() < 0.6 else ""
            home = self.homepage(fi) if rng.random() < 0.5 else ""
            rows.append([ident, fi, en, kind, code, f"{_cap(enum[kind]['fi'])}, {rfi}.",
                         f"{_cap(enum[kind]['en'])}, {ren}.", home])
        k.start = np.searchsorted(np.asarray(munis), np.arange(self.s.municipalities + 1)).tolist()
        w = _power_weights(rng, n, 0.8) * boost
        self.stake_w = w / w.sum()
        self.stake_cum = np.cumsum(self.stake_w)
        self.stake_starts = np.asarray(k.start)
        self.write("Stakeholder", rows)

    def _business_id(self) -> str:
        """A Finnish business id (Y-tunnus) with a valid check digit."""
        weights = (7, 9, 10, 5, 8, 4, 2)
        while True:
            digits = self.rng.integers(0, 10, size=7).tolist()
            rem = sum(d * w for d, w in zip(digits, weights)) % 11
            if rem != 1:
                return "".join(map(str, digits)) + "-" + str(0 if rem == 0 else 11 - rem)

    def networks(self) -> None:
        rng, n = self.rng, self.s.networks
        levels = ["international", "national", "regional", "local"]
        level_of = rng.choice(4, size=n, p=[0.15, 0.3, 0.3, 0.25]).tolist()
        munis = rng.choice(self.s.municipalities, size=n, p=self.muni_weight).tolist()
        labels = self.labels()
        rows = []
        for i in range(n):
            level, m = levels[level_of[i]], munis[i]
            t = self.theme_draw()
            nfi, nen = self.theme[t][2], self.theme[t][3]
            _rfi, rgen, ren = _REGIONS[self.muni_region[m]]
            net = _compound(nfi, "foorumi" if nfi.endswith("verkko") else "verkosto")
            net_en = "forum" if nen.endswith("network") else "network"
            fi, en = {"international": (f"Kansainvälinen {net}", f"International {nen} {net_en}"),
                      "national": (f"Kansallinen {net}", f"National {nen} {net_en}"),
                      "regional": (f"{rgen} {net}", f"{ren} {nen} {net_en}"),
                      "local": (f"{self.muni_gen[m]} {_compound(nfi, 'foorumi')}", f"{self.muni[m]} {nen} forum"),
                      }[level]
            fi, en = labels(fi, en, self.any_place())
            ident = f"N-{i + 1:0{_width(n)}d}"
            v = rng.random()
            if v < 0.45:
                lead = self.unit.ids[self.unit_in(m)]
            elif v < 0.6:
                lead = self.sector.ids[self.pick(self.sector.start, m)]
            elif v < 0.75:
                lead = self.role.ids[self.pick(self.role.start, m)]
            else:
                lead = self.stake.ids[self.stakeholder()]
            themes = [t]
            if rng.random() < 0.4:
                extra = self.theme_draw()
                if extra != t:
                    themes.append(extra)
            advances = sorted({self.pick(self.goal.start, m) for _ in range(int(rng.integers(0, 3)))})
            # undated members in the cell: city units; dated member rows: stakeholders and bodies
            cell = sorted({self.unit_in(m) for _ in range(int(rng.integers(0, 4)))})
            size = int(min(60, 2 + rng.pareto(1.5) * 4))
            members = sorted({self.stakeholder() for _ in range(size)})
            start0 = dt.date(2012, 1, 1).toordinal() + int(rng.integers(12 * 365))
            for j, x in enumerate(members):
                begin = start0 + int(rng.integers(0, 3 * 365))
                end = _iso(begin + int(rng.integers(365, 6 * 365))) if rng.random() < 0.15 else ""
                self.relationships.append([ident, "has_member", self.stake.ids[x], _iso(begin), end,
                                           "koordinaattori" if j == 0 else "jäsen", ""])
            if rng.random() < 0.2:
                self.relationships.append([ident, "has_member", self.body.ids[self.pick(self.body.start, m)],
                                           _iso(start0), "", "jäsen", ""])
            home = self.homepage(en) if rng.random() < 0.6 else ""
            rows.append([ident, fi, en, level,
                         f"Verkosto edistää teemaa {nfi} ja kokoaa yhteen {len(members)} jäsentä.",
                         f"The network advances {nen} and brings together {len(members)} members.", home, lead,
                         _SEP.join(self.theme_ids[x] for x in themes), _SEP.join(self.unit.ids[u] for u in cell),
                         _SEP.join(self.goal.ids[g] for g in advances)])
        self.write("Network", rows)

    # ---- strategy, goals, metrics -------------------------------------------------------------

    def strategies_and_goals(self) -> None:
        rng, s = self.rng, self.s
        rows = []
        self.strategy_ids = []
        for m in range(s.municipalities):
            ident = f"STR-{m + 1:0{_width(s.municipalities)}d}"
            self.strategy_ids.append(ident)
            y0 = 2021 + int(rng.integers(4))
            y1 = y0 + [4, 5, 9][int(rng.integers(3))]
            rows.append([ident, f"{self.muni_gen[m]} kaupunkistrategia {y0}–{y1}",
                         f"{self.muni[m]} City Strategy {y0}–{y1}", f"STRAT-{y0}",
                         f"Valtuuston hyväksymä strategia vuosille {y0}–{y1}.",
                         f"The strategy for {y0}–{y1} approved by the council.",
                         dt.date(y0, 1, 1).isoformat(), dt.date(y1, 12, 31).isoformat()])
        self.write("Strategy", rows)

        per = _split(s.goals, self.muni_weight, low=5)
        k = self.goal = _Kind("G")
        self.goal_theme: list[int] = []
        rows = []
        sub_templates = [("{N} vahvistuu", "Stronger {n}"), ("{N} uudistuu", "Renewing {n}"),
                         ("{M} {n} vuoteen {y}", "{M} {n} by {y}"), ("{N} kuuluu kaikille", "{N} for everyone"),
                         ("{N} on kaupungin vahvuus", "{N} as the city's strength")]
        for m, count in enumerate(per):
            k.start.append(len(k.ids))
            first = len(k.ids)
            n_top = min(count, max(3, round(count * 0.2)))
            labels = _Labels([str(y) for y in range(2030, 2060)])
            sub_no = [0] * n_top
            for j in range(count):
                ident = k.new_id(_width(s.goals))
                mfi, men = _MODIFIERS[int(rng.integers(len(_MODIFIERS)))]
                if j < n_top:  # the strategy's main goals, on the theme groups
                    t = self.top_themes[int(rng.integers(len(self.top_themes)))]
                    broader = -1
                    fi, en = f"{mfi} {self.theme[t][2]}", f"{men} {self.theme[t][3]}"
                    code = str(j + 1)
                else:  # sub-goals under a main goal, on a theme of its group
                    parent = int(rng.integers(n_top))
                    broader = first + parent
                    cands = self.themes_of_group[self.theme[self.goal_theme[broader]][4]]
                    t = cands[int(rng.integers(len(cands)))]
                    nfi, nen = self.theme[t][2], self.theme[t][3]
                    tfi, ten = sub_templates[int(rng.integers(len(sub_templates)))]
                    year = 2030 + 5 * int(rng.integers(3))
                    fi = tfi.format(N=_cap(nfi), n=nfi, M=mfi, y=year)
                    en = ten.format(N=_cap(nen), n=nen, M=men, y=year)
                    sub_no[parent] += 1
                    code = f"{parent + 1}.{sub_no[parent]}"
                fi, en = labels(fi, en, int(rng.integers(30)))
                k.fi.append(fi)
                k.en.append(en)
                k.muni.append(m)
                self.goal_theme.append(t)
                sdg = f"{_THEME_GROUPS[self.theme[t][4]][4]}.{int(rng.integers(1, 6))}" if rng.random() < 0.6 else ""
                resp = self.responsible(m) if rng.random() < 0.7 else ""
                themes = [t]
                if rng.random() < 0.3:
                    extra = self.theme_draw()
                    if extra != t:
                        themes.append(extra)
                described = rng.random() < 0.6
                rows.append([ident, fi, en, code,
                             f"Strategian tavoite teemassa {self.theme[t][2]}." if described else "",
                             f"A strategy goal on {self.theme[t][3]}." if described else "", sdg,
                             self.strategy_ids[m], k.ids[broader] if broader >= 0 else "", resp,
                             _SEP.join(self.theme_ids[x] for x in themes)])
        k.start.append(len(k.ids))
        self.write("Goal", rows)

    def metrics_and_observations(self) -> None:
        rng, s = self.rng, self.s
        per = _split(s.metrics, self.muni_weight, low=2)
        metric_rows = []
        obs: list[tuple[str, str, str, int, str]] = []  # metric id, label fi, label en, year, value
        for m, count in enumerate(per):
            labels = self.labels()
            for _ in range(count):
                ident = f"M-{len(metric_rows) + 1:0{_width(s.metrics)}d}"
                g = self.pick(self.goal.start, m)
                goals = [g]
                if rng.random() < 0.25:
                    other = self.pick(self.goal.start, m)
                    if other != g:
                        goals.append(other)
                t = self.goal_theme[g]
                cands = [i for i, ind in enumerate(_INDICATORS) if ind[4] == self.theme[t][4]]
                ind_fi, ind_en, unit, direction, _group, lo, hi = _INDICATORS[cands[int(rng.integers(len(cands)))]]
                fi, en = labels(f"{ind_fi} ({self.theme[t][2]})", f"{ind_en} ({self.theme[t][3]})", self.any_place())
                fi, en = fi + self.suffix(m), en + self.suffix(m)
                baseline = float(rng.uniform(lo, hi))
                change = float(rng.uniform(0.1, 0.5))
                target = baseline * {"increase": 1 + change, "decrease": 1 - change}.get(direction, 1.0)
                if unit == "%":
                    target = min(target, 99.0)
                decimals = 1 if unit in ("%", "asteikko 1-10") else 0 if baseline >= 100 else 2
                y0 = s.first_year + int(rng.integers(6))  # region, nation: ~10 observations a metric
                y1 = 2025 + 5 * int(rng.integers(3))
                metric_rows.append([ident, fi, en, f"{ind_fi} mitattuna vuosittain.", f"{ind_en}, measured yearly.",
                                    unit, f"{baseline:.{decimals}f}", str(y0), f"{target:.{decimals}f}", str(y1),
                                    direction, _DATA_SOURCES[int(rng.integers(len(_DATA_SOURCES)))],
                                    _SEP.join(self.goal.ids[x] for x in goals),
                                    self.responsible(m) if rng.random() < 0.8 else ""])
                years = list(range(y0, min(2024, y1) + 1))
                if len(years) > 3 and rng.random() < 0.3:  # a missing year now and then
                    years.pop(int(rng.integers(1, len(years) - 1)))
                noise = rng.normal(0, 0.03, size=len(years)).tolist()
                for yi, year in enumerate(years):
                    progress = (year - y0) / (y1 - y0) * float(rng.uniform(0.3, 1.2))
                    value = max(0.0, (baseline + (target - baseline) * progress) * (1 + noise[yi]))
                    obs.append((ident, fi, en, year, f"{value:.{decimals}f}"))
        self.write("Metric", metric_rows)
        width = _width(len(obs))
        self.write("Observation", ([f"OBS-{i + 1:0{width}d}", f"{fi} {year}", f"{en} {year}", str(year), value, mid]
                                   for i, (mid, fi, en, year, value) in enumerate(obs)))

    # ---- services, agreements ----------------------------------------------------------------

    def services(self) -> None:
        rng, s = self.rng, self.s
        per = _split(s.services, self.muni_weight, low=1)
        rows = []
        for m, count in enumerate(per):
            labels = self.labels()
            s0, s1 = self.sector.start[m], self.sector.start[m + 1]
            for _ in range(count):
                ident = f"SRV-{len(rows) + 1:0{_width(s.services)}d}"
                fi, en = _SERVICES[int(rng.integers(len(_SERVICES)))]
                fi, en = labels(fi, en, self.any_place())
                fi, en = fi + self.suffix(m), en + self.suffix(m)
                n_sec = int(rng.integers(1, 3))
                involved = [self.sector.ids[s0 + x] for x in rng.permutation(s1 - s0)[:n_sec].tolist()]
                for _ in range(int(rng.integers(0, 3))):
                    uid = self.unit.ids[self.unit_in(m)]
                    if uid not in involved:
                        involved.append(uid)
                if rng.random() < 0.3:
                    involved.append(self.stake.ids[self.stakeholder()])
                goals = sorted({self.pick(self.goal.start, m) for _ in range(int(rng.integers(0, 3)))})
                themes = sorted({self.theme_draw() for _ in range(int(rng.integers(1, 3)))})
                rows.append([ident, fi, en, f"Asiakkaan palvelu: {fi}.", f"Customer service: {en}.",
                             self.responsible(m), _SEP.join(self.goal.ids[g] for g in goals),
                             _SEP.join(self.theme_ids[t] for t in themes), _SEP.join(involved)])
        self.write("Service", rows)

    def agreements(self) -> None:
        rng, s = self.rng, self.s
        per = _split(s.agreements, self.muni_weight, low=1)
        statuses = ["planned", "ongoing", "ongoing", "ongoing", "completed", "completed", "cancelled"]
        rows = []
        for m, count in enumerate(per):
            labels = self.labels()
            for _ in range(count):
                ident = f"A-{len(rows) + 1:0{_width(s.agreements)}d}"
                v = rng.random()
                if v < 0.4:
                    city = self.sector.ids[self.pick(self.sector.start, m)]
                elif v < 0.85:
                    city = self.unit.ids[self.unit_in(m)]
                else:
                    city = self.body.ids[self.body.start[m] + 1]  # the board
                stakes = [self.stakeholder() for _ in range(int(rng.integers(1, 4)))]
                main = stakes[0]
                parties = [city] + [self.stake.ids[x] for x in sorted(set(stakes))]
                kfi, ken = _AGREEMENT_KINDS[int(rng.integers(len(_AGREEMENT_KINDS)))]
                fi, en = labels(f"{kfi}: {self.stake.fi[main]}", f"{ken}: {self.stake.en[main]}", self.any_place())
                fi, en = fi + self.suffix(m), en + self.suffix(m)
                start = dt.date(2016, 1, 1).toordinal() + int(rng.integers(10 * 365))
                end = start + 365 * int(rng.integers(1, 6)) if rng.random() < 0.7 else None
                goals = sorted({self.pick(self.goal.start, m) for _ in range(int(rng.integers(0, 3)))})
                rows.append([ident, fi, en, f"Yhteistyösopimus, {len(parties)} osapuolta.",
                             f"A cooperation agreement between {len(parties)} parties.", _iso(start),
                             _iso(end) if end else "", statuses[int(rng.integers(len(statuses)))],
                             _SEP.join(self.goal.ids[g] for g in goals), _SEP.join(parties)])
        self.write("Agreement", rows)

    # ---- projects (streamed in chunks) --------------------------------------------------------

    def _project_rows(self) -> Iterable[list[str]]:
        rng, n = self.rng, self.s.projects
        width = _width(n)
        unit_muni = np.asarray(self.unit.muni)
        unit_sector = self.unit_sector
        goal_start, body_start = np.asarray(self.goal.start), np.asarray(self.body.start)
        stake_local = self.stake_starts[1:] > self.stake_starts[:-1]
        unit_ids, sector_ids, stake_ids = self.unit.ids, self.sector.ids, self.stake.ids
        goal_ids, body_ids, theme_ids, fund_ids = self.goal.ids, self.body.ids, self.theme_ids, self.fund_ids
        themes = self.theme
        places = [(self.muni[m], self.muni_gen[m], self.muni[m]) for m in range(self.s.municipalities)]
        region_places = [_REGIONS[self.muni_region[m]] for m in range(self.s.municipalities)]
        for c0 in range(0, n, _CHUNK):
            size = min(_CHUNK, n - c0)
            lead_u = rng.choice(len(unit_ids), size=size, p=self.unit_w)
            muni = unit_muni[lead_u]
            lead_is_sector = rng.random(size) < 0.08
            start = rng.integers(_PROJECT_FIRST_DAY, _PROJECT_LAST_DAY, size=size)
            length = (rng.gamma(2.0, 330.0, size=size) + 120).astype(np.int64)
            status_u = rng.random(size)
            budget = np.round(np.exp(rng.normal(11.8, 1.2, size=size)), -2)
            no_budget = rng.random(size) < 0.1
            n_part = rng.choice(len(_P_PARTNERS), size=size, p=_P_PARTNERS)
            # partners: 20 % city units of the lead's municipality, the rest stakeholders, half
            # of them from the same municipality; all drawn by the hub weights
            part_unit = _pick_local(self.unit_cum, self.unit_starts, muni, rng.random((size, 6)))
            part_is_unit = rng.random((size, 6)) < 0.2
            local = _pick_local(self.stake_cum, self.stake_starts, muni, rng.random((size, 6)))
            far = rng.choice(len(stake_ids), size=(size, 6), p=self.stake_w)
            use_local = (rng.random((size, 6)) < 0.5) & stake_local[muni][:, None]
            part_stake = np.where(use_local, local, far)
            n_goal = rng.choice(len(_P_GOALS), size=size, p=_P_GOALS)
            g_count = goal_start[muni + 1] - goal_start[muni]
            goal = goal_start[muni][:, None] + (rng.random((size, 3)) * g_count[:, None]).astype(np.int64)
            n_theme = 1 + rng.choice(len(_P_THEMES), size=size, p=_P_THEMES)
            theme = np.searchsorted(self.theme_cum, rng.random((size, 3)) * self.theme_cum[-1], side="right")
            theme = np.minimum(theme, len(themes) - 1)
            n_fund = rng.choice(len(_P_FUNDING), size=size, p=_P_FUNDING)
            fund = rng.choice(len(fund_ids), size=(size, 2), p=self.fund_w)
            steer = rng.random(size) < 0.3
            b_count = body_start[muni + 1] - body_start[muni]
            steer_b = body_start[muni] + (rng.random(size) * b_count).astype(np.int64)
            pattern = rng.choice(len(_P_PATTERN), size=size, p=_P_PATTERN)
            mod = rng.integers(0, len(_MODIFIERS), size=size)
            use_region = rng.random(size) < 0.5
            acr = rng.integers(0, len(_ACRONYM_LETTERS), size=(size, 5))
            acr_len = rng.integers(3, 6, size=size)
            kind = rng.integers(0, len(_PROJECT_KINDS), size=size)
            phase = rng.random(size) < 0.06
            desc_a = rng.integers(0, len(_DESC_A), size=size)
            desc_b = rng.random(size)
            home = rng.random(size) < 0.3
            columns = [x.tolist() for x in (
                lead_u, lead_is_sector, muni, start, length, status_u, budget, no_budget, n_part, part_stake,
                part_is_unit, part_unit, n_goal, goal, n_theme, theme, n_fund, fund, steer, steer_b, pattern, mod,
                use_region, acr, acr_len, kind, phase, desc_a, desc_b, home)]
            for r, (lu, lsec, m, st, ln, su, bud, nob, npart, pst, piu, pun, ng, gl, nt, th, nf, fu, ste, stb,
                    pat, md, ureg, ac, al, kd, ph, da, db, hp) in enumerate(zip(*columns)):
                i = c0 + r
                ident = f"P-{i + 1:0{width}d}"
                lead = sector_ids[unit_sector[lu]] if lsec else unit_ids[lu]
                partners: list[str] = []
                for j in range(npart):
                    pid = unit_ids[pun[j]] if piu[j] else stake_ids[pst[j]]
                    if pid != lead and pid not in partners:
                        partners.append(pid)
                goals: list[str] = []
                for g in gl[:ng]:
                    if goal_ids[g] not in goals:
                        goals.append(goal_ids[g])
                th_idx: list[int] = []
                for t in th[:nt]:
                    if t not in th_idx:
                        th_idx.append(t)
                funds: list[int] = []
                for f in fu[:nf]:
                    if f not in funds:
                        funds.append(f)
                end = st + ln
                if st > _REFERENCE_DAY:
                    status = "idea" if su < 0.3 else "planned"
                elif end < _REFERENCE_DAY:
                    status = "cancelled" if su < 0.07 else "completed"
                else:
                    status = "cancelled" if su < 0.03 else "ongoing"
                year = dt.date.fromordinal(st).year
                # the name is built from the first theme's noun (and the second's)
                a_fi, a_en = themes[th_idx[0]][2], themes[th_idx[0]][3]
                b_fi, b_en = (themes[th_idx[1]][2], themes[th_idx[1]][3]) if len(th_idx) > 1 else (a_fi, a_en)
                pfi, pgen, pen = region_places[m] if ureg else places[m]
                mfi, men = _MODIFIERS[md]
                if pat == 1 and b_fi == a_fi:
                    pat = 0
                if pat == 0:
                    fi, en = f"{mfi} {a_fi} {pfi} {year}", f"{men} {a_en} {pen} {year}"
                elif pat == 1:
                    fi, en = f"{_cap(a_fi)} ja {b_fi} {pfi}", f"{_cap(a_en)} and {b_en} in {pen}"
                elif pat == 2:
                    word = "".join(_ACRONYM_LETTERS[x] for x in ac[:al])
                    fi, en = f"{word} – {mfi.lower()} {a_fi}", f"{word} – {men.lower()} {a_en}"
                elif pat == 3:
                    kfi, ken = _PROJECT_KINDS[kd]
                    fi, en = f"{mfi} {a_fi} -{kfi}", f"{men} {a_en} {ken}"
                else:
                    kfi, ken = _PROJECT_KINDS[kd]
                    span = f"{year}–{dt.date.fromordinal(end).year}" if status != "idea" else str(year)
                    if span.endswith(f"–{year}"):
                        span = str(year)
                    fi, en = f"{_cap(_compound(a_fi, kfi))} {span}", f"{_cap(a_en)} {ken} {span}"
                if ph:
                    fi, en = f"{fi}, vaihe 2", f"{en}, phase 2"
                if da == 3 and b_fi == a_fi:  # "teemoihin X ja Y" needs two themes
                    da = 0
                tfi, ten = _DESC_A[da]
                d_fi = tfi.format(a=a_fi, b=b_fi, pg=pgen, a_osaaminen=_compound(a_fi, "osaamista"),
                                  a_ratkaisut=_compound(a_fi, "ratkaisuja"))
                d_en = ten.format(a=a_en, b=b_en, p=pen)
                if db < 0.4:
                    k = len(partners)
                    if k == 0:
                        d_fi += " Hanke toteutetaan kaupungin omana työnä."
                        d_en += " The project is carried out by the city itself."
                    elif k == 1:
                        d_fi += " Hanke toteutetaan yhdessä yhden kumppanin kanssa."
                        d_en += " It is carried out with one partner."
                    else:
                        d_fi += f" Hanke toteutetaan yhdessä {k} kumppanin kanssa."
                        d_en += f" It is carried out with {k} partners."
                elif db < 0.7 and funds:
                    d_fi += f" Rahoittajana on {self.fund_fi[funds[0]]}."
                    d_en += f" It is funded by {self.fund_en[funds[0]]}."
                yield [ident, fi, en, f"H{year}-{i + 1:0{width}d}", d_fi, d_en, status, _iso(st),
                       "" if status == "idea" else _iso(end), "" if nob else f"{bud:.2f}",
                       f"https://www.example.org/hankkeet/{ident.lower()}" if hp else "", lead,
                       _SEP.join(partners), _SEP.join(goals), _SEP.join(theme_ids[x] for x in th_idx),
                       _SEP.join(fund_ids[x] for x in funds), body_ids[stb] if ste else ""]

    # ---- all ---------------------------------------------------------------------------------

    def run(self) -> None:
        self.themes()
        self.funding()
        self.sectors()
        self.units()
        self.bodies()
        self.roles_and_persons()
        self.stakeholders()
        self.body_members()
        self.strategies_and_goals()
        self.metrics_and_observations()
        self.networks()
        self.services()
        self.agreements()
        self.write("Project", self._project_rows())
        self.write(None, self.relationships)


def write_synth(scale: str, seed: int, out_dir: Path,
                progress: Callable[[int], None] | None = None) -> SynthSummary:
    """Write a synthetic, valid stratgraph input folder of CSV files.

    Parameters
    ----------
    scale : str
        ``"city"`` (1,000 projects), ``"region"`` (20,000) or ``"nation"`` (200,000); see
        :data:`SCALES` for all counts.
    seed : int
        Seed of ``numpy.random.default_rng``; the same ``(scale, seed)`` gives byte-identical files.
    out_dir : Path
        The folder to write into; created when missing. Files of the same names are overwritten,
        other files are left alone.
    progress : callable, optional
        Called now and then with the number of data rows written so far (all files together);
        :attr:`Scale.estimated_rows` is a rough total for a progress bar.

    Returns
    -------
    SynthSummary
        The folder, scale, seed and the number of data rows per file.

    Raises
    ------
    UsageError
        When ``scale`` is not one of :data:`SCALES`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = write_synth("city", 7, Path(tmp))
    ...     names = sorted(p.name for p in Path(tmp).iterdir())
    >>> "relationships.csv" in names and "projects.csv" in names, summary.total_rows > 1000
    (True, True)
    >>> write_synth("planet", 7, Path("."))
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: unknown scale 'planet'; use one of: city, region, nation
    """
    if scale not in SCALES:
        raise UsageError(f"unknown scale {scale!r}; use one of: {', '.join(SCALES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gen = _Synth(SCALES[scale], int(seed), out_dir, progress)
    gen.run()
    return SynthSummary(out_dir=out_dir, scale=scale, seed=int(seed), counts=dict(gen.counts))
