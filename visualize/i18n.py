"""The words of the maps and the report in Finnish and English, in one place.

Names of node types, properties, relations and enumeration values come from the schema
(``ontologies/schema.yaml``), so that a map and the spreadsheet template use the same words;
everything else is in :data:`STRINGS`.

>>> t = translator("fi")
>>> t("overview"), t.type_label("Project"), t.enum_label("status", "ongoing")
('Yleiskuva', 'hanke', 'käynnissä')
>>> translator("en").relation_label("has_partner")
'partner'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graph_model.schema_types import NodeType
from ontologies.errors import UsageError
from ontologies.schema import load_schema
from queries.gaps import DETAILS

__all__ = ["LANGUAGES", "STRINGS", "GAP_DETAILS_FI", "Translator", "translator"]

LANGUAGES = ("fi", "en")

STRINGS: dict[str, dict[str, str]] = {
    # report: navigation and page titles
    "report_title": {"fi": "Strategian verkostokartta", "en": "Strategy network map"},
    "overview": {"fi": "Yleiskuva", "en": "Overview"},
    "coverage": {"fi": "Strategian kattavuus", "en": "Strategy coverage"},
    "silos": {"fi": "Siilotavoitteet", "en": "Silo goals"},
    "gaps": {"fi": "Hallinnan aukot", "en": "Governance gaps"},
    "links": {"fi": "Puuttuvat yhteydet", "en": "Missing links"},
    "maps": {"fi": "Kartat", "en": "Maps"},
    "followup": {"fi": "Seuranta", "en": "Follow-up"},
    "crosswalk": {"fi": "Strategioiden vastaavuus", "en": "Strategy crosswalk"},
    "projects": {"fi": "Hankkeet", "en": "Projects"},
    "organisations": {"fi": "Organisaatiot", "en": "Organisations"},
    "bodies": {"fi": "Toimielimet", "en": "Governing bodies"},
    "contents": {"fi": "Sisältö", "en": "Contents"},
    "language_switch": {"fi": "In English", "en": "Suomeksi"},
    "generated": {"fi": "Luotu", "en": "Generated"},
    "printable": {"fi": "Sivut ovat tulostettavia; kartat tulostuvat kuvina.",
                  "en": "The pages are printable; maps print as images."},
    # overview
    "counts": {"fi": "Solmut tyypeittäin", "en": "Nodes by type"},
    "sources": {"fi": "Lähteet", "en": "Sources"},
    "source": {"fi": "Lähde", "en": "Source"},
    "location": {"fi": "Sijainti", "en": "Location"},
    "ingested": {"fi": "Tuotu", "en": "Ingested"},
    "triples": {"fi": "Kolmikot", "en": "Triples"},
    "type": {"fi": "Tyyppi", "en": "Type"},
    "count": {"fi": "Määrä", "en": "Count"},
    "total": {"fi": "Yhteensä", "en": "Total"},
    "relationships": {"fi": "Suhteet", "en": "Relationships"},
    "overview_lead": {
        "fi": "Kaupungin strategia, organisaatio, hankkeet, toimielimet, sidosryhmät ja verkostot yhtenä "
              "tietoverkkona: kuka tekee yhteistyötä kenen kanssa, mitkä tavoitteet toteutuvat siiloissa ja "
              "missä yhteyksiä puuttuu.",
        "en": "The city's strategy, organisation, projects, governing bodies, stakeholders and networks as "
              "one knowledge graph: who works with whom, which goals are served in silos and where links "
              "are missing."},
    "findings": {"fi": "Havainnot", "en": "Findings"},
    "n_silo_goals": {"fi": "siilotavoitetta", "en": "silo goals"},
    "n_gaps": {"fi": "hallinnan aukkoa", "en": "governance gaps"},
    "n_links": {"fi": "ehdotettua yhteyttä", "en": "suggested links"},
    # coverage
    "coverage_lead": {
        "fi": "Tavoitteet × toimialat: kuinka monta hanketta kunkin toimialan yksiköt vetävät kunkin "
              "tavoitteen hyväksi (tummempi = enemmän). Tyhjä rivi on tavoite, jota mikään hanke ei edistä.",
        "en": "Goals × sectors: how many projects each sector's units lead for each goal (darker = more). "
              "An empty row is a goal that no project advances."},
    "goal": {"fi": "Tavoite", "en": "Goal"},
    "sector": {"fi": "Toimiala", "en": "Sector"},
    "budget": {"fi": "Budjetti", "en": "Budget"},
    "budget_by_cell": {"fi": "Budjetti (EUR) tavoitteittain ja toimialoittain",
                       "en": "Budget (EUR) by goal and sector"},
    # silos
    "silos_lead": {
        "fi": "Tavoitteet, joita palvelee vain yksi toimiala, sekä kunkin tavoitteen poikkihallinnollisuus"
              "indeksi (0 = yksi toimiala tekee kaiken, 1 = kaikki toimialat yhtä paljon).",
        "en": "Goals served by one sector only, and each goal's cross-sector index (0 = one sector does "
              "everything, 1 = every sector takes an equal share)."},
    "index": {"fi": "Indeksi", "en": "Index"},
    "sectors_serving": {"fi": "Toimialat (työtä)", "en": "Sectors (pieces of work)"},
    "silo": {"fi": "Siilo", "en": "Silo"},
    "yes": {"fi": "kyllä", "en": "yes"},
    "no": {"fi": "ei", "en": "no"},
    # gaps
    "gaps_lead": {"fi": "Tavoitteet, mittarit, hankkeet, verkostot ja toimielimet, joilta puuttuu seurannan "
                        "edellytys.",
                  "en": "Goals, metrics, projects, networks and bodies that lack what follow-up needs."},
    "rule": {"fi": "Sääntö", "en": "Rule"},
    "node": {"fi": "Solmu", "en": "Node"},
    "detail": {"fi": "Tarkenne", "en": "Detail"},
    "none_found": {"fi": "Ei havaintoja.", "en": "None found."},
    # gap details: the Finnish is GAP_DETAILS_FI below, the English queries.gaps.DETAILS
    "and_more": {"fi": "ja {n} muuta", "en": "and {n} more"},
    # reasons of related projects and evidence of missing links (the analyses word them in English)
    "shared_goals": {"fi": "yhteiset tavoitteet", "en": "shared goals"},
    "shared_themes": {"fi": "yhteiset teemat", "en": "shared themes"},
    "shared_partners": {"fi": "yhteiset kumppanit", "en": "shared partners"},
    "shared_funding": {"fi": "yhteinen rahoitus", "en": "shared funding"},
    "similar_words": {"fi": "samankaltaiset sanat", "en": "similar words"},
    # links
    "links_lead": {
        "fi": "Yksikkö- ja sidosryhmäparit, joilla on yhteisiä tavoitteita, teemoja tai kumppaneita mutta ei "
              "yhteistä hanketta, toimielintä tai verkostoa; perustelut ja mahdollinen välittäjä.",
        "en": "Pairs of units and stakeholders that share goals, themes or partners but have no joint "
              "project, body or network; with the evidence and a possible broker."},
    "pair": {"fi": "Pari", "en": "Pair"},
    "score": {"fi": "Pisteet", "en": "Score"},
    "evidence": {"fi": "Perustelut", "en": "Evidence"},
    "broker": {"fi": "Välittäjä", "en": "Broker"},
    # maps
    "maps_lead": {"fi": "Interaktiiviset kartat toimivat selaimessa ilman verkkoyhteyttä. Vie hiiri solmun "
                        "päälle nähdäksesi tiedot; hae nimellä; rajaa tavoitteen, teeman tai toimialan mukaan.",
                  "en": "The interactive maps work in a browser without a network connection. Hover over a "
                        "node for its facts; search by name; filter by goal, theme or sector."},
    "open_map": {"fi": "Avaa interaktiivinen kartta", "en": "Open the interactive map"},
    "map_collaboration": {"fi": "Yhteistyökartta", "en": "Collaboration map"},
    "map_goals": {"fi": "Tavoitteet, hankkeet ja toimialat", "en": "Goals, projects and sectors"},
    "map_bodies": {"fi": "Toimielimet ja ristiedustus", "en": "Governing bodies and cross-representation"},
    "map_networks": {"fi": "Verkostot tasoittain", "en": "Networks by level"},
    "map_neighbourhood": {"fi": "Lähiverkosto", "en": "Neighbourhood"},
    "desc_collaboration": {"fi": "Yksiköt, toimialat, sidosryhmät ja toimielimet; viivan paksuus = yhteistyön "
                                 "määrä, koko = välittäjäasema, katkoviiva = ehdotettu puuttuva yhteys.",
                           "en": "Units, sectors, stakeholders and bodies; line width = amount of "
                                 "collaboration, size = brokerage, dashed = suggested missing link."},
    "desc_goals": {"fi": "Mitkä hankkeet edistävät mitäkin tavoitetta ja miltä toimialalta ne vedetään.",
                   "en": "Which projects advance which goal, and from which sector they are led."},
    "desc_bodies": {"fi": "Toimielinten jäsenet; useassa toimielimessä istuvat jäsenet ovat suurempia.",
                    "en": "The members of governing bodies; members sitting in several bodies are larger."},
    "desc_networks": {"fi": "Kansainväliset, kansalliset, alueelliset ja paikalliset verkostot, niiden "
                            "jäsenet ja tavoitteet.",
                      "en": "International, national, regional and local networks, their members and goals."},
    "desc_neighbourhood": {"fi": "Solmu ja sen naapurit.", "en": "A node and its neighbours."},
    # map page chrome
    "search": {"fi": "Hae", "en": "Search"},
    "search_placeholder": {"fi": "Hae nimellä tai tunnisteella…", "en": "Search by name or id…"},
    "filter_all": {"fi": "kaikki", "en": "all"},
    "facet_goal": {"fi": "Tavoite", "en": "Goal"},
    "facet_theme": {"fi": "Teema", "en": "Theme"},
    "facet_sector": {"fi": "Toimiala", "en": "Sector"},
    "facet_level": {"fi": "Taso", "en": "Level"},
    "show_suggested": {"fi": "Näytä ehdotetut yhteydet", "en": "Show suggested links"},
    "suggested_link": {"fi": "ehdotettu puuttuva yhteys", "en": "suggested missing link"},
    "expand_all": {"fi": "Avaa kaikki ryhmät", "en": "Open all groups"},
    "collapse_all": {"fi": "Sulje ryhmät", "en": "Close groups"},
    "fit": {"fi": "Sovita näkymä", "en": "Fit view"},
    "legend": {"fi": "Selite", "en": "Legend"},
    "details": {"fi": "Tiedot", "en": "Details"},
    "details_hint": {"fi": "Napsauta solmua nähdäksesi sen tiedot. Napsauta ryhmää avataksesi sen; "
                           "kaksoisnapsauta solmua sulkeaksesi sen ryhmän.",
                     "en": "Click a node to see its facts. Click a group to open it; double-click a node "
                           "to close its group again."},
    "group": {"fi": "ryhmä", "en": "group"},
    "members": {"fi": "jäsentä", "en": "members"},
    "no_match": {"fi": "Ei osumia.", "en": "No matches."},
    "open_page": {"fi": "Avaa sivu", "en": "Open page"},
    "nodes_shown": {"fi": "solmua näkyvissä", "en": "nodes shown"},
    "shapes": {"fi": "Muodot", "en": "Shapes"},
    "colours": {"fi": "Värit", "en": "Colours"},
    "weight": {"fi": "Paino", "en": "Weight"},
    "focus": {"fi": "Keskipiste", "en": "Focus"},
    # facts
    "id": {"fi": "Tunniste", "en": "Id"},
    "degree": {"fi": "Yhteistyökumppaneita", "en": "Partners"},
    "strength": {"fi": "Yhteistyön määrä", "en": "Collaboration strength"},
    "betweenness": {"fi": "Välittäjäasema", "en": "Betweenness"},
    "community": {"fi": "Yhteisö", "en": "Community"},
    "memberships": {"fi": "Jäsenyyksiä toimielimissä", "en": "Seats in bodies"},
    "bodies_count": {"fi": "Toimielimiä", "en": "Bodies"},
    "connections": {"fi": "Yhteyksiä", "en": "Connections"},
    "stakeholders": {"fi": "Sidosryhmät", "en": "Stakeholders"},
    "persons": {"fi": "Henkilöt", "en": "Persons"},
    "roles": {"fi": "Roolit", "en": "Roles"},
    "goals": {"fi": "Tavoitteet", "en": "Goals"},
    "networks": {"fi": "Verkostot", "en": "Networks"},
    "other": {"fi": "Muut", "en": "Other"},
    "no_sector": {"fi": "ei toimialaa", "en": "no sector"},
    # project, organisation, body pages
    "related_projects": {"fi": "Samankaltaiset hankkeet", "en": "Related projects"},
    "reasons": {"fi": "Perusteet", "en": "Reasons"},
    "status": {"fi": "Tila", "en": "Status"},
    "description": {"fi": "Kuvaus", "en": "Description"},
    "facts": {"fi": "Tiedot", "en": "Facts"},
    "led_projects": {"fi": "Vetämät hankkeet", "en": "Projects led"},
    "partner_projects": {"fi": "Kumppanina hankkeissa", "en": "Partner in projects"},
    "member_of": {"fi": "Jäsenenä", "en": "Member of"},
    "partners": {"fi": "Yhteistyökumppanit", "en": "Partners"},
    "members_title": {"fi": "Jäsenet", "en": "Members"},
    "as_of": {"fi": "tilanne", "en": "as of"},
    "cross_represented": {"fi": "Istuu myös toimielimissä", "en": "Also sits in"},
    "steered_projects": {"fi": "Ohjattavat hankkeet", "en": "Projects steered"},
    "reports_to": {"fi": "Raportoi", "en": "Reports to"},
    "units": {"fi": "Yksiköt", "en": "Units"},
    "leader": {"fi": "Vetäjä", "en": "Leader"},
    "funding": {"fi": "Rahoitus", "en": "Funding"},
    "themes": {"fi": "Teemat", "en": "Themes"},
    "period": {"fi": "Ajanjakso", "en": "Period"},
    "name": {"fi": "Nimi", "en": "Name"},
    "kind": {"fi": "Laji", "en": "Kind"},
    "back_to_index": {"fi": "Takaisin etusivulle", "en": "Back to the front page"},
    "all_projects": {"fi": "Kaikki hankkeet", "en": "All projects"},
    "static_image": {"fi": "Kuva (PNG)", "en": "Image (PNG)"},
    "vector_image": {"fi": "Vektorikuva (SVG)", "en": "Vector image (SVG)"},
    # governance gap rules (queries.gaps.RULES)
    "rule_goal_without_metric": {"fi": "Tavoitteella ei ole mittaria", "en": "Goal has no metric"},
    "rule_goal_without_owner": {"fi": "Tavoitteella ei ole vastuutahoa", "en": "Goal has no responsible owner"},
    "rule_metric_without_target": {"fi": "Mittarilla ei ole tavoitetasoa", "en": "Metric has no target value"},
    "rule_metric_without_owner": {"fi": "Mittarilla ei ole vastuutahoa", "en": "Metric has no responsible owner"},
    "rule_metric_without_data_source": {"fi": "Mittarilla ei ole tietolähdettä", "en": "Metric has no data source"},
    "rule_project_without_goal": {"fi": "Hanketta ei ole liitetty tavoitteeseen",
                                  "en": "Project is linked to no goal"},
    "rule_network_without_metric": {"fi": "Verkostolla ei ole omaa mittaria", "en": "Network has no metric of its own"},
    "rule_network_without_goal": {"fi": "Verkosto ei edistä mitään tavoitetta", "en": "Network advances no goal"},
    "rule_body_without_cross_representation": {"fi": "Kukaan toimielimen jäsenistä ei istu muissa toimielimissä",
                                               "en": "No member of the body sits in another body"},
    "rule_body_thin_cross_representation": {"fi": "Vain yksi toimielimen jäsen istuu muissa toimielimissä",
                                            "en": "Only one member of the body sits in another body"},
    "rule_unit_without_collaboration": {"fi": "Yksikkö ei ole mukana missään hankkeessa, toimielimessä, "
                                              "verkostossa, palvelussa tai sopimuksessa",
                                        "en": "Unit is in no project, body, network, service or agreement"},
}

#: queries.gaps.DETAILS in Finnish (same keys, same {fields}; a test checks).
GAP_DETAILS_FI: dict[str, str] = {
    "contributing_projects": "edistäviä hankkeita: {count}",
    "measures": "mittaa: {ids}",
    "measures_nothing": "ei mittaa mitään",
    "led_by": "vetäjä: {leader}",
    "led_by_nobody": "ei vetäjää",
    "network_advances": "mittarit mittaavat vain tavoitteita; verkosto edistää: {ids}",
    "network_advances_nothing": "mittarit mittaavat vain tavoitteita, eikä verkosto edistä mitään tavoitetta",
    "no_goal_to_follow": "ei tavoitetta, jonka kautta sitä seurata",
    "members_in_no_other_body": "sen jäsenet ({ids}) eivät istu muissa toimielimissä",
    "no_members": "sillä ei ole jäseniä",
    "only_member_elsewhere": "vain {member} istuu myös toimielimissä {ids}",
    "posts_in_unit": "yksikön tehtävät: {ids}",
    "no_posts": "yksikössä ei ole myöskään tehtäviä",
}
STRINGS.update({f"detail_{key}": {"fi": GAP_DETAILS_FI[key], "en": english} for key, english in DETAILS.items()})


@dataclass(frozen=True)
class Translator:
    """Words in one language: ``t(key)`` for report strings, plus schema names."""

    lang: str

    def __call__(self, key: str, default: str | None = None) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            if default is None:
                raise KeyError(key)
            return default
        return entry.get(self.lang) or entry["en"]

    def type_label(self, type_name: str, plural: bool = False) -> str:
        """The schema's name of a node type in this language (``plural`` for headings of lists)."""
        plurals = {NodeType.PROJECT: "projects", NodeType.GOVERNING_BODY: "bodies",
                   NodeType.STAKEHOLDER: "stakeholders", NodeType.PERSON: "persons", NodeType.ROLE: "roles",
                   NodeType.GOAL: "goals", NodeType.NETWORK: "networks", NodeType.UNIT: "units"}
        if plural and type_name in plurals:
            return self(plurals[type_name])
        node_type = load_schema().node_types.get(type_name)
        return node_type.label.get(self.lang, type_name) if node_type else type_name

    def property_label(self, name: str) -> str:
        """The schema's name of a literal property."""
        prop = load_schema().properties.get(name)
        return prop.label.get(self.lang, name) if prop else name

    def relation_label(self, name: str) -> str:
        """The schema's name of a relation."""
        relation = load_schema().relations.get(name)
        return relation.label.get(self.lang, name) if relation else name

    def enum_label(self, prop: str, code: str) -> str:
        """The label of an enumeration value (``status`` ``ongoing`` -> ``käynnissä``); the code itself
        when the property is not an enumeration or the code is unknown."""
        definition = load_schema().properties.get(prop)
        enum = definition.enum if definition is not None else None
        values = load_schema().enumerations[enum].values if enum else {}
        return values.get(code, {}).get(self.lang, code)


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    """The translator for ``lang`` (``fi`` or ``en``); raises UsageError for any other."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    return Translator(lang)
