"""Themes, clusters and Chinese search (issue 9), on documents written here and on the seeds."""
import json

import pytest

from .conftest import ROOT, SEED_FILES, bulletin_cli

# Three short experience reports written for these tests, in three cities. The first says 集体经济
# as one phrase; the second has 集体 and 经济 apart; the third is in traditional script.
OWN = {
    "xihu.txt": """杭州市西湖区推进村级集体经济发展

西湖区坚持把村级集体经济作为基层党建的重要内容。

一、盘活资产抓项目
各村盘活闲置厂房和土地，发展物业经济，2023年村均增收12万元，集体经济发展势头良好。

二、从严抓好党员管理
建立流动党员双重管理台账，每月开展主题党日，党员亮身份、作表率。
""",
    "yinzhou.txt": """宁波市鄞州区推行党员联户制度

鄞州区以党员联户为抓手，推动服务群众常态化。

一、党员联户到人
每名党员联系10户群众，每月上门走访，帮助解决急难愁盼问题。村集体收入和居民经济收入同步提高。

二、每月晾晒评比
每月公示各村任务进度，开展红黑榜评比，排名靠后的村党组织书记作表态发言。
""",
    "ouhai.txt": """溫州市甌海區加強黨員教育管理

甌海區圍繞黨員教育管理，創新工作方法。

一、黨員積分管理
對全區黨員實行積分管理，積分結果與評先評優掛鉤。

二、培養農村帶頭人
每年選派50名村幹部到先進地區跟班學習，培養致富帶頭人。
""",
}


