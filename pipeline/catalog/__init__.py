"""Stage 6, catalog: one SQLite file holding everything extracted, the originals kept beside it.

Writes are one transaction per source file; a source is known by the SHA-256 of its bytes, so a
re-run skips what is in; WAL mode lets readers work while a batch runs.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from ..ingest import IngestError, InputFile, iter_inputs, read_bytes
from ..records import ParsedDocument
from .schema import MIGRATIONS

DEFAULT_PATH = "catalog.db"
EXPORTABLE = ("sources", "bulletins", "articles", "failures")


def default_path() -> str:
    return os.environ.get("BULLETIN_CATALOG") or DEFAULT_PATH


@dataclass
class Outcome:
    path: str
    status: str  # ingested | already | failed
    reason: str | None = None


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        return f"{self.count('ingested')} ingested, {self.count('already')} already in, {self.count('failed')} failed"


def process(raw) -> ParsedDocument:
    """Run the stages after ingest on one raw document."""
    from ..normalize import normalize
    from ..parse import parse

    return parse(normalize(raw))


class Catalog:
    """The catalog file and the library API over it; every accessor returns a pandas DataFrame."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path or default_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.files_dir = self.path.with_name(self.path.name + ".files")
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- ingestion -----------------------------------------------------------------------------
    def has(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM sources WHERE sha256=?", (sha256,)).fetchone() is not None

    def ingest(self, paths: Iterable[str | os.PathLike], on_outcome: Callable[[Outcome], None] | None = None
               ) -> IngestReport:
        """Ingest files, folders and zips; a bad file is recorded with its reason and the rest goes on."""
        report = IngestReport()
        for item in iter_inputs(paths):
            outcome = self.ingest_input(item)
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        return report

    def ingest_input(self, item: InputFile) -> Outcome:
        if item.error is not None:
            self._record_failure(item.path, None, item.error)
            return Outcome(item.path, "failed", item.error)
        sha = hashlib.sha256(item.data).hexdigest()
        if self.has(sha):
            return Outcome(item.path, "already")
        try:
            raw = read_bytes(item.data, item.name, item.path)
            parsed = process(raw)
        except IngestError as err:
            self._record_failure(item.path, sha, str(err))
            return Outcome(item.path, "failed", str(err))
        except Exception as err:  # a bug must not stop the batch either; say what it was
            reason = f"internal error while processing: {type(err).__name__}: {err}"
            self._record_failure(item.path, sha, reason)
            return Outcome(item.path, "failed", reason)
        stored = self._store_original(sha, item.data)
        self._write(parsed, item.data, stored)
        return Outcome(item.path, "ingested")

    def _store_original(self, sha: str, data: bytes) -> str:
        target = self.files_dir / sha[:2] / sha
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        return str(target.relative_to(self.path.parent))

    def _record_failure(self, path: str, sha: str | None, reason: str) -> None:
        self.db.execute("INSERT INTO failures(path, sha256, reason, at) VALUES (?,?,?,?)",
                        (path, sha, reason, _now()))

    def _write(self, parsed: ParsedDocument, data: bytes, stored: str) -> None:
        doc = parsed.document
        src = doc.source
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            cur = db.execute(
                "INSERT INTO sources(sha256, name, path, format, encoding, script, size, stored_as, site_title,"
                " original_text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (src.sha256, src.name, src.path, src.format, doc.encoding, doc.script, src.size, stored,
                 doc.site_title, doc.original_text, _now()))
            source_id = cur.lastrowid
            db.executemany(
                "INSERT INTO blocks(source_id, seq, kind, level, text, bold) VALUES (?,?,?,?,?,?)",
                [(source_id, i, b.kind, b.level, b.text, json.dumps(b.bold)) for i, b in enumerate(doc.blocks)])
            bulletin_id = None
            b = parsed.bulletin
            if b is not None:
                note = b.editor_note
                region = b.region
                bulletin_id = db.execute(
                    "INSERT INTO bulletins(source_id, publication, issuer, issue, total_issue, date, province, city,"
                    " county, note_text, note_date, note_by, note_title, note_instruction, distribution)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, b.publication, b.issuer, b.issue, b.total_issue, b.date,
                     region and region.province, region and region.city, region and region.county,
                     note and note.text, note and note.date, note and note.by, note and note.title,
                     note and note.instruction, json.dumps(b.distribution, ensure_ascii=False))).lastrowid
            for article in parsed.articles:
                place = article.place
                db.execute(
                    "INSERT INTO articles(source_id, bulletin_id, seq, title, kind, section, place, province, city,"
                    " county, speaker, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, bulletin_id, article.seq, article.title, article.kind, article.section,
                     place and place.name, place and place.province, place and place.city,
                     place and place.county, article.speaker, article.text))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- reading -------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> pd.DataFrame:
        return pd.read_sql_query(sql, self.db, params=params)

    def sources(self) -> pd.DataFrame:
        return self.query("SELECT id, sha256, name, path, format, encoding, script, size, stored_as, site_title,"
                          " ingested_at FROM sources ORDER BY id")

    def bulletins(self) -> pd.DataFrame:
        df = self.query("SELECT b.*, s.name AS source FROM bulletins b JOIN sources s ON s.id = b.source_id"
                        " ORDER BY b.id")
        df["distribution"] = df["distribution"].map(json.loads)
        return df

    def articles(self) -> pd.DataFrame:
        return self.query("SELECT a.*, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id"
                          " ORDER BY a.source_id, a.seq")

    def failures(self) -> pd.DataFrame:
        return self.query("SELECT * FROM failures ORDER BY id")

    def table(self, name: str) -> pd.DataFrame:
        accessors = {n: getattr(self, n) for n in EXPORTABLE}
        if name not in accessors:
            raise KeyError(f"unknown table {name!r}; choose from {', '.join(accessors)}")
        return accessors[name]()

    def original(self, sha256: str) -> bytes:
        row = self.db.execute("SELECT stored_as FROM sources WHERE sha256=?", (sha256,)).fetchone()
        if row is None:
            raise KeyError(sha256)
        return (self.path.parent / row["stored_as"]).read_bytes()

    def as_gold_shape(self, source_id: int) -> dict:
        """One source's extraction shaped like a gold file (for the evaluation harness)."""
        b = self.db.execute("SELECT * FROM bulletins WHERE source_id=?", (source_id,)).fetchone()
        bulletin = None
        if b is not None:
            bulletin = dict(b)
            bulletin["distribution"] = json.loads(b["distribution"])
        articles = []
        for a in self.db.execute("SELECT * FROM articles WHERE source_id=? ORDER BY seq", (source_id,)):
            articles.append({"title": a["title"], "kind": a["kind"], "section": a["section"],
                             "locality": {"name": a["place"], "city": a["city"], "province": a["province"]},
                             "speaker": a["speaker"], "practices_flat": []})
        return {"bulletin": bulletin, "articles": articles, "slogans": [], "metrics": []}

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
