"""The ``bulletin`` command line: a thin layer over pipeline.Catalog and pipeline.evaluation."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from .catalog import Catalog, CatalogError, CatalogReadOnly, FilterError, Outcome, default_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Mine organization-department bulletins: ingest, search, list slogans, metrics and themes, export, evaluate.")
CatalogOpt = typer.Option(None, "--catalog", "-c", envvar="BULLETIN_CATALOG",
                          help="Catalog file (default ./catalog.db).")
FormatOpt = typer.Option("table", "--format", "-f", help="table, json or csv")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def open_catalog(path, readonly: bool, create: bool = False) -> Catalog:
    """The catalog, or exit 2 with the reason; only ingest makes a new one (``create``): a mistyped
    path given to any other command is said, not made into an empty catalog."""
    try:
        return Catalog(path or default_path(), readonly=readonly, create=create)
    except CatalogError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files, folders (recursively) and zip archives."),
           catalog: Optional[Path] = CatalogOpt,
           jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: the machine's cores)."),
           executor: Optional[str] = typer.Option(None, "--executor", help="serial, process or dask."),
           dask: Optional[str] = typer.Option(None, "--dask", help="Address of a Dask scheduler (tcp://host:8786)."),
           max_size: Optional[float] = typer.Option(None, "--max-size", help="Largest file to read, in MB (default 100)."),
           timeout: float = typer.Option(120, "--timeout", help="Most seconds one file may take (0: no limit).")):
    """Ingest bulletins into the catalog; files already in are skipped, bad files reported."""
    from .batch import EXECUTORS, ingest as run_batch
    from .ingest import DEFAULT_MAX_SIZE, shown

    max_size = DEFAULT_MAX_SIZE / 2**20 if max_size is None else max_size

    if executor and executor not in EXECUTORS:
        typer.echo(f"error: unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}", err=True)
        raise typer.Exit(2)
    missing = [p for p in paths if not os.path.lexists(p)]
    if len(missing) == len(paths):  # nothing to read (a mistyped path): said, and no catalog made for it;
        for p in missing:  # beside paths that exist, a missing one is one failed file of the batch
            typer.echo(f"error: no such file or folder: {shown(p)}", err=True)
        raise typer.Exit(2)
    cat = open_catalog(catalog, readonly=False, create=True)
    options = dict(jobs=jobs or os.cpu_count() or 1, executor=executor, address=dask,
                   max_size=int(max_size * 2**20), timeout=timeout or None)
    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}")) as bar:
            task = bar.add_task("", total=_count_files(paths))

            def advance(outcome: Outcome) -> None:
                bar.update(task, advance=1, description=shown(outcome.path)[-40:])

            report = run_batch(cat, paths, on_outcome=advance, **options)
    else:
        def plain(outcome: Outcome) -> None:
            if outcome.status == "ingested":
                print(f"ingested  {shown(outcome.path)}", flush=True)

        report = run_batch(cat, paths, on_outcome=plain, **options)
    if report.fitted:
        print(report.fitted, flush=True)
    else:
        _stale_note(cat)
    cat.close()
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    for failure in report.failures:
        print(f"FAILED {shown(failure.path)}: {failure.reason}")
    summary = report.summary()
    if report.count("ingested") == 0 and report.count("already") and not report.failures:
        summary += " (nothing new)"
    if report.interrupted:
        summary += " (interrupted: the rest was not read)"
    print(summary, flush=True)
    raise typer.Exit(128 + (report.signal or 2) if report.interrupted else 1 if report.failures else 0)


def _count_files(paths) -> int:
    """How many files the bar goes to (a zip counts as one until opened); nothing is read."""
    n = 0
    for p in paths:
        p = Path(p)
        try:
            n += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
        except OSError:
            n += 1
    return n


FORMATS = ("csv", "json", "xlsx", "parquet")


@app.command()
def export(table: str = typer.Argument(..., help="sources, bulletins, pages, articles, practices, slogans, metrics, leaders, dropped or failures"),
           format: Optional[str] = typer.Option(None, "--format", "-f", help="csv, json, xlsx or parquet (default: from -o's suffix, else csv)"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default stdout for csv/json)."),
           catalog: Optional[Path] = CatalogOpt):
    """Export a catalog table."""
    if format is None and output is not None:  # the format from -o's suffix; one it does not know is an error
        suffix = output.suffix.lower().lstrip(".")
        format = {"xls": "xlsx", "pq": "parquet"}.get(suffix, suffix)
        if format not in FORMATS:
            from .ingest import shown

            typer.echo(f"error: cannot tell the format from {shown(output)!r}: name it .csv, .json, .xlsx or "
                       ".parquet, or give --format", err=True)
            raise typer.Exit(2)
    format = format or "csv"
    if format not in FORMATS:
        typer.echo(f"error: unknown format {format!r}: choose csv, json, xlsx or parquet", err=True)
        raise typer.Exit(2)
    if format in ("xlsx", "parquet") and output is None:
        typer.echo(f"error: --format {format} needs -o FILE", err=True)
        raise typer.Exit(2)
    with open_catalog(catalog, readonly=True) as cat:
        try:
            df = cat.table(table)
        except KeyError as err:
            typer.echo(f"error: {err.args[0]}", err=True)
            raise typer.Exit(2)
    if format in ("csv", "xlsx"):  # flat: a list as its items joined with 、, anything else nested as JSON text
        for col in df.columns:
            if df[col].map(lambda v: isinstance(v, (list, tuple, dict))).any():
                df[col] = df[col].map(_flat)
    cleaned = 0
    if format == "xlsx":
        from .xlsx import xlsx_safe

        cleaned = xlsx_safe(df)
    try:
        if format in ("xlsx", "parquet"):
            # made in memory, then written: a write that fails leaves no half-made zip whose clean-up
            # fails again (and prints a traceback) when it is collected
            import io

            made = io.BytesIO()
            df.to_excel(made, index=False) if format == "xlsx" else df.to_parquet(made, index=False)
            try:
                output.write_bytes(made.getvalue())
            except OSError:
                if output.is_file():
                    output.unlink()  # what part of it was written is no xlsx, and it holds the space
                raise
        else:
            text = df.to_csv(index=False) if format == "csv" else df.to_json(orient="records", force_ascii=False,
                                                                                 indent=1)
            if output is None:
                sys.stdout.write(text)
                sys.stdout.flush()
                return
            output.write_text(text, encoding="utf-8")
    except OSError as err:
        from .ingest import shown

        typer.echo(f"error: cannot write {shown(output) if output else 'the output'}: {err.strerror or err}", err=True)
        raise typer.Exit(1)
    note = f" ({cleaned} cell(s) had characters xlsx cannot hold; removed)" if cleaned else ""
    typer.echo(f"{len(df)} rows written to {output}{note}")


def _flat(value):
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


@app.command()
def check(catalog: Optional[Path] = CatalogOpt):
    """Check the catalog: SQLite's integrity check; stored originals no source refers to (left by a
    write that was interrupted), which are removed; originals a source names that are missing, which
    are reported."""
    from .ingest import shown

    try:
        cat = Catalog(catalog or default_path(), create=False)
    except CatalogReadOnly:
        cat = open_catalog(catalog, readonly=True)  # a read-only archive: checked, nothing removed
    except CatalogError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    result = cat.check()
    cat.close()
    print(f"integrity: {result['integrity']}")
    print(f"originals: {result['originals']} kept, {len(result['orphans'])} orphan(s) removed")
    for path in result["orphans"] + result["partial"]:
        print(f"  removed {shown(path)}")
    if result["skipped"]:
        print(f"note: orphans not looked for: {result['skipped']}")
    if result["missing"]:
        print(f"missing: {len(result['missing'])} original(s) named by the catalog are not in "
              f"{shown(cat.files_dir)} (moved without its .files folder?); nothing removed")
        for name in result["missing"][:10]:
            print(f"  missing {name}")
    print(f"sources without articles: {result['empty_sources']}")
    ok = result["integrity"] == "ok" and not result["empty_sources"] and not result["missing"]
    raise typer.Exit(0 if ok else 1)


# -- search and the lists staff read -------------------------------------------------------------
FilterOpts = dict(
    theme=typer.Option(None, "--theme", "-t", help="Only practices with this theme (first or second)."),
    province=typer.Option(None, "--province", help="Only this province (浙江 or 浙江省)."),
    city=typer.Option(None, "--city", help="Only this city."),
    county=typer.Option(None, "--county", help="Only this county or district."),
    since=typer.Option(None, "--since", help="From this date (2020, 2020-05 or 2020-05-01)."),
    until=typer.Option(None, "--until", help="Up to this date."),
    publication=typer.Option(None, "--publication", help="Publication or site (part of its name)."),
    section=typer.Option(None, "--section", help="Section: 市内信息, 市外参考 …"),
    slogan=typer.Option(None, "--slogan", help="Only practices under this slogan."),
    kind=typer.Option(None, "--kind", help="Article kind: experience, speech or news."),
    exclude_city=typer.Option(None, "--exclude-city", help="Leave out this city (市外参考: your own)."),
    exclude_province=typer.Option(None, "--exclude-province", help="Leave out this province."),
)


def _print_frame(df, fmt: str, columns: list[str], title: str | None = None, widths: dict | None = None,
                 marked: str | None = None, no_wrap: tuple = ()) -> None:
    """Write a DataFrame as a table (rich), JSON or CSV. ``marked`` names a column of text with
    【】 marks, shown highlighted in the table."""
    if fmt == "json":
        print(df.to_json(orient="records", force_ascii=False, indent=1))
        return
    if fmt == "csv":
        flat = df.copy()
        for col in flat.columns:
            flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v)
        sys.stdout.write(flat.to_csv(index=False))
        return
    _print_table((row for _, row in df.iterrows()), columns, title, widths, marked, no_wrap)


def _print_practices(df, fmt: str, title: str) -> None:
    """Found practices: place, date, heading and the snippet with the query's words highlighted."""
    _print_frame(df, fmt, ["id", "place", "date", "heading", "marked"], title=title,
                 widths={"heading": 24, "marked": 70, "place": 10}, marked="marked")


