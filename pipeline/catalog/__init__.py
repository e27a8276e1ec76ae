"""Stage 6, catalog: one SQLite file holding everything extracted, the originals kept beside it.

Writes are one transaction per source file; a source is known by the SHA-256 of its bytes, so a
re-run skips what is in; WAL mode lets readers work while a batch runs.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

from ..lazy import LazyModule

pd = LazyModule("pandas")  # on first use: a command-line search prints without it

from ..records import ParsedDocument, Place, Slogan
from ..themes.text import descendant_texts
from .finding import FilterError, Finding, practice_span
from .schema import MIGRATIONS
from .search import char_text, index_text

DEFAULT_PATH = "catalog.db"
CHAR_INDEX_VERSION = 7  # the migration that adds the character index, filled from the stored practices
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
    interrupted: bool = False  # Ctrl-C stopped the batch before every input was taken
    signal: int | None = None  # the signal that interrupted it: SIGINT (Ctrl-C) or SIGTERM
    fitted: str | None = None  # what was fitted after the batch (a catalog's first), if anything
    notes: list[str] = field(default_factory=list)  # what the user should know of the batch as a whole

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        return f"{self.count('ingested')} ingested, {self.count('already')} already in, {self.count('failed')} failed"


PART = ".part"  # the suffix of a file being written (a temporary name, replaced when complete)
MMAP_SIZE = 2**32
APPLICATION_ID = 0x42554C4D  # "BULM": PRAGMA application_id marks a catalog of this program


# The search filters' row of every practice from a practice id on (schema 5), from the rows just written.
FACETS_FROM = ("INSERT INTO practice_facets(id, source_id, article_id, province, city, county, date, publication,"
               " section, kind) SELECT id, source_id, article_id, province, city, county, date, publication,"
               " section, kind FROM practice_rows WHERE id >= ?")


LOCK_WAIT = 60  # seconds to wait for another process that holds the catalog (as the busy timeout)


def _busy(err: sqlite3.DatabaseError) -> bool:
    return isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err))


def _columns_of(db: sqlite3.Connection) -> dict[str, set[str]]:
    """Each ordinary table's column names (full-text shadow tables left out)."""
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE"
                                      " 'CREATE VIRTUAL%' AND name NOT LIKE 'practice_search_%'")]
    return {n: {r[1] for r in db.execute(f'PRAGMA table_info("{n}")')} for n in names}


def _schema_columns(version: int) -> dict[str, set[str]]:
    """The tables and columns a catalog of this schema version has."""
    db = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            db.executescript(script)
        return _columns_of(db)
    finally:
        db.close()


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is (device and inode), or None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class CatalogError(Exception):
    """The catalog cannot be opened as asked; ``str(err)`` is the one-line reason."""


class CatalogReadOnly(CatalogError):
    """The catalog cannot be opened for writing: a read-only file or folder (it can still be read)."""