def _write_own(folder, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in OWN.items():
        if names is None or name in names:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def own_and_seeds(folder):
    """The documents written here and the five seeds, in one folder."""
    _write_own(folder)
    for seed in SEED_FILES:
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture(scope="module")
def own_catalog(tmp_path_factory):
    from pipeline import Catalog

    tmp = tmp_path_factory.mktemp("own")
    cat = Catalog(tmp / "own.db")
    report = cat.ingest([_write_own(tmp / "inbox")], jobs=1)
    assert report.count("ingested") == 3, report.failures
    yield cat
    cat.close()


@pytest.fixture(scope="module")
def seed_catalog(tmp_path_factory):
    from pipeline import Catalog

    tmp = tmp_path_factory.mktemp("seeds")
    cat = Catalog(tmp / "seeds.db")
    cat.ingest(SEED_FILES, jobs=1)
    yield cat
    cat.close()


def _texts(cat, ids):
    return [cat.db.execute("SELECT heading || body FROM practices WHERE id=?", (int(i),)).fetchone()[0] for i in ids]


def test_every_practice_has_one_or_two_themes_and_a_cluster(own_catalog):
    rows = own_catalog.query("SELECT p.id, p.cluster, COUNT(t.theme) AS themes FROM practices p"
                             " LEFT JOIN practice_themes t ON t.practice_id = p.id GROUP BY p.id")
    assert len(rows) >= 6
    assert rows["themes"].between(1, 2).all()
    assert rows["cluster"].notna().all()
    assert not own_catalog.clusters().empty


def test_a_traditional_query_finds_what_the_simplified_one_does(own_catalog):
    simplified = own_catalog.search("党员 积分")
    traditional = own_catalog.search("黨員 積分")
    assert len(simplified) > 0
    assert list(traditional["id"]) == list(simplified["id"])
    assert simplified.iloc[0]["city"] == "温州市"  # the traditional document, read in simplified script


@pytest.mark.parametrize("query", ['"', '"党员', "AND(", "NEAR", "NEAR(党员", "*", "党员*", "党员 OR", "NOT 党员",
                                   "^党员", "党员:", "-", "((", "'", "“三个", "党员 AND( OR"])
def test_fts_syntax_in_user_input_is_searched_as_text(own_catalog, query):
    result = own_catalog.search(query)  # must not raise
    if "党员" in query:
        assert len(result) > 0



def test_query_words_keep_thesaurus_words_whole_and_lone_characters_joined():
    """Out of context the segmenter cuts short words into characters: a lone character is searched as
    part of its neighbour (a character alone is in nearly every practice), and pieces that spell a
    thesaurus word are that word, with its relatives."""
    from pipeline.catalog.search import parse_query, query_words, segmenter

    thesaurus = {"共驻共建": ["联建"], "联建": ["共驻共建"]}
    assert len(segmenter().cut("共驻共建")) > 1  # the case this guards: the cut alone splits it
    assert query_words("共驻共建", thesaurus) == ["共驻共建"]
    assert all(len(w) > 1 for w in query_words("全覆盖", {}))
    assert "".join(query_words("全覆盖", {})) == "全覆盖"
    assert query_words("党员的管理", {}) == ["党员", "的", "管理"]  # function words stay apart (left out later)
    query = parse_query("共驻共建 的", thesaurus)
    assert [t.words for t in query.terms] == [["共驻共建"]]
    assert [r.words for r in query.terms[0].related] == [["联建"]]

def test_phrase_query_needs_the_words_together(own_catalog):
    words = own_catalog.search("集体 经济")
    phrase = own_catalog.search('"集体经济"')
    assert {"西湖区", "鄞州区"} <= set(words["place"])  # 鄞州 has 集体 and 经济 apart
    assert set(phrase["place"]) == {"西湖区"}
    # the phrase stands in the practice or in its article's title
    assert all("集体经济" in t + a for t, a in zip(_texts(own_catalog, phrase["id"]), phrase["article"]))


def test_snippet_marks_the_original_text_not_the_segmented_copy(own_catalog):
    hit = own_catalog.search("流动党员 台账").iloc[0]
    assert hit["place"] == "西湖区"
    snippet, spans = hit["snippet"], hit["spans"]
    assert " " not in snippet.replace("　", "")  # no spaces a segmenter put between words
    marked = {snippet[a:b] for a, b in spans}
    assert {"流动党员", "台账"} <= marked
    assert snippet.replace("…", "").split("　")[-1][:10] in _texts(own_catalog, [hit["id"]])[0]
    assert "【流动党员】" in hit["marked"]


def test_exclude_city_leaves_out_every_practice_of_that_city(seed_catalog):
    everything = seed_catalog.search("党员", limit=100)
    assert (everything["city"] == "衢州市").any()  # the filter has something to remove
    outside = seed_catalog.search("党员", limit=100, exclude_city="衢州")
    assert len(outside) > 0 and not (outside["city"] == "衢州市").any()
    assert set(outside["id"]) == set(everything[everything["city"] != "衢州市"]["id"])


def test_filters_by_theme_province_date_and_slogan(seed_catalog):
    themed = seed_catalog.search("", theme="公开晾晒与群众监督", limit=100)
    assert len(themed) > 0 and all("公开晾晒与群众监督" in t for t in themed["themes"])
    zhejiang = seed_catalog.search("项目", province="浙江", limit=100)
    assert len(zhejiang) > 0 and set(zhejiang["province"]) == {"浙江省"}
    recent = seed_catalog.search("项目", since="2022", limit=100)
    assert len(recent) > 0 and (recent["date"] >= "2022-01-01").all()
    old = seed_catalog.search("项目", until="2019-12", limit=100)
    assert len(old) > 0 and (old["date"] <= "2019-12-31").all()
    slogan = seed_catalog.slogan_index().iloc[0]["slogan"]
    under = seed_catalog.search("", slogan=slogan, limit=100)
    assert len(under) > 0


def test_similar_practices_come_from_other_articles(seed_catalog):
    first = seed_catalog.search("书记项目").iloc[0]
    like = seed_catalog.similar(int(first["id"]))
    assert len(like) > 0
    assert int(first["article_id"]) not in set(like["article_id"])


def test_a_new_batch_gets_themes_and_clusters_without_a_refit(tmp_path):
    from pipeline import Catalog
    from pipeline.fitting import current_models, status

    cat = Catalog(tmp_path / "c.db")
    cat.ingest([_write_own(tmp_path / "first", {"xihu.txt", "yinzhou.txt"})], jobs=1)
    fitted = current_models(cat)
    assert fitted.clusters_info.version == 1 and fitted.themes_info.version == 1
    assert status(cat) == []
    before = cat.practice_count()[1]
    report = cat.ingest([_write_own(tmp_path / "second", {"ouhai.txt"})], jobs=1)
    assert report.count("ingested") == 1 and report.fitted is None
    again = current_models(cat)
    assert (again.clusters_info.version, again.clusters_info.fitted_at) == (1, fitted.clusters_info.fitted_at)
    new = cat.query("SELECT p.id, p.cluster, (SELECT COUNT(*) FROM practice_themes t WHERE t.practice_id = p.id)"
                    " AS themes FROM practices p WHERE p.id > ?", (before,))
    assert len(new) > 0 and new["cluster"].notna().all() and (new["themes"] >= 1).all()
    assert any("added since" in line for line in status(cat))  # the model is older than the data
    assert len(cat.search("黨員 積分")) > 0  # indexed in the same transaction
    cat.close()


def test_editing_themes_yaml_and_refitting_relabels(tmp_path):
    from pipeline import Catalog
    from pipeline.fitting import refit

    cat = Catalog(tmp_path / "c.db")
    cat.ingest([_write_own(tmp_path / "inbox")], jobs=1)
    assert "物业经济与资产盘活" not in set(cat.themes()["theme"])
    themes = tmp_path / "themes.yaml"
    text = (ROOT / "models" / "themes.yaml").read_text(encoding="utf-8")
    themes.write_text(text + "  物业经济与资产盘活:\n    description: 盘活闲置资产，发展物业经济\n"
                      "    terms: [物业经济, 闲置厂房, 盘活, 资产]\n", encoding="utf-8")
    refit(cat, ("themes",), themes_path=themes)
    relabelled = cat.search("", theme="物业经济与资产盘活")
    assert "盘活资产抓项目" in set(relabelled["heading"])
    assert cat.models().set_index("name").loc["themes", "version"] == 2
    cat.close()


def test_reindex_rebuilds_the_same_index(own_catalog):
    before = list(own_catalog.search("党员")["id"])
    assert own_catalog.reindex() == own_catalog.practice_count()[0]
    assert list(own_catalog.search("党员")["id"]) == before


def test_command_line_faces(tmp_path):
    db = tmp_path / "c.db"
    _write_own(tmp_path / "inbox")
    assert bulletin_cli("ingest", tmp_path / "inbox", "-c", db).returncode == 0
    table = bulletin_cli("search", "党员 管理", "-c", db, "--exclude-city", "杭州")
    assert table.returncode == 0, table.stderr
    assert "甌海" in table.stdout or "瓯海" in table.stdout
    assert "西湖区" not in table.stdout
    rows = json.loads(bulletin_cli("search", "党员", "-c", db, "--format", "json").stdout)
    assert rows and {"place", "date", "heading", "snippet", "spans", "themes"} <= set(rows[0])
    csv = bulletin_cli("search", "党员", "-c", db, "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("id,score,heading")
    like = bulletin_cli("similar", str(rows[0]["id"]), "-c", db, "--format", "json")
    assert like.returncode == 0, like.stderr
    assert bulletin_cli("similar", "999999", "-c", db).returncode == 2
    slogans = bulletin_cli("slogans", "-c", db, "--format", "json")
    assert slogans.returncode == 0, slogans.stderr
    metrics = json.loads(bulletin_cli("metrics", "-c", db, "--unit", "户", "--format", "json").stdout)
    assert metrics and {m["unit"] for m in metrics} == {"户"}
    themes = bulletin_cli("themes", "-c", db, "--format", "json")
    assert sum(t["first"] for t in json.loads(themes.stdout)) == 6
    by = bulletin_cli("themes", "-c", db, "--by", "province")
    assert by.returncode == 0 and "┃ 浙江 ┃" in by.stdout  # the table names places short (浙江省 → 浙江)
    cluster = bulletin_cli("cluster", "-c", db, "-k", "2", "--format", "json")
    assert cluster.returncode == 0, cluster.stderr
    assert len(json.loads(cluster.stdout)) == 2
    assert bulletin_cli("reindex", "-c", db).stdout.strip() == "6 practices indexed"
    assert bulletin_cli("search", "x", "-c", tmp_path / "missing.db").returncode == 2
    assert not (tmp_path / "missing.db").exists()


def test_a_theme_weight_below_one_makes_a_catch_all(tmp_path):
    from pipeline.themes.classifier import ThemeClassifier
    from pipeline.themes.taxonomy import TaxonomyError, load_taxonomy

    def taxonomy(weight):
        path = tmp_path / f"themes-{weight}.yaml"
        path.write_text("themes:\n"
                        "  考核评价:\n    terms: [考核, 评价, 打分]\n"
                        f"  制度机制:\n    weight: {weight}\n    terms: [制度, 机制, 考核办法]\n", encoding="utf-8")
        return load_taxonomy(path)

    text = ["建立考核制度，按制度打分"]
    first = [ThemeClassifier(taxonomy(w)).fit(text).predict_themes(text)[0][0][0] for w in (1, 0.5)]
    assert first[0] != first[1] and first[1] == "考核评价"
    for bad in ("0", "-1", "heavy"):
        with pytest.raises(TaxonomyError):
            taxonomy(bad)


@pytest.mark.parametrize("filters", [{"province": "浙江"}, {"city": "衢州市"}, {"province": "江苏省"},
                                     {"county": "衢江"}, {"theme": "党员教育管理"}, {"since": "2020"},
                                     {"province": "浙江", "theme": "项目攻坚与政策处理"}])
def test_a_filter_keeps_exactly_the_matches_that_pass_it(seed_catalog, filters):
    """The index narrows a place filter by its first character and the filters read practice_facets:
    neither may lose a match or let one through."""
    everything = seed_catalog.search("项目", limit=1000)
    rows = seed_catalog.query("SELECT * FROM practice_rows")
    passing = set(rows["id"])
    for column in ("province", "city", "county"):
        if column in filters:
            passing &= set(rows[rows[column].fillna("").str.startswith(filters[column])]["id"])
    if "since" in filters:
        passing &= set(rows[rows["date"] >= "2020-01-01"]["id"])
    if "theme" in filters:
        passing &= set(seed_catalog.query("SELECT practice_id FROM practice_themes WHERE theme = ?",
                                          [filters["theme"]])["practice_id"])
    expected = set(everything["id"]) & passing
    assert expected, filters  # the filter has something to keep
    assert set(seed_catalog.search("项目", limit=1000, **filters)["id"]) == expected


def test_a_place_nobody_wrote_from_finds_nothing(seed_catalog):
    assert seed_catalog.search("项目", province="火星").empty
    assert seed_catalog.search("", city="火星").empty


def test_bounded_ranking_still_finds_rare_filtered_matches(seed_catalog, monkeypatch):
    """With the ranking depths set to one match, a filter that passes few of the newest matches falls
    back to every match, and an unfiltered search still ranks what it scans."""
    import pipeline.catalog.finding as finding

    asked = [{"limit": 50, "province": "江苏"}, {"limit": 20, "publication": "衢州组工信息"}]  # the latter: the oldest
    full = [set(seed_catalog.search("党员", **a)["id"]) for a in asked]
    for name in ("RANK_DEPTH", "FILTERED_DEPTH", "SCAN_DEPTH", "FILL_DEPTH"):
        monkeypatch.setattr(finding, name, 1)
    windows = []
    floor = finding.Finding._depth_floor
    monkeypatch.setattr(finding.Finding, "_depth_floor",
                        lambda self, *a, **k: windows.append(a) or floor(self, *a, **k))
    for broad in (0.0, 2.0):  # every filter broad (no window), then every filter rare (a window first)
        monkeypatch.setattr(finding, "BROAD", broad)
        assert [set(seed_catalog.search("党员", **a)["id"]) for a in asked] == full
        assert bool(windows) == (broad > 1)
    assert len(seed_catalog.search("党员", limit=5)) == 5


def test_search_facets_follow_the_rows_and_reindex_rebuilds_them(tmp_path):
    from pipeline import Catalog

    cat = Catalog(tmp_path / "c.db")
    cat.ingest([_write_own(tmp_path / "inbox")], jobs=1)
    columns = "id, source_id, article_id, province, city, county, date, publication, section, kind"
    view = cat.query(f"SELECT {columns} FROM practice_rows ORDER BY id")
    assert cat.query(f"SELECT {columns} FROM practice_facets ORDER BY id").equals(view)
    cat.db.execute("DELETE FROM practice_facets")
    cat.reindex()
    assert cat.query(f"SELECT {columns} FROM practice_facets ORDER BY id").equals(view)
    cat.close()


def test_the_parts_of_a_numbered_slogan_stand_under_it_however_their_headings_word_them(tmp_path):
    """A parent heading names "三个联动" and has three practices under it: each is one of the three and
    is found and listed under the slogan, though the slogan's own list words them otherwise."""
    from pipeline import Catalog

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nanhu.txt").write_text("""嘉兴市南湖区以“三个联动”激活社区治理

南湖区推行“三个联动”，即支部联动、服务联动、治理联动。

一、以“三个联动”凝聚社区合力
（一）结对共建抓协同
社区党组织与驻区单位结对，共同开展活动。
（二）资源整合优服务
整合驻区单位场地，开放给居民使用。
（三）矛盾纠纷合力解
建立联调机制，化解矛盾纠纷30件。
""", encoding="utf-8")
    cat = Catalog(tmp_path / "c.db")
    cat.ingest([tmp_path / "in"], jobs=1, fit=False)
    under = set(cat.search("", slogan="三个联动", limit=20)["heading"])
    assert {"结对共建抓协同", "资源整合优服务", "矛盾纠纷合力解"} <= under
    cat.close()


def test_choosing_a_theme_facet_shows_as_many_practices_as_it_says(seed_catalog):
    """The theme facet counts every theme a practice is filed under, as the theme filter reads them."""
    facets = seed_catalog.facets("项目", top=None)["theme"]
    assert facets
    for theme, count in facets:
        assert len(seed_catalog.search("项目", theme=theme, limit=1000)) == count, theme