@app.command()
def search(query: str = typer.Argument("", help="Words, simplified or traditional; \"quoted\" for a phrase."),
           theme: Optional[str] = FilterOpts["theme"], province: Optional[str] = FilterOpts["province"],
           city: Optional[str] = FilterOpts["city"], county: Optional[str] = FilterOpts["county"],
           since: Optional[str] = FilterOpts["since"], until: Optional[str] = FilterOpts["until"],
           publication: Optional[str] = FilterOpts["publication"], section: Optional[str] = FilterOpts["section"],
           slogan: Optional[str] = FilterOpts["slogan"], kind: Optional[str] = FilterOpts["kind"],
           exclude_city: Optional[list[str]] = FilterOpts["exclude_city"],
           exclude_province: Optional[list[str]] = FilterOpts["exclude_province"],
           limit: int = typer.Option(20, "--limit", "-n"),
           format: str = FormatOpt,
           catalog: Optional[Path] = CatalogOpt):
    """Search practices: place, date, heading and a highlighted snippet, best first."""
    _check_format(format)
    with open_catalog(catalog, readonly=True) as cat:  # no model is read: a search needs none
        try:
            found = cat.search_records(query, limit=limit, theme=theme, province=province, city=city, county=county,
                                       since=since, until=until, publication=publication, section=section,
                                       slogan=slogan, kind=kind, exclude_city=exclude_city,
                                       exclude_province=exclude_province)
        except FilterError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
    for note in found.notes:  # a query word no practice holds, a query cut to its limit
        typer.echo(f"note: {note}", err=True)
    if format == "table" and not found.rows:
        print("no practices found")
        raise typer.Exit(1)
    columns, widths = ["id", "place", "date", "heading", "marked"], {"heading": 24, "marked": 70, "place": 10}
    if format != "table":
        _print_records([dict(row, notes=found.notes) for row in found.rows], format, columns)
        return
    main = [row for row in found.rows if not row["related"]]
    related = [row for row in found.rows if row["related"]]
    if main:
        _print_records(main, format, columns, title=f"search: {query}", widths=widths, marked="marked")
    if related:  # never mixed in: they hold none of the query's words, only a thesaurus relative
        _print_records(related, format, columns, title="related, by theme (a thesaurus relative, none of the words)",
                       widths=widths, marked="marked")


