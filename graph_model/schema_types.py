"""Python types of the stratgraph schema. Generated from ontologies/schema.yaml by `stratgraph schema generate`; do not edit by hand.

Examples
--------
>>> NodeType.PROJECT.value, RelType.LED_BY.neo4j
('Project', 'LED_BY')
>>> str(SG.Project)
'https://w3id.org/stratgraph/ontology#Project'
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
from enum import StrEnum

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

SCHEMA_VERSION = '0.1.0'
DATA_NAMESPACE = 'https://w3id.org/stratgraph/id/'


class SG(DefinedNamespace):
    """The stratgraph vocabulary; a misspelt term raises."""

    _fail = True
    _NS = Namespace('https://w3id.org/stratgraph/ontology#')

    Action: URIRef
    Agreement: URIRef
    DrawnMap: URIRef
    FundingSource: URIRef
    Goal: URIRef
    GoverningBody: URIRef
    MapConnection: URIRef
    MapElement: URIRef
    MapLoop: URIRef
    MapType: URIRef
    MapView: URIRef
    Metric: URIRef
    Milestone: URIRef
    Network: URIRef
    Observation: URIRef
    Person: URIRef
    Project: URIRef
    Role: URIRef
    Sector: URIRef
    Service: URIRef
    Stakeholder: URIRef
    StatusNarrative: URIRef
    Strategy: URIRef
    Theme: URIRef
    Unit: URIRef
    actionFor: URIRef
    actionState: URIRef
    advances: URIRef
    answeredBy: URIRef
    baseline: URIRef
    baselineYear: URIRef
    bodyKind: URIRef
    broader: URIRef
    budget: URIRef
    code: URIRef
    connectionDirection: URIRef
    connectsFrom: URIRef
    connectsTo: URIRef
    continues: URIRef
    contributesTo: URIRef
    dataSource: URIRef
    dateSource: URIRef
    direction: URIRef
    dueDate: URIRef
    endDate: URIRef
    externalId: URIRef
    fundedBy: URIRef
    fundingKind: URIRef
    hasMember: URIRef
    hasPartner: URIRef
    hasTheme: URIRef
    heldBy: URIRef
    involves: URIRef
    ledBy: URIRef
    level: URIRef
    loopMember: URIRef
    mapAttributes: URIRef
    mapData: URIRef
    mapType: URIRef
    measures: URIRef
    merges: URIRef
    neo4jType: URIRef
    note: URIRef
    observationOf: URIRef
    observedOn: URIRef
    onMap: URIRef
    partOf: URIRef
    party: URIRef
    period: URIRef
    polarity: URIRef
    postIn: URIRef
    qualifiedBy: URIRef
    recordId: URIRef
    replaces: URIRef
    reportsTo: URIRef
    responsible: URIRef
    roleLabel: URIRef
    sdgTarget: URIRef
    sourceRow: URIRef
    stakeholderKind: URIRef
    startDate: URIRef
    status: URIRef
    steeredBy: URIRef
    target: URIRef
    targetYear: URIRef
    tolerance: URIRef
    typeScope: URIRef
    unitOfMeasure: URIRef
    updateMonths: URIRef
    value: URIRef
    viewKind: URIRef
    weight: URIRef
    year: URIRef


class NodeType(StrEnum):
    """Node types; the value is the Neo4j label."""

    STRATEGY = 'Strategy'
    GOAL = 'Goal'
    METRIC = 'Metric'
    OBSERVATION = 'Observation'
    ACTION = 'Action'
    MILESTONE = 'Milestone'
    STATUS_NARRATIVE = 'StatusNarrative'
    SECTOR = 'Sector'
    UNIT = 'Unit'
    GOVERNING_BODY = 'GoverningBody'
    ROLE = 'Role'
    PERSON = 'Person'
    PROJECT = 'Project'
    THEME = 'Theme'
    FUNDING_SOURCE = 'FundingSource'
    STAKEHOLDER = 'Stakeholder'
    NETWORK = 'Network'
    SERVICE = 'Service'
    AGREEMENT = 'Agreement'
    DRAWN_MAP = 'DrawnMap'
    MAP_TYPE = 'MapType'
    MAP_ELEMENT = 'MapElement'
    MAP_CONNECTION = 'MapConnection'
    MAP_LOOP = 'MapLoop'
    MAP_VIEW = 'MapView'


class RelType(StrEnum):
    """Relationship types; the value is the column name in the input sheets."""

    PART_OF = 'part_of'
    BROADER = 'broader'
    MEASURES = 'measures'
    OBSERVATION_OF = 'observation_of'
    ACTION_FOR = 'action_for'
    ANSWERED_BY = 'answered_by'
    RESPONSIBLE = 'responsible'
    LED_BY = 'led_by'
    HAS_PARTNER = 'has_partner'
    CONTRIBUTES_TO = 'contributes_to'
    HAS_THEME = 'has_theme'
    FUNDED_BY = 'funded_by'
    STEERED_BY = 'steered_by'
    REPORTS_TO = 'reports_to'
    HAS_MEMBER = 'has_member'
    POST_IN = 'post_in'
    HELD_BY = 'held_by'
    ADVANCES = 'advances'
    INVOLVES = 'involves'
    PARTY = 'party'
    CONTINUES = 'continues'
    MERGES = 'merges'
    REPLACES = 'replaces'
    ON_MAP = 'on_map'
    MAP_TYPE = 'map_type'
    CONNECTS_FROM = 'connects_from'
    CONNECTS_TO = 'connects_to'
    LOOP_MEMBER = 'loop_member'

    @property
    def neo4j(self) -> str:
        """The Neo4j relationship type."""
        return self.name


class BodyKind(StrEnum):
    """Kind of governing body."""

    COUNCIL = 'council'
    BOARD = 'board'
    COMMITTEE = 'committee'
    MANAGEMENT_TEAM = 'management_team'
    STEERING_GROUP = 'steering_group'
    WORKING_GROUP = 'working_group'
    INFLUENCE_BODY = 'influence_body'


class NetworkLevel(StrEnum):
    """Network level."""

    INTERNATIONAL = 'international'
    NATIONAL = 'national'
    REGIONAL = 'regional'
    LOCAL = 'local'


class ProjectStatus(StrEnum):
    """Project status."""

    IDEA = 'idea'
    PLANNED = 'planned'
    ONGOING = 'ongoing'
    COMPLETED = 'completed'
    CANCELLED = 'cancelled'


class StakeholderKind(StrEnum):
    """Kind of stakeholder."""

    UNIVERSITY = 'university'
    RESEARCH = 'research'
    COMPANY = 'company'
    BUSINESS_NETWORK = 'business_network'
    ASSOCIATION = 'association'
    PUBLIC_BODY = 'public_body'
    WELLBEING_COUNTY = 'wellbeing_county'
    TOURISM = 'tourism'
    VILLAGE = 'village'
    CITY_COMPANY = 'city_company'
    OTHER = 'other'


class FundingKind(StrEnum):
    """Kind of funding."""

    EU = 'eu'
    NATIONAL = 'national'
    REGIONAL = 'regional'
    MUNICIPAL = 'municipal'
    PRIVATE = 'private'


class MetricDirection(StrEnum):
    """Metric direction."""

    INCREASE = 'increase'
    DECREASE = 'decrease'
    MAINTAIN = 'maintain'


class MapTypeScope(StrEnum):
    """What a map type types."""

    ELEMENT = 'element'
    CONNECTION = 'connection'
    LOOP = 'loop'


class ConnectionDirection(StrEnum):
    """Connection direction."""

    DIRECTED = 'directed'
    UNDIRECTED = 'undirected'
    MUTUAL = 'mutual'


class MapViewKind(StrEnum):
    """Kind of map view."""

    MAP = 'map'
    PERSPECTIVE = 'perspective'


class ActionState(StrEnum):
    """State of an action."""

    PLANNED = 'planned'
    ONGOING = 'ongoing'
    DONE = 'done'


NODE_IRIS: dict[NodeType, str] = {
    NodeType.STRATEGY: 'https://w3id.org/stratgraph/ontology#Strategy',
    NodeType.GOAL: 'https://w3id.org/stratgraph/ontology#Goal',
    NodeType.METRIC: 'https://w3id.org/stratgraph/ontology#Metric',
    NodeType.OBSERVATION: 'https://w3id.org/stratgraph/ontology#Observation',
    NodeType.ACTION: 'https://w3id.org/stratgraph/ontology#Action',
    NodeType.MILESTONE: 'https://w3id.org/stratgraph/ontology#Milestone',
    NodeType.STATUS_NARRATIVE: 'https://w3id.org/stratgraph/ontology#StatusNarrative',
    NodeType.SECTOR: 'https://w3id.org/stratgraph/ontology#Sector',
    NodeType.UNIT: 'https://w3id.org/stratgraph/ontology#Unit',
    NodeType.GOVERNING_BODY: 'https://w3id.org/stratgraph/ontology#GoverningBody',
    NodeType.ROLE: 'https://w3id.org/stratgraph/ontology#Role',
    NodeType.PERSON: 'https://w3id.org/stratgraph/ontology#Person',
    NodeType.PROJECT: 'https://w3id.org/stratgraph/ontology#Project',
    NodeType.THEME: 'https://w3id.org/stratgraph/ontology#Theme',
    NodeType.FUNDING_SOURCE: 'https://w3id.org/stratgraph/ontology#FundingSource',
    NodeType.STAKEHOLDER: 'https://w3id.org/stratgraph/ontology#Stakeholder',
    NodeType.NETWORK: 'https://w3id.org/stratgraph/ontology#Network',
    NodeType.SERVICE: 'https://w3id.org/stratgraph/ontology#Service',
    NodeType.AGREEMENT: 'https://w3id.org/stratgraph/ontology#Agreement',
    NodeType.DRAWN_MAP: 'https://w3id.org/stratgraph/ontology#DrawnMap',
    NodeType.MAP_TYPE: 'https://w3id.org/stratgraph/ontology#MapType',
    NodeType.MAP_ELEMENT: 'https://w3id.org/stratgraph/ontology#MapElement',
    NodeType.MAP_CONNECTION: 'https://w3id.org/stratgraph/ontology#MapConnection',
    NodeType.MAP_LOOP: 'https://w3id.org/stratgraph/ontology#MapLoop',
    NodeType.MAP_VIEW: 'https://w3id.org/stratgraph/ontology#MapView',
}
REL_IRIS: dict[RelType, str] = {
    RelType.PART_OF: 'https://w3id.org/stratgraph/ontology#partOf',
    RelType.BROADER: 'https://w3id.org/stratgraph/ontology#broader',
    RelType.MEASURES: 'https://w3id.org/stratgraph/ontology#measures',
    RelType.OBSERVATION_OF: 'https://w3id.org/stratgraph/ontology#observationOf',
    RelType.ACTION_FOR: 'https://w3id.org/stratgraph/ontology#actionFor',
    RelType.ANSWERED_BY: 'https://w3id.org/stratgraph/ontology#answeredBy',
    RelType.RESPONSIBLE: 'https://w3id.org/stratgraph/ontology#responsible',
    RelType.LED_BY: 'https://w3id.org/stratgraph/ontology#ledBy',
    RelType.HAS_PARTNER: 'https://w3id.org/stratgraph/ontology#hasPartner',
    RelType.CONTRIBUTES_TO: 'https://w3id.org/stratgraph/ontology#contributesTo',
    RelType.HAS_THEME: 'https://w3id.org/stratgraph/ontology#hasTheme',
    RelType.FUNDED_BY: 'https://w3id.org/stratgraph/ontology#fundedBy',
    RelType.STEERED_BY: 'https://w3id.org/stratgraph/ontology#steeredBy',
    RelType.REPORTS_TO: 'https://w3id.org/stratgraph/ontology#reportsTo',
    RelType.HAS_MEMBER: 'https://w3id.org/stratgraph/ontology#hasMember',
    RelType.POST_IN: 'https://w3id.org/stratgraph/ontology#postIn',
    RelType.HELD_BY: 'https://w3id.org/stratgraph/ontology#heldBy',
    RelType.ADVANCES: 'https://w3id.org/stratgraph/ontology#advances',
    RelType.INVOLVES: 'https://w3id.org/stratgraph/ontology#involves',
    RelType.PARTY: 'https://w3id.org/stratgraph/ontology#party',
    RelType.CONTINUES: 'https://w3id.org/stratgraph/ontology#continues',
    RelType.MERGES: 'https://w3id.org/stratgraph/ontology#merges',
    RelType.REPLACES: 'https://w3id.org/stratgraph/ontology#replaces',
    RelType.ON_MAP: 'https://w3id.org/stratgraph/ontology#onMap',
    RelType.MAP_TYPE: 'https://w3id.org/stratgraph/ontology#mapType',
    RelType.CONNECTS_FROM: 'https://w3id.org/stratgraph/ontology#connectsFrom',
    RelType.CONNECTS_TO: 'https://w3id.org/stratgraph/ontology#connectsTo',
    RelType.LOOP_MEMBER: 'https://w3id.org/stratgraph/ontology#loopMember',
}
#: The node class that qualifies a relation (W3C ORG's org:Membership), with the predicates
#: pointing at the relation's source, its target and the role (or None).
QUALIFIED: dict[RelType, tuple[str, str, str, str | None]] = {
    RelType.HAS_MEMBER: ('http://www.w3.org/ns/org#Membership', 'http://www.w3.org/ns/org#organization', 'http://www.w3.org/ns/org#member', 'http://www.w3.org/ns/org#role'),
}
#: Neo4j property key of every literal property IRI, with its datatype.
NEO4J_PROPERTIES: dict[str, tuple[str, str]] = {
    'http://purl.org/dc/terms/identifier': ('dct:identifier', 'string'),
    'http://www.w3.org/2004/02/skos/core#prefLabel': ('skos:prefLabel', 'text'),
    'http://purl.org/dc/terms/description': ('dct:description', 'text'),
    'https://w3id.org/stratgraph/ontology#code': ('sg:code', 'string'),
    'https://w3id.org/stratgraph/ontology#startDate': ('sg:startDate', 'date'),
    'https://w3id.org/stratgraph/ontology#endDate': ('sg:endDate', 'date'),
    'https://w3id.org/stratgraph/ontology#sdgTarget': ('sg:sdgTarget', 'string'),
    'https://w3id.org/stratgraph/ontology#unitOfMeasure': ('sg:unitOfMeasure', 'string'),
    'https://w3id.org/stratgraph/ontology#baseline': ('sg:baseline', 'decimal'),
    'https://w3id.org/stratgraph/ontology#baselineYear': ('sg:baselineYear', 'integer'),
    'https://w3id.org/stratgraph/ontology#target': ('sg:target', 'decimal'),
    'https://w3id.org/stratgraph/ontology#targetYear': ('sg:targetYear', 'integer'),
    'https://w3id.org/stratgraph/ontology#direction': ('sg:direction', 'enum:MetricDirection'),
    'https://w3id.org/stratgraph/ontology#tolerance': ('sg:tolerance', 'decimal'),
    'https://w3id.org/stratgraph/ontology#weight': ('sg:weight', 'decimal'),
    'https://w3id.org/stratgraph/ontology#dataSource': ('sg:dataSource', 'string'),
    'https://w3id.org/stratgraph/ontology#year': ('sg:year', 'integer'),
    'https://w3id.org/stratgraph/ontology#value': ('sg:value', 'decimal'),
    'https://w3id.org/stratgraph/ontology#bodyKind': ('sg:bodyKind', 'enum:BodyKind'),
    'https://w3id.org/stratgraph/ontology#level': ('sg:level', 'enum:NetworkLevel'),
    'https://w3id.org/stratgraph/ontology#status': ('sg:status', 'enum:ProjectStatus'),
    'https://w3id.org/stratgraph/ontology#budget': ('sg:budget', 'decimal'),
    'https://w3id.org/stratgraph/ontology#stakeholderKind': ('sg:stakeholderKind', 'enum:StakeholderKind'),
    'https://w3id.org/stratgraph/ontology#fundingKind': ('sg:fundingKind', 'enum:FundingKind'),
    'http://xmlns.com/foaf/0.1/homepage': ('foaf:homepage', 'string'),
    'https://w3id.org/stratgraph/ontology#externalId': ('sg:externalId', 'string'),
    'https://w3id.org/stratgraph/ontology#typeScope': ('sg:typeScope', 'enum:MapTypeScope'),
    'https://w3id.org/stratgraph/ontology#connectionDirection': ('sg:connectionDirection', 'enum:ConnectionDirection'),
    'https://w3id.org/stratgraph/ontology#polarity': ('sg:polarity', 'string'),
    'https://w3id.org/stratgraph/ontology#mapAttributes': ('sg:mapAttributes', 'string'),
    'https://w3id.org/stratgraph/ontology#mapData': ('sg:mapData', 'string'),
    'https://w3id.org/stratgraph/ontology#viewKind': ('sg:viewKind', 'enum:MapViewKind'),
    'https://w3id.org/stratgraph/ontology#actionState': ('sg:actionState', 'enum:ActionState'),
    'https://w3id.org/stratgraph/ontology#dueDate': ('sg:dueDate', 'date'),
    'https://w3id.org/stratgraph/ontology#observedOn': ('sg:observedOn', 'date'),
    'https://w3id.org/stratgraph/ontology#period': ('sg:period', 'string'),
    'https://w3id.org/stratgraph/ontology#updateMonths': ('sg:updateMonths', 'integer'),
    'https://w3id.org/stratgraph/ontology#sourceRow': ('sg:sourceRow', 'string'),
    'https://w3id.org/stratgraph/ontology#roleLabel': ('sg:roleLabel', 'string'),
    'https://w3id.org/stratgraph/ontology#note': ('sg:note', 'string'),
    'https://w3id.org/stratgraph/ontology#recordId': ('sg:recordId', 'string'),
    'https://w3id.org/stratgraph/ontology#dateSource': ('sg:dateSource', 'string'),
}


@dataclasses.dataclass(frozen=True, slots=True)
class StrategyRecord:
    """City strategy (kaupunkistrategia): The city strategy approved by the council; its goals form a concept scheme."""

    id: str
    label: dict[str, str]
    code: str | None = None
    description: dict[str, str] | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class GoalRecord:
    """Goal (tavoite): A goal of the strategy or one of its sub-goals."""

    id: str
    label: dict[str, str]
    code: str | None = None
    description: dict[str, str] | None = None
    sdg_target: str | None = None
    part_of: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    has_theme: tuple[str, ...] = ()
    continues: tuple[str, ...] = ()
    merges: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MetricRecord:
    """Metric (mittari): A metric that follows how a goal is met."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    unit_of_measure: str | None = None
    baseline: decimal.Decimal | None = None
    baseline_year: int | None = None
    target: decimal.Decimal | None = None
    target_year: int | None = None
    direction: MetricDirection | None = None
    data_source: str | None = None
    tolerance: decimal.Decimal | None = None
    weight: decimal.Decimal | None = None
    update_months: int | None = None
    measures: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class ObservationRecord:
    """Metric observation (mittarin havainto): A metric's value in a given year."""

    id: str
    label: dict[str, str]
    year: int
    value: decimal.Decimal
    observed_on: datetime.date | None = None
    description: dict[str, str] | None = None
    observation_of: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class ActionRecord:
    """Action (toimenpide): What is done for a goal or metric, who answers for it and by when."""

    id: str
    label: dict[str, str]
    action_state: ActionState
    description: dict[str, str] | None = None
    due_date: datetime.date | None = None
    action_for: tuple[str, ...] = ()
    answered_by: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MilestoneRecord:
    """Milestone (virstanpylväs): An intermediate point of a goal or metric and its date."""

    id: str
    label: dict[str, str]
    due_date: datetime.date
    description: dict[str, str] | None = None
    action_state: ActionState | None = None
    action_for: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class StatusNarrativeRecord:
    """Status narrative (tilannekatsaus): The owner's short account of a goal's or metric's state for a period."""

    id: str
    label: dict[str, str]
    description: dict[str, str]
    period: str
    action_for: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class SectorRecord:
    """Sector (toimiala): A sector of the city organisation (e.g. education and wellbeing)."""

    id: str
    label: dict[str, str]
    code: str | None = None
    description: dict[str, str] | None = None
    homepage: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class UnitRecord:
    """Unit (yksikkö): A unit or service area within a sector."""

    id: str
    label: dict[str, str]
    code: str | None = None
    description: dict[str, str] | None = None
    homepage: str | None = None
    part_of: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class GoverningBodyRecord:
    """Governing body (toimielin): A deciding, steering or preparing body or group."""

    id: str
    label: dict[str, str]
    body_kind: BodyKind
    code: str | None = None
    description: dict[str, str] | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    external_id: str | None = None
    reports_to: tuple[str, ...] = ()
    has_member: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class RoleRecord:
    """Role (rooli): A post or position (e.g. mayor, project specialist)."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    reports_to: tuple[str, ...] = ()
    post_in: tuple[str, ...] = ()
    held_by: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PersonRecord:
    """Person (henkilö): A person; optional and may be pseudonymised."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    external_id: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ProjectRecord:
    """Project (hanke): A project."""

    id: str
    label: dict[str, str]
    code: str | None = None
    description: dict[str, str] | None = None
    status: ProjectStatus | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    budget: decimal.Decimal | None = None
    homepage: str | None = None
    led_by: tuple[str, ...] = ()
    has_partner: tuple[str, ...] = ()
    contributes_to: tuple[str, ...] = ()
    has_theme: tuple[str, ...] = ()
    funded_by: tuple[str, ...] = ()
    steered_by: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class ThemeRecord:
    """Theme (teema): A topic or theme (e.g. climate, circular economy)."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    broader: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class FundingSourceRecord:
    """Funding source (rahoituslähde): A funding programme or source (e.g. ERDF, New European Bauhaus)."""

    id: str
    label: dict[str, str]
    funding_kind: FundingKind | None = None
    description: dict[str, str] | None = None
    homepage: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class StakeholderRecord:
    """Stakeholder (sidosryhmä): An organisation outside the city organisation."""

    id: str
    label: dict[str, str]
    stakeholder_kind: StakeholderKind
    code: str | None = None
    description: dict[str, str] | None = None
    homepage: str | None = None
    external_id: str | None = None
    has_member: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class NetworkRecord:
    """Network (verkosto): A collaboration network the city takes part in."""

    id: str
    label: dict[str, str]
    level: NetworkLevel
    description: dict[str, str] | None = None
    homepage: str | None = None
    led_by: tuple[str, ...] = ()
    has_theme: tuple[str, ...] = ()
    has_member: tuple[str, ...] = ()
    advances: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceRecord:
    """Service process (palveluprosessi): A customer-facing service that spans sectors."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    responsible: tuple[str, ...] = ()
    contributes_to: tuple[str, ...] = ()
    has_theme: tuple[str, ...] = ()
    involves: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class AgreementRecord:
    """Cooperation agreement (yhteistyösopimus): A cooperation agreement between parties."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    status: ProjectStatus | None = None
    advances: tuple[str, ...] = ()
    party: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class DrawnMapRecord:
    """Drawn map (piirretty kartta): A system or stakeholder map drawn by a team (e.g. a Kumu project); its own element and connection types are its concepts."""

    id: str
    label: dict[str, str]
    description: dict[str, str] | None = None
    map_data: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class MapTypeRecord:
    """Map type (kartan tyyppi): A map's own element, connection or loop type (e.g. Interviewee, +)."""

    id: str
    label: dict[str, str]
    type_scope: MapTypeScope
    description: dict[str, str] | None = None
    on_map: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MapElementRecord:
    """Map element (kartan elementti): An element of a drawn map whose type is the map's own (e.g. an actor, a phenomenon, an outcome)."""

    id: str
    label: dict[str, str] | None = None
    description: dict[str, str] | None = None
    map_attributes: str | None = None
    map_data: str | None = None
    on_map: tuple[str, ...] = ()
    map_type: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MapConnectionRecord:
    """Map connection (kartan yhteys): A connection between two elements of a drawn map: its type, direction, polarity and free attributes."""

    id: str
    label: dict[str, str] | None = None
    description: dict[str, str] | None = None
    connection_direction: ConnectionDirection | None = None
    polarity: str | None = None
    map_attributes: str | None = None
    map_data: str | None = None
    on_map: tuple[str, ...] = ()
    map_type: tuple[str, ...] = ()
    connects_from: tuple[str, ...] = ()
    connects_to: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MapLoopRecord:
    """Feedback loop (takaisinkytkentäsilmukka): A feedback loop of a drawn map: its members and polarity."""

    id: str
    label: dict[str, str] | None = None
    description: dict[str, str] | None = None
    polarity: str | None = None
    map_attributes: str | None = None
    map_data: str | None = None
    on_map: tuple[str, ...] = ()
    map_type: tuple[str, ...] = ()
    loop_member: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MapViewRecord:
    """Map view (kartan näkymä): A view of a drawn map (the elements' positions) or a perspective (a style)."""

    id: str
    view_kind: MapViewKind
    label: dict[str, str] | None = None
    description: dict[str, str] | None = None
    map_data: str | None = None
    on_map: tuple[str, ...] = ()


