"""The ``bulletin`` command line: a thin layer over pipeline.Catalog and pipeline.evaluation."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .catalog import Catalog, Outcome, default_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Mine organization-department bulletins: ingest, export, evaluate.")
CatalogOpt = typer.Option(None, "--catalog", "-c", envvar="BULLETIN_CATALOG",
                          help="Catalog file (default ./catalog.db).")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files, folders (recursively) and zip archives."),
           catalog: Optional[Path] = CatalogOpt):
    """Ingest bulletins into the catalog; files already in are skipped, bad files reported."""
    cat = Catalog(catalog or default_path())
    interactive = sys.stdout.isatty()
    if interactive:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from .ingest import iter_inputs

        items = list(iter_inputs(paths, skip=cat.own_files()))
        outcomes: list[Outcome] = []
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}")) as bar:
            task = bar.add_task("", total=len(items))
            for item in items:
                bar.update(task, description=item.name[:40])
                outcomes.append(cat.ingest_input(item))
                bar.advance(task)
        from .catalog import IngestReport

        report = IngestReport(outcomes)
    else:
        def plain(outcome: Outcome) -> None:
            if outcome.status == "ingested":
                print(f"ingested  {outcome.path}", flush=True)

        report = cat.ingest(paths, on_outcome=plain)
    cat.close()
    for failure in report.failures:
        print(f"FAILED {failure.path}: {failure.reason}")
    summary = report.summary()
    if report.count("ingested") == 0 and report.count("already") and not report.failures:
        summary += " (nothing new)"
    print(summary)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def export(table: str = typer.Argument(..., help="sources, bulletins, pages, articles, practices, slogans, metrics, leaders, dropped or failures"),
           format: str = typer.Option("csv", "--format", "-f", help="csv, json, xlsx or parquet"),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default stdout for csv/json)."),
           catalog: Optional[Path] = CatalogOpt):
    """Export a catalog table."""
    with Catalog(catalog or default_path()) as cat:
        try:
            df = cat.table(table)
        except KeyError as err:
            typer.echo(str(err.args[0]), err=True)
            raise typer.Exit(2)
    for col in df.columns:  # lists and dicts as JSON text in flat formats
        if df[col].map(lambda v: isinstance(v, (list, dict))).any():
            if format in ("csv", "xlsx", "parquet"):
                df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    if format == "csv":
        text = df.to_csv(index=False)
    elif format == "json":
        text = df.to_json(orient="records", force_ascii=False, indent=1)
    elif format in ("xlsx", "parquet"):
        if output is None:
            typer.echo(f"--format {format} needs -o FILE", err=True)
            raise typer.Exit(2)
        df.to_excel(output, index=False) if format == "xlsx" else df.to_parquet(output, index=False)
        typer.echo(f"{len(df)} rows written to {output}")
        return
    else:
        typer.echo(f"unknown format {format!r}: choose csv, json, xlsx or parquet", err=True)
        raise typer.Exit(2)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{len(df)} rows written to {output}")
    else:
        sys.stdout.write(text)


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