def _print_records(rows: list[dict], fmt: str, columns: list[str], title: str | None = None,
                   widths: dict | None = None, marked: str | None = None) -> None:
    """Write rows (dicts) as a table (rich), JSON or CSV, as :func:`_print_frame` writes a DataFrame,
    without loading pandas."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        import csv

        fields = list(rows[0]) if rows else columns
        out = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        out.writeheader()
        for row in rows:
            out.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
                          for k, v in row.items()})
        return
    _print_table(rows, columns, title, widths, marked)


def _print_table(rows, columns: list[str], title: str | None, widths: dict | None, marked: str | None,
                 no_wrap: tuple = ()) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    rows = list(rows)
    table = Table(title=title, show_lines=False)
    for col in columns:
        if col in no_wrap:
            table.add_column(col, no_wrap=True, min_width=(widths or {}).get(col))
        else:
            table.add_column(col, max_width=(widths or {}).get(col), overflow="fold")
    for row in rows:
        cells = []
        for col in columns:
            v = row[col]
            if isinstance(v, (list, tuple)):
                v = "、".join(str(x) for x in v)
            text = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            text = escape(text)
            if col == marked:
                text = text.replace("【", "[bold red]").replace("】", "[/bold red]")
            cells.append(text)
        table.add_row(*cells)
    width = max(100, Console().width)
    if no_wrap:  # as wide as the unwrapped columns need
        from rich.cells import cell_len

        needed = sum(max([cell_len(str(c))] + [cell_len(str(row[c])) for row in rows]) + 3
                     for c in columns if c in no_wrap)
        width = max(width, needed + 1)
    Console(width=width).print(table)


@app.command()
def similar(practice_id: int = typer.Argument(..., help="A practice's id (the first column of search)."),
            limit: int = typer.Option(10, "--limit", "-n"),
            exclude_city: Optional[list[str]] = FilterOpts["exclude_city"],
            format: str = FormatOpt,
            catalog: Optional[Path] = CatalogOpt):
    """More like this: practices from other articles that share this one's most distinctive words."""
    _check_format(format)
    with open_catalog(catalog, readonly=True) as cat:
        try:
            df = cat.similar(practice_id, limit=limit, exclude_city=exclude_city)
        except KeyError as err:
            typer.echo(f"error: {err.args[0]}", err=True)
            raise typer.Exit(2)
    _print_practices(df, format, title=f"like practice {practice_id}")


