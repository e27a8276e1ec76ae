"""Versioned schema: each migration is plain SQL, applied once, in order; PRAGMA user_version counts them."""

MIGRATIONS: list[str] = [
    # 1: sources, their blocks, bulletins, articles, failures
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT,
        script TEXT,
        size INTEGER NOT NULL,
        stored_as TEXT NOT NULL,
        site_title TEXT,
        original_text TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE blocks (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        level INTEGER,
        text TEXT NOT NULL,
        bold TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (source_id, seq)
    );
    CREATE TABLE bulletins (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL UNIQUE REFERENCES sources(id) ON DELETE CASCADE,
        publication TEXT, issuer TEXT, issue INTEGER, total_issue INTEGER, date TEXT,
        province TEXT, city TEXT, county TEXT,
        note_text TEXT, note_date TEXT, note_by TEXT, note_title TEXT, note_instruction TEXT,
        distribution TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        bulletin_id INTEGER REFERENCES bulletins(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        section TEXT,
        place TEXT, province TEXT, city TEXT, county TEXT,
        speaker TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source_id);
    CREATE INDEX bulletins_date ON bulletins(date);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
]
