"""Word lists and weights the synthetic data is drawn from.

Real place names are used only for regions; municipalities, districts and villages get made-up
Finnish-looking names. The probabilities and fixed days keep the output of a seed the same.

>>> len(_THEME_GROUPS), _THEME_NOUNS[0]
(11, ('ilmasto', 'climate', 0))
"""

from __future__ import annotations

import datetime as dt

import numpy as np

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
# Stakeholder names by kind (company and association are built in code): (fi, en) templates over the
# region (rfi, rgen genitive, ren), a place (pfi, pgen), the municipality (mfi, mgen) and a theme noun.
_STAKEHOLDER_NAMES = {
    "university": [("{rgen} yliopisto", "University of {ren}"),
                   ("{mgen} ammattikorkeakoulu", "{mfi} University of Applied Sciences"),
                   ("{rgen} ammattikorkeakoulu", "{ren} University of Applied Sciences"),
                   ("{mgen} yliopisto", "University of {mfi}")],
    "research": [("{rgen} tutkimuskeskus", "{ren} Research Centre"), ("{mgen} tutkimuskeskus", "{mfi} Research Centre"),
                 ("{institute}", "{Nen} Research Institute"), ("{institute}", "{Nen} Research Institute")],
    "business_network": [("{mgen} yrittäjät ry", "{mfi} Entrepreneurs"),
                         ("{rgen} kauppakamari", "{ren} Chamber of Commerce"),
                         ("{cluster} {rfi}", "{ren} {nen} cluster"), ("{pgen} yrittäjät ry", "{pfi} Entrepreneurs")],
    "public_body": [("{rgen} ELY-keskus", "{ren} ELY Centre"), ("{rgen} liitto", "Regional Council of {ren}"),
                    ("{mgen} seurakuntayhtymä", "{mfi} Parish Union"),
                    ("{rgen} pelastuslaitos", "{ren} Rescue Department")],
    "wellbeing_county": [("{rgen} hyvinvointialue", "{ren} Wellbeing Services County")],
    "tourism": [("Visit {mfi}", "Visit {mfi}"), ("{mgen} matkailu ry", "{mfi} Tourism Association"),
                ("Visit {pfi}", "Visit {pfi}"), ("{pgen} matkailu ry", "{pfi} Tourism Association")],
    "village": [("{pgen} kyläyhdistys ry", "{pfi} Village Association")],
    "city_company": [("{mgen} Energia Oy", "{mfi} Energy Ltd"),
                     ("{mgen} Vuokra-asunnot Oy", "{mfi} Rental Housing Ltd"),
                     ("{mgen} Vesi Oy", "{mfi} Water Ltd"), ("{mgen} Kehitys Oy", "{mfi} Development Ltd")],
    "other": [("{pgen} säätiö", "{pfi} Foundation"), ("{mgen} säätiö", "{mfi} Foundation"),
              ("{forum} {rfi}", "{ren} {nen} forum"), ("{pgen} osuuskunta", "{pfi} Cooperative")],
}
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
