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
    # 2: what extraction finds: practices, slogans with their occurrences, metrics, leaders
    """
    CREATE TABLE practices (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,             -- position in the article's list, parents before children
        parent_id INTEGER REFERENCES practices(id) ON DELETE CASCADE,
        level INTEGER NOT NULL,
        ord INTEGER NOT NULL,             -- order among its siblings
        enumerator TEXT,
        heading TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX practices_article ON practices(article_id);
    CREATE TABLE slogans (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        count INTEGER,
        components TEXT,                  -- JSON list, NULL where the text does not expand it
        expansion TEXT,                   -- where the components stood: before, after, list, colours, headings
        count_mismatch INTEGER NOT NULL DEFAULT 0,
        quoted INTEGER NOT NULL DEFAULT 0,
        UNIQUE (source_id, text)
    );
    CREATE INDEX slogans_text ON slogans(text);
    CREATE TABLE slogan_occurrences (
        slogan_id INTEGER NOT NULL REFERENCES slogans(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,           -- character offsets into the article's text
        "end" INTEGER NOT NULL
    );
    CREATE INDEX slogan_occurrences_slogan ON slogan_occurrences(slogan_id);
    CREATE TABLE metrics (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        value REAL NOT NULL,              -- in base units; the low end of a range
        value_high REAL,                  -- the high end of a range, else NULL
        unit TEXT NOT NULL,
        qualifier TEXT,
        about TEXT,
        written TEXT NOT NULL,            -- arabic | chinese
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX metrics_article ON metrics(article_id);
    CREATE TABLE leaders (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,  -- NULL: in the editor's note
        name TEXT NOT NULL,
        title TEXT,
        context TEXT
    );
    """,
    # 3: pages (web pages, reposts, reports: headline and what the page says of itself), dropped text
    # with its reason, and the old name of a renamed place
    """
    CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL UNIQUE REFERENCES sources(id) ON DELETE CASCADE,
        headline TEXT, original_title TEXT, site TEXT, date TEXT, author TEXT, editor TEXT,
        byline TEXT, dateline TEXT, views INTEGER,
        channel TEXT,                       -- 首页 > 新闻中心 > 正文
        neighbours TEXT NOT NULL DEFAULT '[]',  -- JSON: 上一篇/下一篇 lines
        html_title TEXT,
        header TEXT NOT NULL DEFAULT '[]'   -- JSON list of the head's lines as written
    );
    CREATE TABLE dropped (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX dropped_source ON dropped(source_id);
    ALTER TABLE articles ADD COLUMN place_former TEXT;
    ALTER TABLE articles ADD COLUMN town TEXT;
    ALTER TABLE bulletins ADD COLUMN header TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE bulletins ADD COLUMN footer TEXT NOT NULL DEFAULT '[]';
    -- JSON lists: a sharing site's notices, contents and outline lines, text before the first article
    ALTER TABLE sources ADD COLUMN site_notices TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE sources ADD COLUMN contents TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE sources ADD COLUMN front TEXT NOT NULL DEFAULT '[]'
    """,
    # 4: themes, clusters and search: each practice's themes and cluster, the slogans it stands under,
    # the fitted models' versions, and a full-text index over segmented words (contentless: the text
    # is in practices; snippets are cut from it, not from the segmented copy)
    """
    ALTER TABLE practices ADD COLUMN cluster INTEGER;
    ALTER TABLE practices ADD COLUMN cluster_distance REAL;
    CREATE INDEX practices_cluster ON practices(cluster);
    CREATE TABLE practice_themes (
        practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,            -- 1: the best-fitting theme
        theme TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (practice_id, rank)
    ) WITHOUT ROWID;
    CREATE INDEX practice_themes_theme ON practice_themes(theme, rank, score);
    CREATE TABLE practice_slogans (
        practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
        slogan_id INTEGER NOT NULL REFERENCES slogans(id) ON DELETE CASCADE,
        PRIMARY KEY (practice_id, slogan_id)
    ) WITHOUT ROWID;
    CREATE INDEX practice_slogans_slogan ON practice_slogans(slogan_id);
    CREATE TABLE clusters (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        terms TEXT NOT NULL,              -- JSON list: the most distinctive words, best first
        slogan TEXT,                      -- the most frequent slogan among its practices
        size INTEGER NOT NULL,            -- practices at the fit
        model_version INTEGER NOT NULL
    );
    CREATE TABLE models (
        name TEXT PRIMARY KEY,            -- themes | clusters
        version INTEGER NOT NULL,
        fitted_at TEXT NOT NULL,
        practices INTEGER NOT NULL,
        last_practice_id INTEGER NOT NULL,
        taxonomy_digest TEXT
    );
    CREATE VIRTUAL TABLE practice_search USING fts5(
        title, heading, body, sub, slogans, place, content='', tokenize='unicode61 remove_diacritics 0');
    CREATE VIEW practice_rows AS
        SELECT p.id, p.source_id, p.article_id, p.parent_id, p.level, p.ord, p.heading, p.body, p.cluster,
               a.title AS article, a.kind, a.section, a.place, a.province, a.city, a.county,
               coalesce(b.date, g.date) AS date, coalesce(b.publication, g.site) AS publication,
               b.issue, s.name AS source
        FROM practices p JOIN articles a ON a.id = p.article_id JOIN sources s ON s.id = p.source_id
        LEFT JOIN bulletins b ON b.id = a.bulletin_id LEFT JOIN pages g ON g.source_id = p.source_id
    """,
    # 5: what search filters read, one narrow row per practice: a filter costs one small lookup per
    # match instead of the five joins of practice_rows (issue 9: filtered search at 1,000,000 practices)
    """
    CREATE TABLE practice_facets (
        id INTEGER PRIMARY KEY REFERENCES practices(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        province TEXT, city TEXT, county TEXT,
        date TEXT, publication TEXT, section TEXT, kind TEXT
    );
    INSERT INTO practice_facets(id, source_id, article_id, province, city, county, date, publication, section, kind)
        SELECT id, source_id, article_id, province, city, county, date, publication, section, kind FROM practice_rows;
    CREATE INDEX practice_facets_date ON practice_facets(date, id);
    CREATE INDEX practice_facets_province ON practice_facets(province);
    CREATE INDEX practice_facets_city ON practice_facets(city);
    CREATE INDEX practice_facets_county ON practice_facets(county);
    """,
    # 6: each article's own date (a transcript's day, a page's 发布时间, a bulletin's issue date), so
    # that what is undated in the bulletins and pages tables (news transcripts) is dated too
    """
    ALTER TABLE articles ADD COLUMN date TEXT;
    UPDATE articles SET date = coalesce((SELECT b.date FROM bulletins b WHERE b.id = articles.bulletin_id),
                                        (SELECT g.date FROM pages g WHERE g.source_id = articles.source_id));
    DROP VIEW practice_rows;
    CREATE VIEW practice_rows AS
        SELECT p.id, p.source_id, p.article_id, p.parent_id, p.level, p.ord, p.heading, p.body, p.cluster,
               a.title AS article, a.kind, a.section, a.place, a.province, a.city, a.county,
               coalesce(a.date, b.date, g.date) AS date, coalesce(b.publication, g.site) AS publication,
               b.issue, s.name AS source
        FROM practices p JOIN articles a ON a.id = p.article_id JOIN sources s ON s.id = p.source_id
        LEFT JOIN bulletins b ON b.id = a.bulletin_id LEFT JOIN pages g ON g.source_id = p.source_id;
    UPDATE practice_facets SET date = (SELECT r.date FROM practice_rows r WHERE r.id = practice_facets.id);
    """,
    # 7: a character index beside the word index: each practice's heading and body as overlapping
    # character bigrams, so that a query word is found inside whatever word the segmenter cut around
    # it (网格 in 网格化, 村集体经济 in 农村集体经济), and a compound's parts near each other. Filled for
    # existing practices by Catalog._fill_char_index after this script (issue 20).
    """
    CREATE VIRTUAL TABLE practice_chars USING fts5(
        heading, body, content='', tokenize='unicode61 remove_diacritics 0')
    """,
    # 8: an original is named by its content alone, relative to the catalog's .files folder (it was
    # relative to the catalog's folder and so named the catalog's file: a renamed or copied catalog
    # lost every original to `check`, issue 22)
    """
    UPDATE sources SET stored_as = substr(sha256, 1, 2) || '/' || sha256
    """,
]