@app.command()
def slogans(place: Optional[str] = typer.Option(None, "--place", help="Used in this province, city or county."),
            theme: Optional[str] = typer.Option(None, "--theme", "-t", help="Standing over practices of this theme."),
            limit: int = typer.Option(50, "--limit", "-n"),
            format: str = FormatOpt,
            catalog: Optional[Path] = CatalogOpt):
    """Slogans across bulletins: how often, their components, where and when they were used."""
    _check_format(format)
    with open_catalog(catalog, readonly=True) as cat:
        if theme and theme not in cat.theme_names():
            typer.echo(f"error: unknown theme {theme!r}; the themes: {'、'.join(cat.theme_names())}", err=True)
            raise typer.Exit(2)
        df = cat.slogan_index(place=place, theme=theme).head(limit)
    _print_frame(df, format, ["slogan", "occurrences", "sources", "components", "places", "first", "last"],
                 title="slogans", widths={"components": 50, "places": 24})


@app.command()
def metrics(unit: Optional[str] = typer.Option(None, "--unit", help="户, 元, %, 名 …"),
            place: Optional[str] = typer.Option(None, "--place", help="Province, city or county."),
            about: Optional[str] = typer.Option(None, "--about", help="Words in what is measured or around it."),
            limit: int = typer.Option(50, "--limit", "-n"),
            format: str = FormatOpt,
            catalog: Optional[Path] = CatalogOpt):
    """Metrics with their place and date: value in base units, unit, qualifier, what is measured."""
    _check_format(format)
    with open_catalog(catalog, readonly=True) as cat:
        df = cat.find_metrics(unit=unit, place=place, about=about, limit=limit)
    if format == "table":  # as people write them (1.1万, 5–10); JSON and CSV keep the numbers
        from .amounts import amount_range

        df = df.assign(value=[amount_range(v, h) for v, h in zip(df["value"], df["value_high"])])
    _print_frame(df, format, ["text", "value", "unit", "qualifier", "about", "place", "date"], title="metrics",
                 widths={"about": 40})


