"""Search keeps the query's own words (issue 20), and a long query is cut and parsed in linear time
(issue 22, point 5). On short reports written for these tests."""
import json

import pytest

from .conftest import bulletin_cli

# Four reports in the shape of bulletin items. The first writes 村级集体经济 (never 村集体经济); the
# second 网格 and 网格化; the third only 社会治理 and 调解 (relatives of 网格化 in the thesaurus, never
# 网格); the fourth 作风 in one sentence and 干部 in another; the fifth 容错免责 (never 容错纠错).
REPORTS = {
    "a.txt": """丽水市莲都区壮大村级集体经济

一、盘活资产增收入
各村把闲置校舍改建为农产品仓库，村级集体经济年收入全部超过20万元。
二、党员带头联农户
每名党员联系5户农户，帮助群众销售农产品，群众满意度明显提升。
""",
    "b.txt": """湖州市德清县推行网格化管理

一、划细网格配强力量
全县划分网格1200个，每个网格配备专职网格员，群众诉求在网格内办结。
二、党员服务进小区
组织在职党员到小区报到，为群众办理各类事项3000余件。
""",
    "c.txt": """嘉兴市海盐县完善社会治理体系

一、矛盾就地调解
各镇设立调解工作室，邻里纠纷由老党员上门调解，社会治理更加精细。
二、党员志愿服务队
组建党员志愿服务队，为群众提供法律咨询等服务。
""",
    "d.txt": """金华市浦江县从严整治作风

一、明察暗访促转变
县纪委每月开展明察暗访，整治慵懒散拖作风问题。对查实的问题，所在单位干部一律约谈。
二、群众评议机关
邀请群众代表评议机关服务，评议结果向全县公开。
""",
    "e.txt": """台州市临海市建立容错免责机制

一、为担当者担当
出台容错免责办法，明确八种可以免责的情形，让敢闯敢干的人放下包袱。
二、党员群众共参与
组织党员和群众代表参与办法起草，听取群众意见。
""",
}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    from pipeline import Catalog

    folder = tmp_path_factory.mktemp("words")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "c.db"
    cat = Catalog(path)
    cat.ingest([folder], jobs=1)
    yield cat
    cat.close()


def _main(df):
    """The results proper: without the practices offered apart, under "related, by theme"."""
    return df[~df["related"].astype(bool)]


def _texts(cat, df) -> list[str]:
    return ["\n".join(cat._texts([int(i)])[int(i)][:2]) for i in df["id"]]


def test_a_compound_query_word_finds_its_parts_written_apart(catalog):
    found = catalog.search("村集体经济")
    assert len(found) > 0
    assert all("村级集体经济" in t for t in _texts(catalog, found))
    assert found.attrs["notes"] == []


def test_a_thesaurus_relative_never_stands_in_for_the_query_word(catalog):
    from pipeline.catalog.search import load_thesaurus

    assert "社会治理" in load_thesaurus().get("网格化", [])  # the premise: 社会治理 is a relative of 网格化
    found = catalog.search("网格化")
    texts = _texts(catalog, _main(found))
    assert texts and all("网格" in t for t in texts)  # c.txt says 社会治理 and 调解, never 网格
    # c.txt may be offered, apart and after the results, as related
    related = found[found["related"].astype(bool)]
    assert list(found["related"]) == sorted(found["related"])
    assert all("网格" not in t for t in _texts(catalog, related))


def test_results_hold_a_query_word_or_a_part_of_one(catalog):
    for query, words in [("网格化 调解", ["网格", "调解"]), ("作风 约谈", ["作风", "约谈"]),
                         ("集体经济 网格", ["集体经济", "网格", "集体", "经济"])]:
        found = _main(catalog.search(query, limit=50))
        assert len(found) > 0
        for text in _texts(catalog, found):
            assert any(w in text for w in words), (query, text)


def test_the_words_of_a_query_need_not_stand_together(catalog):
    found = catalog.search("干部作风")  # d.txt: 作风 in one sentence, 干部 in the next
    assert any("浦江" in (p or "") for p in found["place"])


def test_a_query_word_no_practice_holds_is_said(catalog, tmp_path):
    found = catalog.search("流动党员 网格")
    assert found.attrs["unmatched"] == ["流动党员"]
    assert found.attrs["notes"] == ["no practice mentions 流动党员; showing results for 网格 党员"]
    assert len(found) > 0 and all("网格" in t or "党员" in t for t in _texts(catalog, _main(found)))
    # a word no practice holds whole is found by its parts, and the note says which
    partial = catalog.search("容错纠错")
    assert partial.attrs["notes"] == ["no practice mentions 容错纠错; showing results for 容错"]
    assert any("容错免责" in t for t in _texts(catalog, partial))

    table = bulletin_cli("search", "流动党员 网格", "-c", catalog.path)
    assert table.returncode == 0 and "note: no practice mentions 流动党员; showing results for 网格 党员" in table.stderr
    rows = json.loads(bulletin_cli("search", "流动党员 网格", "-c", catalog.path, "--format", "json").stdout)
    assert rows and all(r["notes"] == ["no practice mentions 流动党员; showing results for 网格 党员"] for r in rows)
    nothing = bulletin_cli("search", "流动人口", "-c", catalog.path)
    assert nothing.returncode == 1 and "note: no practice mentions 流动人口" in nothing.stderr


