"""The ``mapping`` and ``match`` commands: parse options, call :mod:`ingest.mapping` or
:mod:`ingest.matching`, format. Registered on the main group in :mod:`stratgraph.cli`.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph_model.store import GraphStore
from ingest.mapping.source import read_table
from ingest.mapping.suggest import suggest_yaml
from ingest.matching import AUTO_ACCEPT, REVIEW_FROM, find_candidates, record_decisions
from stratgraph.options import chosen_output
from stratgraph.output import FORMATS, emit, format_changes, output_options
from stratgraph.settings import Settings

__all__ = ["mapping", "match", "import_register_cmd", "import_popolo_cmd", "import_kumu_cmd", "export_kumu_cmd"]


@click.group()
def mapping() -> None:
    """Mapping files that read other systems' tables (see `stratgraph ingest --mapping`).

    \b
    Example:
        stratgraph mapping suggest projektilista.csv.gz > mapping.yaml
    """


@mapping.command("suggest")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--sheet", help="The workbook's sheet (default: the first).")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
def suggest(path: Path, sheet: str | None, out: Path | None) -> None:
    """Draft a mapping for the table PATH from its headers (Finnish, Swedish, English) and first rows.

    Edit the draft (TODO marks what it could not know), then ingest with it.

    \b
    Example:
        stratgraph mapping suggest projektilista.csv.gz -o mapping.yaml
        stratgraph ingest projektilista.csv.gz --mapping mapping.yaml --dry-run
    """
    text = suggest_yaml(read_table(path, sheet))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


def _pair(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise click.BadParameter(f"{text!r}: write ID=CANONICAL_ID")
    a, b = text.split("=", 1)
    return a.strip(), b.strip()


@click.command()
@click.option("--accept", "accept", multiple=True, metavar="ID=CANONICAL",
              help="Accept a match: ID is the same organisation as CANONICAL (repeatable).")
@click.option("--reject", "reject", multiple=True, metavar="ID=OTHER", help="Reject a candidate pair (repeatable).")
@click.option("--accept-auto", is_flag=True, help="Accept every automatic candidate (same business id or a "
                                                  "spelling variant); the smaller id of a pair stays.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=REVIEW_FROM, show_default=True,
              help="List candidates from this score.")
@click.option("--all", "show_all", is_flag=True, help="List decided pairs too.")
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="How many to list.")
@click.option("--evaluate", "labels", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Score the matcher on your labelled pairs (CSV: name_a, name_b, same) instead.")
@click.option("--city", default="", metavar="NAME",
              help="The city whose sectors and units the store holds (e.g. 'Helsingin kaupunki'): they are read "
                   "as its units, after their own parents. Default: the city each register source records; "
                   "this overrides it.")
@click.option("--parent-a", default="", metavar="NAME", help="With --evaluate: whose units the name_a names are.")
@click.option("--parent-b", default="", metavar="NAME", help="With --evaluate: whose units the name_b names are.")
@output_options
@click.pass_context
def match(ctx: click.Context, accept: tuple[str, ...], reject: tuple[str, ...], accept_auto: bool, min_score: float,
          show_all: bool, top: int, labels: Path | None, city: str, parent_a: str, parent_b: str, fmt: str) -> None:
    """Organisations that may be one spelt differently: candidates with a score, and decisions.

    Names are compared with case, accents, legal forms (Oy, Osakeyhtiö, Ab, ry, kuntayhtymä ...),
    business ids written into them and doubled or cut names set aside. Candidates: the same business
    id, the same external id (a wikidata id shared by two party ids of a Popolo file: for review,
    never accepted by itself), or a similar name scored 0-100 (the model's probability; `why` shows the
    features behind it). `chance` is what to read: the share of pairs at that score that were one
    organisation in the labelled pairs the model was fitted on (about 0.45 in the review band).
    'auto' candidates (score >= the fitted auto threshold) can be accepted without review. Decisions
    are kept as the source 'match-decisions' (owl:sameAs / owl:differentFrom), so re-imports keep
    them, and the analyses and maps see one organisation.

    A unit's parent is part of what it is: a register's bare unit name (Kulttuurikeskus) is compared
    as its parents' unit, so another city's unit of that name (Vaasan kaupunki Kulttuurikeskus) is
    never automatic, and one written with its own city is. Units get their parents from the store
    (part_of) and then the city itself (which has no node): the one their register recorded at
    import-register (its row of the city as a whole), or --city, which overrides it; `why` says where
    the city came from. --evaluate reads parents from the columns parent_a, parent_b or from
    --parent-a/--parent-b.

    --evaluate LABELS.csv checks the matcher on your own pairs: a CSV with a header and the columns
    name_a, name_b and same (1/0, yes/no, true/false, kyllä/ei; other columns are ignored). It prints
    the precision and recall of the automatic matches, the precision of the review list and how many
    true pairs were never proposed, each figure with its 95% interval (the *_95 columns: with 40 true
    pairs a recall is known to about +-0.15).

    \b
    Example:
        stratgraph match --top 20
        stratgraph match --accept ORG-laurea-amk=ORG-laurea-ammattikorkeakoulu
        stratgraph match --accept-auto
        stratgraph match --evaluate my-labelled-pairs.csv
        stratgraph import-register organisaatiokoodit.csv && stratgraph match
        stratgraph match --city "Helsingin kaupunki"
        stratgraph match --evaluate register-pairs.csv --parent-a "Helsingin kaupunki"
    """
    if labels is not None:
        emit([_evaluation(labels, parent_a, parent_b)], fmt)
        return
    pairs, rejected = [_pair(a) for a in accept], [_pair(r) for r in reject]
    with GraphStore(ctx.find_object(Settings).db, read_only=not (accept or reject or accept_auto)) as store:
        if accept_auto:
            pairs += [(a.id, b.id) if a.id > b.id else (b.id, a.id)
                      for a, b, _, state in find_candidates(store, min_score=AUTO_ACCEPT, city=city) if state == "auto"]
        if accept_auto or pairs or reject:
            click.echo(record_decisions(store, pairs, rejected).text(), err=True)
            return
        rows = [{"a": a.id, "a_name": a.name, "b": b.id, "b_name": b.name, "score": c.score, "chance": c.chance,
                 "why": f"{c.reason}: {c.explanation}" if c.explanation else c.reason, "state": state} for a, b, c, state in find_candidates(store, min_score=min_score,
                                                                       include_decided=show_all, city=city)[:top]]
    emit(rows, fmt)


def _evaluation(labels: Path, parent_a: str = "", parent_b: str = "") -> dict:
    from ingest.matcheval import evaluate, read_labels, read_parents

    figures = evaluate(read_labels(labels), parents=read_parents(labels, parent_a, parent_b))
    spans = {name: "{:.2f}-{:.2f}".format(*span) for name, span in figures["intervals"].items()}
    return {"pairs": figures["pairs"], "same": figures["positives"], "auto_precision": round(figures["precision"], 3),
            "auto_recall": round(figures["recall"], 3), "review_pairs": figures["review"],
            "review_precision": round(figures["review_precision"], 3),
            "recall_with_review": round(figures["review_recall"], 3), "never_proposed": figures["never"],
            "auto_precision_95": spans["precision"], "auto_recall_95": spans["recall"],
            "review_precision_95": spans["review_precision"], "recall_with_review_95": spans["review_recall"]}


@click.command("import-register")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--source", help="Name of the source (default: the file name); a later version uses the same name.")
@click.option("--sector-type", "sector_types", multiple=True, help="Type codes of sectors (default: 8).")
@click.option("--unit-type", "unit_types", multiple=True, help="Type codes of units (default: 9).")
@click.option("--body-type", "body_types", multiple=True, metavar="CODE=KIND",
              help="A type code of governing bodies and their kind, e.g. 5=committee (default: 1=council, "
                   "2=board, 4=committee, 5=committee).")
@click.option("--post-type", "post_types", multiple=True, help="Type codes of posts (default: 10, 11, 12).")
@click.option("--id-prefix", default="REG-", show_default=True, help="Prefix of the node ids made from the codes.")
@click.option("--city", metavar="NAME", help="The register's own city (default: its row of the city as a whole, "
                                             "type 13), kept with the source for `stratgraph match`.")
@click.option("--dry-run", is_flag=True, help="Check and show the changes; store nothing.")
@output_options
@click.pass_context
def import_register_cmd(ctx: click.Context, path: Path, source: str | None, sector_types: tuple[str, ...],
                        unit_types: tuple[str, ...], body_types: tuple[str, ...], post_types: tuple[str, ...],
                        id_prefix: str, city: str | None, dry_run: bool, fmt: str) -> None:
    """Import an organisation register (codes, fi/sv/en names, parent or code hierarchy, validity dates)
    as sectors and units with part_of, governing bodies and posts; a later version shows units added,
    closed, moved and renamed.

    Columns are found by their usual names (ID/code/koodi, nameFIN/name_fi/nimi, nameSWE/namn,
    parent/ylempi, type/tyyppi, valid_from, valid_to). Helsinki's type codes: 8 sector, 9 unit, 1/2/4/5
    council, board, section, committee; 10/11/12 posts (post_in the organisation their code names).
    Rows of other types are counted with the reason, not imported. Giving any --*-type replaces
    Helsinki's codes: only the types given are imported.

    The row of the city as a whole (type 13) has no node; its names are kept with the source, so that
    `stratgraph match` reads the register's sectors and units as that city's units (another city's
    Kulttuurikeskus is then never automatic). --city NAME gives or overrides it (with --*-type, type 13
    is not read: give --city). Removing the source forgets it.

    \b
    Example:
        stratgraph import-register ../shared/data/helsinki-organisations/organisaatiokoodit.csv
        stratgraph import-register organisaatiokoodit-2025.csv --source organisaatiokoodit.csv --dry-run
        stratgraph import-register vaasa-units.csv --unit-type U --sector-type S --city "Vaasan kaupunki"
    """
    from ingest.account import summarise
    from ingest.register import import_register, parse_body_types

    options = {"id_prefix": id_prefix}
    if sector_types or unit_types or body_types or post_types:  # another register: only the types given
        options.update(sector_types=sector_types, unit_types=unit_types, post_types=post_types,
                       body_types=parse_body_types(body_types), city_types=())
    with GraphStore(ctx.find_object(Settings).db) as store:
        report = import_register(path, store, source=source, dry_run=dry_run, city=city, **options)
    if chosen_output(fmt, (*FORMATS, "xlsx")) != (None, "table"):  # --format json/csv or --out FILE
        emit([report.as_dict()], fmt)
        return
    click.echo(f"{report.status}: register {report.source!r}: {report.sectors} sectors, {report.units} units, "
               f"{report.bodies} bodies, {report.posts} posts ({len(report.posts_without_organisation)} without "
               f"an organisation in the register)")
    click.echo("  " + summarise(report.account).replace("\n", "\n  "))
    if report.city:
        click.echo(f"  the register's city: {report.city['name']!r} ({report.city['from']}), kept with the source")
    for label, items in (("added", report.added), ("closed", report.closed), ("renamed", report.renamed)):
        if items:
            click.echo(f"  {label}: {', '.join(items)}")
    for unit, old, new in report.moved:
        click.echo(f"  moved: {unit} from {old} to {new}")


@click.command("import-popolo")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--source", help="Name of the source (default: the file name).")
@click.option("--id-prefix", default="POPOLO-", show_default=True, help="Prefix of the node ids.")
@click.option("--pseudonymise", is_flag=True, help="Persons as 'Person <hash>' with hashed ids.")
@click.option("--keep-going", is_flag=True, help="Leave out memberships that point at nothing (each reported); "
                                                  "store the rest.")
@click.option("--dry-run", is_flag=True, help="Check (and show the changes over the same source); store nothing.")
@output_options
@click.pass_context
def import_popolo_cmd(ctx: click.Context, path: Path, source: str | None, id_prefix: str, pseudonymise: bool,
                      keep_going: bool, dry_run: bool, fmt: str) -> None:
    """Import Popolo JSON: bodies, parties, persons, posts and dated memberships.

    Councils, boards and committees become governing bodies, parties stakeholders, every membership its
    own dated org:Membership (dates from its legislative period when it has none), with its role,
    party, post and area; a member may be a person or an organisation. The account printed at the end
    says, per kind of record, what was read, stored and not kept (and why); fields the schema does not
    hold are counted by JSON path. Bad input is reported with the JSON path of each problem.

    \b
    Example:
        stratgraph import-popolo ../shared/data/popolo-au-vic/local_councillor_popolo.json --pseudonymise
        stratgraph import-popolo ep-popolo-v1.0.json --keep-going --format json
    """
    from ingest.account import summarise
    from ingest.popolo import import_popolo

    with GraphStore(ctx.find_object(Settings).db) as store:
        report = import_popolo(path, store, source=source, dry_run=dry_run, prefix=id_prefix,
                               pseudonymise=pseudonymise, keep_going=keep_going)
    if chosen_output(fmt, (*FORMATS, "xlsx")) != (None, "table"):  # --format json/csv or --out FILE
        emit([report.as_dict()], fmt)
        return
    counts = ", ".join(f"{n} {t}" for t, n in report.by_type.items())
    click.echo(f"{report.status}: Popolo {report.source!r}: {counts}, {report.memberships} memberships")
    click.echo("  " + summarise(report.account).replace("\n", "\n  "))
    for problem in report.left_out:
        click.echo(f"  left out: {problem['column']}: {problem['message']}")
    for path_pattern, count in report.fields_not_kept.items():
        click.echo(f"  field not kept (no place in the schema): {path_pattern}: {count}")
    if report.changes is not None:
        click.echo(format_changes(report.changes))


def _types(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for text in pairs:
        if "=" not in text:
            raise click.BadParameter(f"{text!r}: write KUMU_TYPE=NODE_TYPE or KUMU_TYPE=NODE_TYPE:KIND",
                                     param_hint="--type")
        kumu, node = text.split("=", 1)
        out[kumu.strip()] = node.strip()
    return out


@click.command("import-kumu")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--source", help="Name of the source (default: the file name).")
@click.option("--type", "type_pairs", multiple=True, metavar="KUMU_TYPE=NODE_TYPE[:KIND]",
              help="Turn a Kumu element type into one of our node types, optionally setting its kind "
                   "(repeatable; e.g. Org=Stakeholder:company).")
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default="fi", show_default=True,
              help="The language of the elements' label and description.")
@click.option("--dry-run", is_flag=True, help="Check only; store nothing.")
@output_options
@click.pass_context
def import_kumu_cmd(ctx: click.Context, path: Path, source: str | None, type_pairs: tuple[str, ...], lang: str,
                    dry_run: bool, fmt: str) -> None:
    """Import any Kumu project with nothing lost: its element and connection types (the map's own
    words, kept as its types), elements, connections (untyped and polarity ones too), loops, free
    attributes, tags, maps and perspectives. Types that name ours (Project, led_by) become ours. PATH
    is Kumu's JSON backup (.json), its spreadsheet (.xlsx with Elements and Connections sheets) or a
    folder holding elements.csv and connections.csv. Ends with the account: read, stored, not kept.

    \b
    Example:
        stratgraph import-kumu ../shared/data/kumu-changelabs/kumu-changelabs-template.json
        stratgraph import-kumu network-map.json --type Interviewee=Person --type Org=Stakeholder:company
        stratgraph import-kumu network-map.xlsx --format json
    """
    from ingest.kumu import import_kumu

    types = _types(type_pairs)
    with GraphStore(ctx.find_object(Settings).db) as store:
        info, parsed, account = import_kumu(path, store, source=source, types=types, lang=lang, dry_run=dry_run)
    if chosen_output(fmt, (*FORMATS, "xlsx")) != (None, "table"):  # --format json/csv or --out FILE
        emit([{"status": "valid" if dry_run else "stored", "source": info.name, "nodes": len(parsed.entities),
               "relationships": len(parsed.edges), "account": account.as_dict()}], fmt)
        return
    click.echo(f"{'valid' if dry_run else 'stored'}: Kumu {info.name!r}: {len(parsed.entities)} nodes, "
               f"{len(parsed.edges)} relationships")
    click.echo("\n".join(f"  {line}" for line in account.summary().splitlines()))


@click.command("export-kumu")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--types", help="Only these node types, comma-separated (default: all).")
@click.option("--lang", type=click.Choice(["fi", "sv", "en"]), default="fi", show_default=True)
@click.pass_context
def export_kumu_cmd(ctx: click.Context, out: Path, types: str | None, lang: str) -> None:
    """Export the graph (or some node types) for Kumu: OUT.json (a project, with the drawn maps' own
    types, connections, attributes, loops, maps and perspectives) or OUT.xlsx (Kumu's spreadsheet:
    Elements and Connections sheets, every cell text, never a formula).

    \b
    Example:
        stratgraph export-kumu strategy-map.json --types Project,Unit,Sector,Stakeholder
        stratgraph export-kumu strategy-map.xlsx
    """
    import json

    from queries.kumu_export import kumu_project, write_kumu_workbook

    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        doc = kumu_project(store, types=[t.strip() for t in types.split(",")] if types else None, lang=lang)
    if out.suffix.lower() == ".xlsx":
        write_kumu_workbook(doc, out)
    else:
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    parts = f"{len(doc['elements'])} elements, {len(doc['connections'])} connections"
    if out.suffix.lower() != ".xlsx":  # Kumu's spreadsheet has no loops, maps or perspectives
        parts += f", {len(doc['loops'])} loops, {len(doc['maps'])} maps, {len(doc['perspectives'])} perspectives"
    click.echo(f"wrote {out}: {parts}")