@app.command()
def themes(refit: bool = typer.Option(False, "--refit", help="Refit the classifier on themes.yaml and relabel."),
           by: Optional[str] = typer.Option(None, "--by", help="province, city, county or year"),
           themes_file: Optional[Path] = typer.Option(None, "--themes-file", help="A taxonomy other than models/themes.yaml."),
           format: str = FormatOpt,
           catalog: Optional[Path] = CatalogOpt):
    """The themes with their counts, overall or by place or year; --refit relabels the catalog."""
    from .fitting import refit as do_refit
    from .themes import TaxonomyError

    _check_format(format)
    if refit:
        cat = open_catalog(catalog, readonly=False)
        try:
            models = do_refit(cat, ("themes",), themes_path=themes_file)
        except TaxonomyError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
        typer.echo(f"themes v{models.themes_info.version} fitted over {models.themes_info.practices} practices; "
                   "catalog relabelled", err=True)
        cat.close()
    with open_catalog(catalog, readonly=True) as cat:
        _stale_note(cat, themes_file)
        df = cat.themes(by=by)
    if by and format in ("table", "csv"):
        df = _themes_by(df, by, most=BY_COLUMNS if format == "table" else None)
    if by and format == "table":  # short place names as headers, every cell on one line
        df.columns = [c if c in ("theme", "others", "total") else SHORT_PLACE.sub("", c) or c for c in df.columns]
    _print_frame(df, format, list(df.columns), title="themes" + (f" by {by}" if by else ""),
                 no_wrap=tuple(df.columns) if by else ())


SHORT_PLACE = re.compile(r"(壮族|回族|维吾尔)?(自治区|省|市)$")
BY_COLUMNS = 12  # place or year columns a table shows; the rest are summed as "others"


def _themes_by(long, by: str, most: int | None):
    """Themes as rows, one column per place (or year) with its practices, most first, and a total;
    beyond ``most`` columns the rest are summed in "others"."""
    wide = long.pivot_table(index="theme", columns=by, values="practices", fill_value=0, aggfunc="sum")
    wide = wide[wide.sum().sort_values(ascending=False).index]
    if most is not None and wide.shape[1] > most:
        others = wide.iloc[:, most:].sum(axis=1)
        wide = wide.iloc[:, :most]
        wide["others"] = others
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    return wide


@app.command()
def cluster(clusters: Optional[int] = typer.Option(None, "--clusters", "-k", help="How many (default √(practices/2), ≤200)."),
            show: bool = typer.Option(False, "--show", help="List the clusters without refitting."),
            members: int = typer.Option(3, "--members", help="Practices shown per cluster."),
            format: str = FormatOpt,
            catalog: Optional[Path] = CatalogOpt):
    """Refit the clusters over every practice (new batches are placed without a refit), then list them."""
    from .fitting import current_models, refit as do_refit

    _check_format(format)
    if not show:
        cat = open_catalog(catalog, readonly=False)
        parts = ("clusters",) if current_models(cat) is not None else ("themes", "clusters")  # first fit: both
        models = do_refit(cat, parts, cluster_options={"n_clusters": clusters} if clusters else None)
        cat.close()
        if models.clusters is None:
            typer.echo("no practices to cluster", err=True)
            raise typer.Exit(1)
        typer.echo(f"{len(models.clusters.sizes_)} clusters (v{models.clusters_info.version}) fitted over "
                   f"{models.clusters_info.practices} practices", err=True)
    with open_catalog(catalog, readonly=True) as cat:
        _stale_note(cat)
        df = cat.clusters()
        df["members"] = [list(cat.cluster_members(c, members)["heading"]) for c in df["id"]]
    _print_frame(df, format, ["id", "practices", "label", "members"], title="clusters",
                 widths={"label": 40, "members": 60})