def test_the_command_line_and_the_api_give_the_same_top_ten(catalog):
    for query in ["网格化", "村集体经济 增收", "干部作风", "容错纠错", "調解"]:
        api = [int(i) for i in catalog.search(query, limit=10)["id"]]
        cli = bulletin_cli("search", query, "-c", catalog.path, "--format", "json", "--limit", "10")
        assert [r["id"] for r in json.loads(cli.stdout)] == api, query


def test_asking_the_two_indexes_at_once_changes_no_result(catalog, monkeypatch):
    """The character index is asked on a second connection while the word index answers on the first;
    the results, their order and scores are those of asking one after the other."""
    queries = ["网格化", "村集体经济 增收", "干部作风", "容错纠错", "流动党员 网格", "调解"]
    at_once = [catalog.search_records(q, limit=20).rows for q in queries]
    assert catalog._side is not None  # the second connection was used
    monkeypatch.setattr(catalog, "ask_at_once", False)
    one_by_one = [catalog.search_records(q, limit=20).rows for q in queries]
    assert [[(r["id"], round(r["score"], 9)) for r in rows] for rows in at_once] == \
        [[(r["id"], round(r["score"], 9)) for r in rows] for rows in one_by_one]
    assert any(at_once)


def test_a_long_query_is_cut_with_a_note(catalog):
    from pipeline.catalog.search import QUERY_LIMIT

    long = "网格" * 1000
    found = catalog.search(long)
    assert any(f"cut to its first {QUERY_LIMIT} characters" in n for n in found.attrs["notes"])
    assert len(found) > 0
    cli = bulletin_cli("search", long, "-c", catalog.path)
    assert "note: the query was cut" in cli.stderr


def test_query_parsing_asks_the_thesaurus_a_number_of_times_linear_in_the_query():
    from pipeline.catalog.search import load_thesaurus, query_words

    class Counting(dict):
        asked = 0

        def __contains__(self, key):
            Counting.asked += 1
            return super().__contains__(key)

    thesaurus = Counting(load_thesaurus())
    longest = max(map(len, thesaurus))
    counts = {}
    for n in (100, 400):
        Counting.asked = 0
        query_words("党员群众" * n, thesaurus)  # one space-free chunk of 4n characters
        counts[n] = Counting.asked
    # each piece tries runs up to the longest thesaurus word: at most that many look-ups a character
    assert counts[400] <= longest * 4 * 400
    assert counts[400] <= 4.5 * counts[100]  # four times the query, four times the work (not sixteen)


@pytest.mark.parametrize("word", ["两新组织", "办实事", "村集体经济", "容错纠错", "网格化"])
def test_a_compound_is_split_into_dictionary_words_not_guessed_ones(word):
    """The parts of a compound are words the dictionary holds (or single characters): the segmenter's
    HMM, asked about a piece alone, glues characters it does not know into a guessed word (两新组 +
    织, 办实 + 事), which no practice holds and which made the compound's parts nonsense."""
    from pipeline.catalog.search import word_parts
    from pipeline.themes.text import segmenter

    parts = word_parts(word)
    assert "".join(parts) == word and len(parts) > 1
    assert any(segmenter().is_word(p) for p in parts), parts  # the end that is a word, and the rest
    assert parts == {"两新组织": ["两新", "组织"], "办实事": ["办", "实事"]}.get(word, parts)
    assert not segmenter().is_word("两新组") and segmenter().cut("两新组") == ["两新组"]  # the HMM's guess


def test_fill_in_questions_under_a_rare_filter_still_search_every_match(catalog, monkeypatch):
    """A query's later questions (some of its words, parts) look among their newest matches only;
    under a filter that passes few practices they search every match when that window leaves too
    few, as the first question does. With every depth set to one match, every filter rare and the
    newest practices' city left out, two-word queries find what they find at full depth."""
    import pipeline.catalog.finding as finding

    newest_city = catalog.db.execute("SELECT city FROM practice_facets ORDER BY id DESC LIMIT 1").fetchone()[0]
    asked = ["群众 纠错", "党员 网格化", "群众 增收"]

    def found():  # how many a first page holds (which ones may differ: fewer matches are ranked)
        return [len(catalog.search_records(q, limit=3, exclude_city=newest_city).rows) for q in asked]

    assert found() == [3, 3, 3]  # each finds practices holding one word or the other
    for name in ("RANK_DEPTH", "CHAR_RANK_DEPTH", "FILTERED_DEPTH", "SCAN_DEPTH", "FILL_DEPTH"):
        monkeypatch.setattr(finding, name, 1)
    monkeypatch.setattr(finding, "BROAD", 2.0)
    assert found() == [3, 3, 3]