RECORD_TYPES = {
    NodeType.STRATEGY: StrategyRecord,
    NodeType.GOAL: GoalRecord,
    NodeType.METRIC: MetricRecord,
    NodeType.OBSERVATION: ObservationRecord,
    NodeType.ACTION: ActionRecord,
    NodeType.MILESTONE: MilestoneRecord,
    NodeType.STATUS_NARRATIVE: StatusNarrativeRecord,
    NodeType.SECTOR: SectorRecord,
    NodeType.UNIT: UnitRecord,
    NodeType.GOVERNING_BODY: GoverningBodyRecord,
    NodeType.ROLE: RoleRecord,
    NodeType.PERSON: PersonRecord,
    NodeType.PROJECT: ProjectRecord,
    NodeType.THEME: ThemeRecord,
    NodeType.FUNDING_SOURCE: FundingSourceRecord,
    NodeType.STAKEHOLDER: StakeholderRecord,
    NodeType.NETWORK: NetworkRecord,
    NodeType.SERVICE: ServiceRecord,
    NodeType.AGREEMENT: AgreementRecord,
    NodeType.DRAWN_MAP: DrawnMapRecord,
    NodeType.MAP_TYPE: MapTypeRecord,
    NodeType.MAP_ELEMENT: MapElementRecord,
    NodeType.MAP_CONNECTION: MapConnectionRecord,
    NodeType.MAP_LOOP: MapLoopRecord,
    NodeType.MAP_VIEW: MapViewRecord,
}