class Catalog(Finding):
    """The catalog file and the library API over it; every accessor returns a pandas DataFrame.

    ``Catalog(path)`` opens (or creates) a catalog to write to; ``Catalog(path, readonly=True)`` opens an
    existing one for reading only, works on a read-only file and never creates one. A file that is not
    a catalog of this program is refused with :class:`CatalogError` and never modified.
    """

    def __init__(self, path: str | os.PathLike | None = None, readonly: bool = False, create: bool = True):
        self.path = Path(path or default_path())
        self.readonly = readonly
        self.files_dir = self.path.with_name(self.path.name + ".files")
        self._immutable = False  # opened as immutable (see _connect_readonly)
        # The file as opened, for a second connection later (_connect_side): a relative path would
        # name another file after a change of folder, and the path another file once it is replaced.
        self._file = self.path.resolve()
        self._file_identity = None
        if readonly or not create:
            if not self.path.is_file():
                raise CatalogError(f"no catalog at {self.path}" + ("" if self.path.exists() else
                                                                     " (no such file; `bulletin ingest` makes one)"))
        elif self.path.exists() and not self.path.is_file():
            raise CatalogError(f"{self.path} is not a file")
        if readonly:
            self.db = self._connect_readonly()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_WAIT)
        self.db.row_factory = sqlite3.Row
        # Another process may be creating or migrating this catalog at this moment. Some of SQLite's
        # locks answer "database is locked" at once instead of waiting (switching a new file to WAL
        # while another connection sets it up, WAL recovery): wait for those too, then go on.
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                self._set_up(readonly)
                self._file_identity = _file_identity(self._file)
                return
            except sqlite3.DatabaseError as err:
                busy = _busy(err)
                if busy and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self.db.close()
                unwritable = not busy and ("readonly" in str(err) or not (
                    os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)))
                why = f"is held by another process for longer than {LOCK_WAIT} s" if busy else \
                    "cannot be written (read-only file or folder)" if unwritable else \
                    "is not a catalog of this program"
                raise (CatalogReadOnly if unwritable else CatalogError)(f"{self.path} {why} ({err})") from None
            except CatalogError:
                self.db.close()
                raise

    def _connect_readonly(self) -> sqlite3.Connection:
        """A reading connection that writes nothing. A catalog in WAL mode needs its -shm file to be
        read; in a read-only folder (an archive on a read-only share) that file cannot be made, so the
        catalog is opened as immutable instead: nobody can be writing to a folder nobody can write to."""
        base = "file:" + quote(str(self.path.resolve()))
        db = sqlite3.connect(base + "?mode=ro", uri=True, isolation_level=None, timeout=LOCK_WAIT)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as err:
            db.close()
            if _busy(err):
                raise CatalogError(f"{self.path} is held by another process ({err})") from None
            if os.access(self.path.parent, os.W_OK):
                raise CatalogError(f"{self.path} is not a catalog of this program ({err})") from None
        self._immutable = True
        return sqlite3.connect(base + "?immutable=1", uri=True, isolation_level=None, timeout=LOCK_WAIT)

    def _connect_side(self) -> sqlite3.Connection | None:
        """A second connection that only reads, for asking two indexes at once (Finding._at_once), to
        the very file the first one opened; None when there cannot be one (the file was moved,
        replaced or deleted since). The search that asks it waits for its answer; a Catalog, like its
        first connection, belongs to one thread."""
        if self._file_identity is None or _file_identity(self._file) != self._file_identity:
            return None
        try:
            how = "?immutable=1" if self._immutable else "?mode=ro"
            side = sqlite3.connect("file:" + quote(str(self._file)) + how, uri=True, isolation_level=None,
                                   timeout=LOCK_WAIT, check_same_thread=False)
            side.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
            side.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return side
        except sqlite3.DatabaseError:
            return None

    def _set_up(self, readonly: bool) -> None:
        self._check_ours()
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        # Read through a memory map: search reads scattered small rows (filters, themes), and a
        # mapped page costs no system call (the map is address space, not memory taken)
        self.db.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
        if not readonly:
            self._migrate()
        elif self.schema_version < len(MIGRATIONS):
            raise CatalogError(f"{self.path} is a catalog of an older version; open it once for writing "
                               "(bulletin ingest) to bring it up to date")

    def _check_ours(self) -> None:
        """Refuse another application's SQLite file or random bytes before anything is written: a
        catalog carries this program's application_id; one written before the id was set is known by
        having exactly the tables and columns its schema version makes."""
        app = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app == APPLICATION_ID and version <= len(MIGRATIONS) or app == 0 and not tables and version == 0:
            return  # ours, or a new empty file that becomes ours
        if app == 0 and 0 < version <= len(MIGRATIONS) and _columns_of(self.db) == _schema_columns(version):
            return  # a catalog written before the application id was set
        what = f"it holds other tables: {', '.join(sorted(tables)[:5])}" if tables else \
            f"application id {app:#x}, version {version}"
        raise CatalogError(f"{self.path} is not a catalog of this program ({what}); refused, nothing changed")

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, under the write lock: a second process migrating at the
        same moment waits, then finds the work done (the version is read again inside the lock)."""
        if self.db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
            return
        with self._transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                if number == CHAR_INDEX_VERSION:
                    self._fill_char_index()
                self.db.execute(f"PRAGMA user_version={number}")
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")

    def _fill_char_index(self, batch: int = 5000) -> None:
        """Put every stored practice in the character index (a catalog made before it had one)."""
        last = 0
        while True:
            rows = self.db.execute("SELECT id, heading, body FROM practices WHERE id > ? ORDER BY id LIMIT ?",
                                   (last, batch)).fetchall()
            if not rows:
                return
            self._index_chars((r[0], r[1], r[2]) for r in rows)
            last = rows[-1][0]

    def _index_chars(self, practices) -> None:
        """(id, heading, body) of practices into the character index, as their bigrams."""
        self.db.executemany("INSERT INTO practice_chars(rowid, heading, body) VALUES (?,?,?)",
                            [(pid, char_text(heading), char_text(body)) for pid, heading, body in practices])

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        side = getattr(self, "_side", None)
        if side:
            side.close()
        self._side = None
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- ingestion (storage only: processing is pipeline.process, batches are pipeline.batch) --------
    def has(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM sources WHERE sha256=?", (sha256,)).fetchone() is not None

    def ingest(self, paths: Iterable[str | os.PathLike], on_outcome: Callable[[Outcome], None] | None = None,
               **options) -> IngestReport:
        """Ingest files, folders and zips (see :func:`pipeline.batch.ingest` for the options)."""
        from ..batch import ingest

        return ingest(self, paths, on_outcome=on_outcome, **options)

    def own_files(self) -> list[Path]:
        """The catalog's files (database, its journals, stored originals): never ingested as input."""
        return [self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm", "-journal")),
                self.files_dir, self.path.with_name(self.path.name + ".models")]

    def known_slogans(self) -> list[str]:
        """Every slogan text in the catalog: the tokenizer keeps them whole in new files too."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT text FROM slogans")]

    def store(self, parsed: ParsedDocument, data: bytes, path: str) -> Outcome:
        """Write one processed file, unless a file with the same bytes is in already. The check, the
        original and the rows are one transaction under the write lock, so two ingests of one catalog
        never both write a file, and `check` (which takes the same lock) never sees an original whose
        row is still to come."""
        sha = parsed.document.source.sha256
        with self._transaction():
            if self.has(sha):
                return Outcome(path, "already")  # nothing written: the commit ends an empty transaction
            stored = self._store_original(sha, data)
            self._write(parsed, stored)
            self.db.execute("DELETE FROM failures WHERE sha256=?", (sha,))  # it went in after all
        return Outcome(path, "ingested")

    def record_failure(self, path: str, sha: str | None, reason: str) -> None:
        """One row per failing file: a re-run replaces its row instead of adding another."""
        with self._transaction():
            self.db.execute("DELETE FROM failures WHERE path=? AND (sha256 IS ? OR sha256=?)", (path, sha, sha))
            self.db.execute("INSERT INTO failures(path, sha256, reason, at) VALUES (?,?,?,?)",
                            (path, sha, reason, _now()))

    def _store_original(self, sha: str, data: bytes) -> str:
        """Keep the file's bytes under its content's name; the name stored is relative to the .files
        folder, so a catalog moved or copied with its folders keeps finding them. The caller holds the
        write lock; the temporary name is this writer's own all the same, and it is removed on failure
        (a full disk must not keep the space)."""
        stored = f"{sha[:2]}/{sha}"
        target = self.files_dir / stored
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f"{sha}.{os.getpid()}.{uuid.uuid4().hex[:8]}{PART}")
            try:
                with open(tmp, "wb") as out:
                    out.write(data)
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        return stored

    def remove_partial_files(self) -> list[str]:
        """Remove the temporary files a crashed writer left in the .files folder (under the write lock:
        no living writer is in the middle of one), and models being saved by a process that is gone."""
        removed = []
        with self._transaction():
            if self.files_dir.is_dir():
                for f in self.files_dir.glob(f"*/*{PART}"):
                    f.unlink(missing_ok=True)
                    removed.append(str(f))
        models = self.path.with_name(self.path.name + ".models")
        for f in models.glob(f"*{PART}") if models.is_dir() else ():
            pid = f.name.split(".")[-2] if f.name.count(".") >= 2 else ""
            if pid.isascii() and pid.isdigit() and not _alive(int(pid)):
                f.unlink(missing_ok=True)
                removed.append(str(f))
        return removed

    def _write(self, parsed: ParsedDocument, stored: str) -> None:
        """All rows of one source; the caller holds the transaction."""
        doc = parsed.document
        src = doc.source
        db = self.db
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
        practice_rows = []
        for article in parsed.articles:
            place = article.place
            article_id = db.execute(
                "INSERT INTO articles(source_id, bulletin_id, seq, title, kind, section, place, province, city,"
                " county, town, place_former, speaker, text, date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (source_id, bulletin_id, article.seq, article.title, article.kind, article.section,
                 place and place.name, place and place.province, place and place.city,
                 place and place.county, place and _town(place), place and place.former,
                 article.speaker, article.text, article.date)).lastrowid
            article_ids.append(article_id)
            practice_ids: list[int] = []
            for seq, p in enumerate(article.practices):
                practice_ids.append(db.execute(
                    "INSERT INTO practices(source_id, article_id, seq, parent_id, level, ord, enumerator, heading,"
                    " body, cluster, cluster_distance) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (source_id, article_id, seq, None if p.parent is None else practice_ids[p.parent], p.level,
                     p.order, p.enumerator, p.heading, p.body, p.cluster, p.cluster_distance)).lastrowid)
            db.executemany("INSERT INTO practice_themes(practice_id, rank, theme, score) VALUES (?,?,?,?)",
                           [(pid, rank, theme, score) for pid, p in zip(practice_ids, article.practices)
                            for rank, (theme, score) in enumerate(p.themes, start=1)])
            practice_rows.append((article, practice_ids))
        slogan_ids = self._write_extraction(source_id, parsed, article_ids)
        for article, ids in practice_rows:
            self._index_practices(article.title, article.place, article.practices, ids, parsed.slogans, slogan_ids)
        first = min((ids[0] for _, ids in practice_rows if ids), default=None)
        if first is not None:  # this source's practices are the newest rows: a range of the primary key
            db.execute(FACETS_FROM, (first,))

    def _index_practices(self, title, place, practices, ids, slogans, slogan_ids) -> None:
        """Link each practice to the slogans it stands under, and put it in the full-text index."""
        below = descendant_texts(practices)
        place_text = place and " ".join(filter(None, dict.fromkeys(
            (place.name, place.county, place.city, place.province))))
        title_words = index_text(title)
        children = Counter(p.parent for p in practices if p.parent is not None)
        rows, links = [], []
        for pid, p, sub in zip(ids, practices, below):
            own = f"{p.heading}\n{p.body}\n{sub}"
            # A practice stands under a slogan it names, or that names it as a component, or that its
            # parent's heading names when the parent has as many parts as the slogan counts ("三个联合"
            # over three practices: each is one of the three, however its own heading words it).
            parent = practices[p.parent].heading if p.parent is not None else None
            mine = [(sid, sl) for sid, sl in zip(slogan_ids, slogans)
                    if sl.text in own or (sl.components and _cleaned(p.heading) in map(_cleaned, sl.components))
                    or (parent and sl.text in parent and sl.count == children[p.parent])]
            links += [(pid, sid) for sid, _ in mine]
            slogan_text = " ".join(sl.text + " " + " ".join(sl.components or []) for _, sl in mine)
            rows.append((pid, title_words, index_text(p.heading), index_text(p.body), index_text(sub),
                         index_text(slogan_text), index_text(place_text)))
        self.db.executemany("INSERT OR IGNORE INTO practice_slogans(practice_id, slogan_id) VALUES (?,?)", links)
        self.db.executemany("INSERT INTO practice_search(rowid, title, heading, body, sub, slogans, place)"
                            " VALUES (?,?,?,?,?,?,?)", rows)
        self._index_chars((pid, p.heading, p.body) for pid, p in zip(ids, practices))

    def _write_extraction(self, source_id: int, parsed: ParsedDocument, article_ids: list[int]) -> None:
        db = self.db
        slogan_ids = []
        for slogan in parsed.slogans:
            slogan_id = db.execute(
                "INSERT INTO slogans(source_id, text, count, components, expansion, count_mismatch, quoted)"
                " VALUES (?,?,?,?,?,?,?)",
                (source_id, slogan.text, slogan.count,
                 None if slogan.components is None else json.dumps(slogan.components, ensure_ascii=False),
                 slogan.expansion, int(slogan.count_mismatch), int(slogan.quoted))).lastrowid
            slogan_ids.append(slogan_id)
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
        return slogan_ids

    # -- themes, clusters, the search index (the models are fitted in pipeline.themes) -----------
    def fit_rows(self) -> list[dict]:
        """Every practice as the models see it: its article's title, heading, body, the text of its
        sub-practices, and the slogans it stands under."""
        slogans: dict[int, list[str]] = {}
        for pid, text in self.db.execute("SELECT ps.practice_id, s.text FROM practice_slogans ps"
                                         " JOIN slogans s ON s.id = ps.slogan_id"):
            slogans.setdefault(pid, []).append(text)
        rows = []
        for article_id, title, practices in self._practice_trees():
            for p, sub in zip(practices, descendant_texts(practices)):
                rows.append({"id": p.id, "title": title, "heading": p.heading, "body": p.body, "sub": sub,
                             "slogans": slogans.get(p.id, [])})
        return rows

    def _practice_trees(self):
        """(article id, title, practices in order with ``parent`` as an index) for every article."""
        from types import SimpleNamespace

        current, title, items, index = None, None, [], {}
        for r in self.db.execute("SELECT p.id, p.article_id, p.parent_id, p.heading, p.body, a.title FROM practices p"
                                 " JOIN articles a ON a.id = p.article_id ORDER BY p.article_id, p.seq"):
            if r["article_id"] != current:
                if items:
                    yield current, title, items
                current, title, items, index = r["article_id"], r["title"], [], {}
            index[r["id"]] = len(items)
            items.append(SimpleNamespace(id=r["id"], heading=r["heading"], body=r["body"],
                                         parent=index.get(r["parent_id"])))
        if items:
            yield current, title, items

    def practice_count(self) -> tuple[int, int]:
        """How many practices there are, and the newest one's id."""
        n, last = self.db.execute("SELECT COUNT(*), coalesce(MAX(id), 0) FROM practices").fetchone()
        return n, last

    def apply_themes(self, themes: dict[int, list[tuple[str, float]]], info: dict) -> None:
        """Replace every practice's themes (a refit), in one transaction."""
        with self._transaction():
            self.db.execute("DELETE FROM practice_themes")
            self.db.executemany("INSERT INTO practice_themes(practice_id, rank, theme, score) VALUES (?,?,?,?)",
                                [(pid, rank, t, score) for pid, ts in themes.items()
                                 for rank, (t, score) in enumerate(ts, start=1)])
            self._record_model("themes", info)

    def apply_clusters(self, assignment: dict[int, tuple[int, float]], clusters: list[dict], info: dict) -> None:
        """Replace the clusters and every practice's place among them (a refit), in one transaction."""
        with self._transaction():
            self.db.execute("DELETE FROM clusters")
            self.db.executemany("INSERT INTO clusters(id, label, terms, slogan, size, model_version) VALUES (?,?,?,?,?,?)",
                                [(c["id"], c["label"], _json(c["terms"]), c["slogan"], c["size"], info["version"])
                                 for c in clusters])
            self.db.execute("UPDATE practices SET cluster = NULL, cluster_distance = NULL")
            self.db.executemany("UPDATE practices SET cluster = ?, cluster_distance = ? WHERE id = ?",
                                [(c, d, pid) for pid, (c, d) in assignment.items()])
            self._record_model("clusters", info)

    def _record_model(self, name: str, info: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO models(name, version, fitted_at, practices, last_practice_id,"
                        " taxonomy_digest) VALUES (?,?,?,?,?,?)",
                        (name, info["version"], info["fitted_at"], info["practices"], info["last_practice_id"],
                         info.get("taxonomy_digest")))

    def labelled_with(self) -> dict[str, int]:
        """The version of each model (themes, clusters) the catalog's labels were written with."""
        return {r[0]: r[1] for r in self.db.execute("SELECT name, version FROM models")}

    def models(self) -> pd.DataFrame:
        """The fitted models that labelled this catalog: name, version, when, on how many practices."""
        return self.query("SELECT * FROM models ORDER BY name")

    def reindex(self) -> int:
        """Rebuild the full-text index (and the practice–slogan links and search facets) from the
        stored rows."""
        with self._transaction():
            self.db.execute("DELETE FROM practice_facets")
            self.db.execute(FACETS_FROM, (0,))
            self.db.execute("INSERT INTO practice_search(practice_search) VALUES ('delete-all')")
            self.db.execute("INSERT INTO practice_chars(practice_chars) VALUES ('delete-all')")
            n = 0
            for article_id, title, practices in self._practice_trees():
                a = self.db.execute("SELECT place, province, city, county, source_id FROM articles WHERE id=?",
                                    (article_id,)).fetchone()
                place = Place(a["place"], a["province"], a["city"], a["county"]) if a["place"] else None
                rows = self.db.execute("SELECT id, text, count, components FROM slogans WHERE source_id=?",
                                       (a["source_id"],)).fetchall()
                slogans = [Slogan(r["text"], r["count"], json.loads(r["components"]) if r["components"] else None,
                                  0, 0) for r in rows]
                ids = [p.id for p in practices]
                self.db.execute(f"DELETE FROM practice_slogans WHERE practice_id IN ({','.join('?' * len(ids))})", ids)
                self._index_practices(title, place, practices, ids, slogans, [r["id"] for r in rows])
                n += len(ids)
        return n

    @contextmanager
    def _transaction(self):
        """One write transaction, taken at once (IMMEDIATE): committed at the end of the block, even
        on an early return; rolled back on any error, Ctrl-C included."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

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
        """Practices with their article's title, place (place, province, city, county), the date and
        publication of their bulletin or page, their themes (best first, a list) and cluster."""
        df = self.query(
            "SELECT r.id, r.article_id, r.parent_id, r.level, r.ord, r.heading, r.body, r.article, r.kind, r.section,"
            " r.place, r.province, r.city, r.county, r.date, r.publication, r.issue, r.cluster,"
            " c.label AS cluster_label, r.source FROM practice_rows r JOIN practices p ON p.id = r.id"
            " JOIN articles a ON a.id = r.article_id LEFT JOIN clusters c ON c.id = r.cluster"
            " ORDER BY p.source_id, a.seq, p.seq")
        themes = self._themes_of([int(i) for i in df["id"]])
        df.insert(df.columns.get_loc("cluster"), "themes", [themes.get(int(i), []) for i in df["id"]])
        for col in ("parent_id", "issue", "cluster"):
            df[col] = df[col].astype("Int64")
        return df

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
        """Metrics with their article's title, place, date and publication, and the practice they are
        written under (the innermost whose text holds them) with its themes and cluster."""
        df = self.query(
            'SELECT m.id, m.article_id, m.text, m.value, m.value_high, m.unit, m.qualifier, m.about, m.written,'
            ' m.start, m."end", a.title AS article, a.place, a.province, a.city, a.county,'
            " coalesce(a.date, b.date, g.date) AS date, coalesce(b.publication, g.site) AS publication, s.name AS source"
            " FROM metrics m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = m.source_id"
            " LEFT JOIN bulletins b ON b.id = a.bulletin_id LEFT JOIN pages g ON g.source_id = m.source_id"
            " ORDER BY m.source_id, a.seq, m.start")
        under: dict[int, int | None] = {}
        for article_id, group in df.groupby("article_id"):
            text = self.db.execute("SELECT text FROM articles WHERE id = ?", (int(article_id),)).fetchone()[0]
            spans = []
            for p in self.db.execute("SELECT id, heading, body FROM practices WHERE article_id = ? ORDER BY seq",
                                     (int(article_id),)):
                span = practice_span(text, dict(p))
                if span:
                    spans.append((span[1] - span[0], int(p["id"]), span))
            spans.sort()  # the innermost (shortest) first
            for mid, start, end in zip(group["id"], group["start"], group["end"]):
                under[int(mid)] = next((pid for _, pid, (a, b) in spans if a <= start and end <= b), None)
        df.insert(2, "practice_id", pd.array([under.get(int(i)) for i in df["id"]], dtype="Int64"))
        practice_ids = [int(i) for i in df["practice_id"].dropna().unique()]
        themes = self._themes_of(practice_ids)
        clusters = dict(self._by_ids("SELECT id, cluster FROM practices WHERE id IN ({})", practice_ids))
        df["themes"] = [themes.get(int(p), []) if pd.notna(p) else [] for p in df["practice_id"]]
        df["cluster"] = pd.array([clusters.get(int(p)) if pd.notna(p) else None for p in df["practice_id"]],
                                 dtype="Int64")
        return df

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
        return (self.files_dir / row["stored_as"]).read_bytes()

    def check(self, lock_wait: float = LOCK_WAIT) -> dict:
        """integrity_check; stored originals no source refers to (removed: a write interrupted after the
        original was stored) and originals a source names that are not there (reported, never
        removed: a catalog moved without its .files folder); sources left without articles.

        Orphans are removed only under the catalog's write lock, which every ingest holds while it
        stores an original and its rows: an original seen then with no row is one no running ingest
        will name. If the lock cannot be had, nothing is removed and ``skipped`` says why."""
        result = {"integrity": self.integrity(), "orphans": [], "partial": [], "skipped": None}
        try:
            self.db.execute(f"PRAGMA busy_timeout={int(lock_wait * 1000)}")
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            result["skipped"] = f"the catalog could not be locked for writing ({err}); nothing removed"
            self.db.execute("BEGIN")  # read one consistent state all the same
        try:
            referenced = {r[0] for r in self.db.execute("SELECT stored_as FROM sources")}
            present = set()
            if self.files_dir.is_dir():
                for f in sorted(self.files_dir.rglob("*")):
                    if not f.is_file():
                        continue
                    name = f.relative_to(self.files_dir).as_posix()
                    if name.endswith(PART):
                        if result["skipped"] is None:
                            f.unlink(missing_ok=True)
                            result["partial"].append(str(f))
                    elif name in referenced:
                        present.add(name)
                    elif result["skipped"] is None:
                        f.unlink(missing_ok=True)
                        result["orphans"].append(str(f))
            result["missing"] = sorted(referenced - present)
            result["originals"] = len(present)
            result["empty_sources"] = self.db.execute(
                "SELECT COUNT(*) FROM sources s WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.source_id = s.id)").fetchone()[0]
        finally:
            self.db.execute("COMMIT")
            self.db.execute(f"PRAGMA busy_timeout={LOCK_WAIT * 1000}")
        return result

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _cleaned(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」*，。；：、]", "", s or "")


def _town(place) -> str | None:
    """A place below the county (镇/乡/街道) is named by itself, its county beside it."""
    return place.name if place.name not in (place.county, place.city, place.province, place.former) else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