def test_the_second_connection_reads_the_file_the_first_opened(catalog, tmp_path, monkeypatch):
    """The character index is asked on a second connection opened at the first search: to the file
    the catalog opened, not whatever its path names by then (another folder, a file put in its place);
    where that file is gone or replaced there is no second connection and the search asks one."""
    import os
    from pathlib import Path

    from pipeline import Catalog

    original = Path(catalog.path).resolve()
    monkeypatch.chdir(original.parent)
    relative = Catalog(original.name, readonly=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _copy(original, elsewhere / original.name)  # the same name in the folder the process moves to
    monkeypatch.chdir(elsewhere)
    side = relative._side_connection()
    assert Path(side.execute("PRAGMA database_list").fetchone()[2]) == original
    relative.close()

    expected = [r["id"] for r in catalog.search_records("网格化", limit=10).rows]
    copy = Catalog(elsewhere / original.name, readonly=True)  # not searched yet: no second connection
    _copy(original, tmp_path / "replacement.db")
    os.replace(tmp_path / "replacement.db", elsewhere / original.name)  # another file where it was
    assert copy._side_connection() is None
    assert [r["id"] for r in copy.search_records("网格化", limit=10).rows] == expected
    copy.close()


def _copy(source, target) -> None:
    """A whole copy of a catalog in WAL mode (its rows may still be in the -wal file)."""
    import sqlite3

    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        a.backup(b)
    b.close()
    a.close()


def test_a_query_whose_words_no_one_practice_holds_together_says_so(catalog):
    """Every word is held somewhere, but by different practices: the results hold some of them, and
    the search says that none holds them all; a query that some practice holds whole says nothing."""
    found = catalog.search_records("网格 容错免责", limit=10)
    assert found.rows and found.partial
    assert found.notes == ["no practice mentions all of 网格、容错、免责; showing practices that mention some of them"]
    whole = catalog.search_records("网格 群众", limit=10)
    assert whole.rows and not whole.partial and whole.notes == []


def test_a_snippet_marks_the_query_words_and_a_related_one_the_relatives(catalog):
    """A result is shown around the words it was found for, and marks those only: a thesaurus relative
    marked in it would read as a match. A related practice (none of the words) marks its relatives."""
    from pipeline.catalog.search import load_thesaurus, parse_query

    parsed = parse_query("网格化", load_thesaurus())
    own, relatives = set(parsed.surfaces), set(parsed.related_surfaces)
    rows = catalog.search_records("网格化", limit=20).rows
    main, related = [r for r in rows if not r["related"]], [r for r in rows if r["related"]]
    assert main and related
    for r in main:  # (one may hold the word only in its article's title: nothing to mark in its text)
        marked = {r["snippet"][a:b] for a, b in r["spans"]}
        assert marked <= own, marked
    assert any(r["spans"] for r in main)
    for r in related:
        marked = {r["snippet"][a:b] for a, b in r["spans"]}
        assert marked and marked <= relatives, marked


TRANSCRIPT = """# 《晚间新闻》 (20240822)

## 详细新闻

### 某地推进秋粮收购

本台消息（晚间新闻）：各地秋粮收购有序推进，收购进度快于去年同期。

### 国内快讯

<p><strong>某部门开展市场秩序整顿行动</strong></p><p>日前，某部门开展市场秩序整顿专项行动，集中整治虚假招聘。</p><p><strong>第九届某某诗歌节开幕</strong></p><p>第九届某某诗歌节今天开幕，来自多个国家的诗人参加。</p><p><strong>某某电视剧今晚首播</strong></p><p>电视剧某某今晚在综合频道首播，讲述一位演员的艺术人生。</p>
"""


def test_a_news_items_title_is_no_context_for_the_other_stories(tmp_path):
    """A day's news groups stories on anything under one headline: a word in that headline is no
    match for the stories beside it (a poetry festival is no result for 整顿)."""
    from pipeline import Catalog

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "20240822.md").write_text(TRANSCRIPT, encoding="utf-8")
    cat = Catalog(tmp_path / "c.db")
    try:
        cat.ingest([tmp_path / "in"], jobs=1)
        assert [r["heading"] for r in cat.search_records("诗歌节", limit=20).rows] == ["第九届某某诗歌节开幕"]
        rows = cat.search_records("整顿", limit=20).rows  # in the headline the quick items stand under
        assert all("整顿" in r["heading"] + r["snippet"] for r in rows), [r["heading"] for r in rows]
    finally:
        cat.close()