@app.command()
def digest(output: Path = typer.Option(..., "-o", "--output", help="FILE.docx (Word) or FILE.md (a preview)."),
           home: Optional[str] = typer.Option(None, "--home", help="Your own city: its experiences are left out."),
           theme: Optional[list[str]] = typer.Option(None, "--theme", "-t", help="Themes to draw from (repeatable)."),
           query: Optional[str] = typer.Option(None, "--query", "-q", help="Search words to choose experiences."),
           since: Optional[str] = typer.Option(None, "--since", help="From this date (2020, 2020-05 …)."),
           until: Optional[str] = typer.Option(None, "--until", help="Up to this date."),
           ids: Optional[list[int]] = typer.Option(None, "--ids", help="Practice ids to take (repeatable)."),
           limit: int = typer.Option(5, "--limit", "-n", help="Most experiences in the digest."),
           catalog: Optional[Path] = CatalogOpt):
    """A draft 市外参考 section: experiences from outside the home city, in the bulletins' house style."""
    from .digest import build_digest, write_docx, write_markdown

    suffix = output.suffix.lower()
    if suffix not in (".docx", ".md"):
        typer.echo(f"error: {output}: write a .docx or a .md file", err=True)
        raise typer.Exit(2)
    with open_catalog(catalog, readonly=True) as cat:
        try:
            result = build_digest(cat, home=home, themes=theme or (), query=query, since=since, until=until, ids=ids,
                                  limit=limit)
        except FilterError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
    if not result.items:
        typer.echo("no experiences match; nothing written", err=True)
        raise typer.Exit(1)
    try:
        write_docx(result, output) if suffix == ".docx" else write_markdown(result, output)
    except OSError as err:
        typer.echo(f"error: cannot write {output}: {err.strerror or err}", err=True)
        raise typer.Exit(1)
    places = "、".join(i.place or "（地点不详）" for i in result.items)  # one per item, in order
    print(f"{len(result.items)} experience(s) written to {output}: {places}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
          port: int = typer.Option(8000, "--port"),
          catalog: Optional[Path] = CatalogOpt):
    """The local web page: search with facets, practice pages, slogans, metrics, the digest basket."""
    import ipaddress

    import uvicorn

    from .web import create_app

    try:
        web = create_app(catalog or default_path(), host=host)
    except CatalogError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        typer.echo(f"warning: listening on {host}: anyone who can reach this machine can read the catalog", err=True)
    typer.echo(f"serving {catalog or default_path()} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def reindex(catalog: Optional[Path] = CatalogOpt):
    """Rebuild the full-text index from the stored practices."""
    cat = open_catalog(catalog, readonly=False)
    n = cat.reindex()
    cat.close()
    print(f"{n} practices indexed")


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json", "csv"):
        typer.echo(f"error: unknown format {fmt!r}: choose table, json or csv", err=True)
        raise typer.Exit(2)


def _stale_note(cat, themes_path=None) -> None:
    from .fitting import status

    for line in status(cat, themes_path):
        typer.echo(f"note: {line}", err=True)


@app.command("eval")
def evaluate_cmd(seeds: Path = typer.Option(SHARED / "seeds", "--seeds", help="Folder of seed documents."),
                 gold: Path = typer.Option(SHARED / "gold", "--gold", help="Folder of gold JSON files."),
                 gold_real: Path = typer.Option(SHARED / "gold-real", "--gold-real",
                                                help="Folder with passages.json: real passages, hand-annotated."),
                 real_pages: Path = typer.Option(SHARED / "real-pages", "--real-pages",
                                                 help="Folder with pages.json: real web pages, hand-annotated."),
                 as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")):
    """Score the pipeline against the gold extraction of the seeds, the real passages and the real pages."""
    from .evaluation import MEASURES, PAGE_MEASURES, REAL_MEASURES, evaluate

    result = evaluate(seeds, gold, gold_real, real_pages)
    if as_json:
        print(json.dumps({"overall": result["overall"], "documents": result["documents"]}, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="evaluation against gold")
    table.add_column("measure")
    docs = list(result["documents"])
    for d in docs:
        table.add_column(d[:3], justify="right")
    table.add_column("overall", justify="right", style="bold")
    for m in MEASURES:
        cells = [result["documents"][d][m] for d in docs]
        table.add_row(m, *["—" if v is None else f"{v:.3f}" for v in cells], f"{result['overall'][m]:.3f}")
    for m in REAL_MEASURES + PAGE_MEASURES:
        if m in result["overall"] and result["overall"][m] is not None:
            table.add_row(m, *["" for _ in docs], f"{result['overall'][m]:.3f}")
    Console(width=140).print(table)
    for path, reason in result["failures"]:
        print(f"FAILED {path}: {reason}")


def main():
    """The command line, with what it writes flushed before it exits: a closed pipe or a full disk on
    the output is one line on stderr and exit status 1, not a traceback."""
    code = 0
    try:
        try:
            app()
        except SystemExit as exit_:
            code = exit_.code
        sys.stdout.flush()
    except OSError as err:
        try:  # nothing more can go to that output, the interpreter's own flush at exit included
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        if not isinstance(err, BrokenPipeError):  # a reader that stopped reading (| head) is no error
            print(f"error: cannot write the output: {err.strerror or err}", file=sys.stderr)
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
