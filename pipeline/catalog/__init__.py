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
EXPORTABLE = ("sources", "bulletins", "pages", "articles", "practices", "slogans", "metrics", "leaders", "dropped",
              "failures")


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


def process(raw, nlp=None) -> ParsedDocument:
    """Run the stages after ingest on one raw document."""
    from ..extract import extract
    from ..normalize import normalize
    from ..parse import parse

    return extract(parse(normalize(raw)), nlp)


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
        self._nlp = None
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
        for item in iter_inputs(paths, skip=self.own_files()):
            outcome = self.ingest_input(item)
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        return report

    def own_files(self) -> list[Path]:
        """The catalog's files (database, its journals, stored originals): never ingested as input."""
        return [self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm", "-journal")),
                self.files_dir]

    def nlp(self):
        """The language pipeline, its tokenizer knowing the slogans already in this catalog."""
        if self._nlp is None:
            from ..extract import default_nlp

            self._nlp = default_nlp()
            self._nlp.tokenizer.add_words(r[0] for r in self.db.execute("SELECT DISTINCT text FROM slogans"))
        return self._nlp

    def ingest_input(self, item: InputFile) -> Outcome:
        if item.error is not None:
            self._record_failure(item.path, None, item.error)
            return Outcome(item.path, "failed", item.error)
        sha = hashlib.sha256(item.data).hexdigest()
        if self.has(sha):
            return Outcome(item.path, "already")
        try:
            raw = read_bytes(item.data, item.name, item.path)
            parsed = process(raw, self.nlp())
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
                " original_text, ingested_at, site_notices, contents, front) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (src.sha256, src.name, src.path, src.format, doc.encoding, doc.script, src.size, stored,
                 doc.site_title, doc.original_text, _now(), _json(doc.site_notices), _json(parsed.contents),
                 _json(parsed.front)))
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
                    " county, note_text, note_date, note_by, note_title, note_instruction, distribution, header,"
                    " footer) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, b.publication, b.issuer, b.issue, b.total_issue, b.date,
                     region and region.province, region and region.city, region and region.county,
                     note and note.text, note and note.date, note and note.by, note and note.title,
                     note and note.instruction, json.dumps(b.distribution, ensure_ascii=False),
                     json.dumps(b.header, ensure_ascii=False), json.dumps(b.footer, ensure_ascii=False))).lastrowid
            page = parsed.page
            if page is not None:
                db.execute(
                    "INSERT INTO pages(source_id, headline, original_title, site, date, author, editor, byline,"
                    " dateline, views, channel, neighbours, html_title, header) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, page.headline, page.original_title, page.site, page.date, page.author,
                     page.editor, page.byline, page.dateline, page.views, page.channel, _json(page.neighbours),
                     page.html_title, _json(page.header)))
            db.executemany("INSERT INTO dropped(source_id, stage, reason, text) VALUES (?,?,?,?)",
                           [(source_id, d.stage, d.reason, d.text) for d in doc.dropped + parsed.dropped])
            article_ids = []
            for article in parsed.articles:
                place = article.place
                article_id = db.execute(
                    "INSERT INTO articles(source_id, bulletin_id, seq, title, kind, section, place, province, city,"
                    " county, town, place_former, speaker, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, bulletin_id, article.seq, article.title, article.kind, article.section,
                     place and place.name, place and place.province, place and place.city,
                     place and place.county, place and _town(place), place and place.former,
                     article.speaker, article.text)).lastrowid
                article_ids.append(article_id)
                practice_ids: list[int] = []
                for seq, p in enumerate(article.practices):
                    practice_ids.append(db.execute(
                        "INSERT INTO practices(source_id, article_id, seq, parent_id, level, ord, enumerator, heading,"
                        " body) VALUES (?,?,?,?,?,?,?,?,?)",
                        (source_id, article_id, seq, None if p.parent is None else practice_ids[p.parent], p.level,
                         p.order, p.enumerator, p.heading, p.body)).lastrowid)
            self._write_extraction(source_id, parsed, article_ids)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _write_extraction(self, source_id: int, parsed: ParsedDocument, article_ids: list[int]) -> None:
        db = self.db
        for slogan in parsed.slogans:
            slogan_id = db.execute(
                "INSERT INTO slogans(source_id, text, count, components, expansion, count_mismatch, quoted)"
                " VALUES (?,?,?,?,?,?,?)",
                (source_id, slogan.text, slogan.count,
                 None if slogan.components is None else json.dumps(slogan.components, ensure_ascii=False),
                 slogan.expansion, int(slogan.count_mismatch), int(slogan.quoted))).lastrowid
            db.executemany('INSERT INTO slogan_occurrences(slogan_id, article_id, start, "end") VALUES (?,?,?,?)',
                           [(slogan_id, article_ids[a], s, e) for a, s, e in slogan.occurrences])
        rows = []
        for m in parsed.metrics:
            low, high = (m.value if isinstance(m.value, tuple) else (m.value, None))
            rows.append((source_id, article_ids[m.article], m.text, low, high, m.unit, m.qualifier, m.about,
                         m.written, m.start, m.end))
        db.executemany("INSERT INTO metrics(source_id, article_id, text, value, value_high, unit, qualifier, about,"
                       ' written, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?)', rows)
        db.executemany("INSERT INTO leaders(source_id, article_id, name, title, context) VALUES (?,?,?,?,?)",
                       [(source_id, None if l.article is None else article_ids[l.article], l.name, l.title, l.context)
                        for l in parsed.leaders])

    # -- reading -------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> pd.DataFrame:
        return pd.read_sql_query(sql, self.db, params=params)

    def sources(self) -> pd.DataFrame:
        df = self.query("SELECT id, sha256, name, path, format, encoding, script, size, stored_as, site_title,"
                        " site_notices, contents, front, ingested_at FROM sources ORDER BY id")
        for col in ("site_notices", "contents", "front"):
            df[col] = df[col].map(json.loads)
        return df

    def bulletins(self) -> pd.DataFrame:
        df = self.query("SELECT b.*, s.name AS source FROM bulletins b JOIN sources s ON s.id = b.source_id"
                        " ORDER BY b.id")
        for col in ("distribution", "header", "footer"):
            df[col] = df[col].map(json.loads)
        return df

    def articles(self) -> pd.DataFrame:
        return self.query("SELECT a.*, s.name AS source FROM articles a JOIN sources s ON s.id = a.source_id"
                          " ORDER BY a.source_id, a.seq")

    def practices(self) -> pd.DataFrame:
        """Practices with their article's place and title and the bulletin's publication and date."""
        return self.query(
            "SELECT p.id, p.article_id, p.parent_id, p.level, p.ord, p.heading, p.body, a.title AS article,"
            " a.place, a.province, a.city, a.county, b.publication, b.date, s.name AS source"
            " FROM practices p JOIN articles a ON a.id = p.article_id JOIN sources s ON s.id = p.source_id"
            " LEFT JOIN bulletins b ON b.id = a.bulletin_id ORDER BY p.source_id, a.seq, p.seq")

    def slogans(self) -> pd.DataFrame:
        """One row per slogan and source, with its components and how many times it occurs."""
        df = self.query(
            "SELECT sl.id, sl.text, sl.count, sl.components, sl.expansion, sl.count_mismatch, sl.quoted,"
            " (SELECT COUNT(*) FROM slogan_occurrences o WHERE o.slogan_id = sl.id) AS occurrences,"
            " s.name AS source FROM slogans sl JOIN sources s ON s.id = sl.source_id ORDER BY sl.source_id, sl.id")
        df["components"] = df["components"].map(lambda c: json.loads(c) if isinstance(c, str) else None)
        df["count"] = df["count"].astype("Int64")
        df["count_mismatch"] = df["count_mismatch"].astype(bool)
        df["quoted"] = df["quoted"].astype(bool)
        return df

    def metrics(self) -> pd.DataFrame:
        return self.query(
            'SELECT m.id, m.article_id, m.text, m.value, m.value_high, m.unit, m.qualifier, m.about, m.written,'
            ' m.start, m."end", a.title AS article, a.place, s.name AS source FROM metrics m'
            " JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = m.source_id"
            " ORDER BY m.source_id, a.seq, m.start")

    def leaders(self) -> pd.DataFrame:
        return self.query("SELECT l.id, l.name, l.title, l.context, l.article_id, s.name AS source FROM leaders l"
                          " JOIN sources s ON s.id = l.source_id ORDER BY l.id")

    def pages(self) -> pd.DataFrame:
        """Web pages, reposts and reports: headline, source site, date, byline, the head as written."""
        df = self.query("SELECT p.*, s.name AS source FROM pages p JOIN sources s ON s.id = p.source_id ORDER BY p.id")
        for col in ("header", "neighbours"):
            df[col] = df[col].map(json.loads)
        return df

    def dropped(self) -> pd.DataFrame:
        """Text left out of titles, texts and fields, with the stage that dropped it and why."""
        return self.query("SELECT d.id, s.name AS source, d.stage, d.reason, d.text FROM dropped d"
                          " JOIN sources s ON s.id = d.source_id ORDER BY d.id")

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

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _town(place) -> str | None:
    """A place below the county (镇/乡/街道) is named by itself, its county beside it."""
    return place.name if place.name not in (place.county, place.city, place.province, place.former) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
