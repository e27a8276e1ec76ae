"""The ``bulletin`` command line: a thin layer over pipeline.Catalog and pipeline.evaluation."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from .catalog import Catalog, CatalogError, Outcome, default_path
from .ingest import shown
from .process import DEFAULT_MAX_SIZE

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Mine organization-department bulletins: ingest, export, evaluate.")
CatalogOpt = typer.Option(None, "--catalog", "-c", envvar="BULLETIN_CATALOG",
                          help="Catalog file (default ./catalog.db).")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def open_catalog(path, readonly: bool) -> Catalog:
    try:
        return Catalog(path or default_path(), readonly=readonly)
    except CatalogError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files, folders (recursively) and zip archives."),
           catalog: Optional[Path] = CatalogOpt,
           jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: the machine's cores)."),
           executor: Optional[str] = typer.Option(None, "--executor", help="serial, process or dask."),
           dask: Optional[str] = typer.Option(None, "--dask", help="Address of a Dask scheduler (tcp://host:8786)."),
           max_size: float = typer.Option(DEFAULT_MAX_SIZE / 2**20, "--max-size", help="Largest file to read, in MB.")):
    """Ingest bulletins into the catalog; files already in are skipped, bad files reported."""
    from .batch import EXECUTORS, ingest as run_batch

    if executor and executor not in EXECUTORS:
        typer.echo(f"error: unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}", err=True)
        raise typer.Exit(2)
    cat = open_catalog(catalog, readonly=False)
    options = dict(jobs=jobs or os.cpu_count() or 1, executor=executor, address=dask,
                   max_size=int(max_size * 2**20))
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
    cat.close()
    for failure in report.failures:
        print(f"FAILED {shown(failure.path)}: {failure.reason}")
    summary = report.summary()
    if report.count("ingested") == 0 and report.count("already") and not report.failures:
        summary += " (nothing new)"
    if report.interrupted:
        summary += " (interrupted: the rest was not read)"
    print(summary, flush=True)
    raise typer.Exit(130 if report.interrupted else 1 if report.failures else 0)


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
# Characters an xlsx cell cannot hold (XML 1.0 control characters).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@app.command()
def export(table: str = typer.Argument(..., help="sources, bulletins, pages, articles, practices, slogans, metrics, leaders, dropped or failures"),
           format: Optional[str] = typer.Option(None, "--format", "-f", help="csv, json, xlsx or parquet (default: from -o's suffix, else csv)"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default stdout for csv/json)."),
           catalog: Optional[Path] = CatalogOpt):
    """Export a catalog table."""
    if format is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        format = {"xls": "xlsx", "pq": "parquet", "jsonl": "json"}.get(suffix, suffix) if suffix in FORMATS + (
            "xls", "pq") else "csv"
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
    for col in df.columns:  # lists and dicts as JSON text in flat formats
        if format != "json" and df[col].map(lambda v: isinstance(v, (list, dict))).any():
            df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    cleaned = 0
    if format == "xlsx":
        import pandas as pd

        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                bad = df[col].map(lambda v: isinstance(v, str) and bool(XLSX_ILLEGAL.search(v)))
                cleaned += int(bad.sum())
                df[col] = df[col].map(lambda v: XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v)
    try:
        if format == "xlsx":
            df.to_excel(output, index=False)
        elif format == "parquet":
            df.to_parquet(output, index=False)
        else:
            text = df.to_csv(index=False) if format == "csv" else df.to_json(orient="records", force_ascii=False,
                                                                                 indent=1)
            if output is None:
                sys.stdout.write(text)
                return
            output.write_text(text, encoding="utf-8")
    except OSError as err:
        typer.echo(f"error: cannot write {output}: {err.strerror or err}", err=True)
        raise typer.Exit(1)
    note = f" ({cleaned} cell(s) had characters xlsx cannot hold; removed)" if cleaned else ""
    typer.echo(f"{len(df)} rows written to {output}{note}")


@app.command()
def check(catalog: Optional[Path] = CatalogOpt):
    """Check the catalog: SQLite's integrity check, and stored originals no source refers to (left by a
    write that was interrupted), which are removed."""
    cat = open_catalog(catalog, readonly=False)
    result = cat.check()
    cat.close()
    print(f"integrity: {result['integrity']}")
    print(f"originals: {result['originals']} kept, {len(result['orphans'])} orphan(s) removed")
    for path in result["orphans"]:
        print(f"  removed {path}")
    print(f"sources without articles: {result['empty_sources']}")
    raise typer.Exit(0 if result["integrity"] == "ok" and not result["empty_sources"] else 1)


@app.command("eval")
def evaluate_cmd(seeds: Path = typer.Option(SHARED / "seeds", "--seeds", help="Folder of seed documents."),
                 gold: Path = typer.Option(SHARED / "gold", "--gold", help="Folder of gold JSON files."),
                 gold_real: Path = typer.Option(SHARED / "gold-real", "--gold-real",
                                                help="Folder with passages.json: real passages, hand-annotated."),
                 as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")):
    """Score the pipeline against the gold extraction of the seeds and of the real passages."""
    from .evaluation import MEASURES, REAL_MEASURES, evaluate

    result = evaluate(seeds, gold, gold_real)
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
    for m in REAL_MEASURES:
        if m in result["overall"]:
            table.add_row(m, *["" for _ in docs], f"{result['overall'][m]:.3f}")
    Console(width=140).print(table)
    for path, reason in result["failures"]:
        print(f"FAILED {path}: {reason}")


def main():
    app()


if __name__ == "__main__":
    main()
