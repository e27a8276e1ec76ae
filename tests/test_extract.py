"""The NLP core (segmenter, spaCy pipeline), the extract stage and its place in the catalog."""
import json

import pytest

from pipeline.extract import extract
from pipeline.extract.language import build_nlp, load_nlp
from pipeline.extract.leaders import find_leaders
from pipeline.extract.segment import Segmenter
from pipeline.ingest import read_bytes
from pipeline.normalize import normalize
from pipeline.parse import parse
from pipeline.records import Article, Block, ParsedDocument

from .conftest import SEED_FILES, bulletin_cli


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def test_fast_segmenter_agrees_with_the_reference_on_the_seeds():
    fast, reference = Segmenter("rjieba"), Segmenter("jieba")
    for path in SEED_FILES:
        text = normalize(read_bytes(path.read_bytes(), path.name)).text
        assert fast.cut(text) == reference.cut(text), path.name


def test_user_dictionary_and_added_words_stay_whole():
    for backend in ("rjieba", "jieba"):
        seg = Segmenter(backend)
        assert "书记项目" in seg.cut("推进书记项目落地")  # from models/userdict.txt
        seg.add_word("五联五帮")
        assert "五联五帮" in seg.cut("深化五联五帮机制")


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError):
        Segmenter("thulac")


def test_pipeline_puts_spans_on_the_doc(nlp):
    text = "江山市推行“四联四帮”机制，即联班子、联队伍、联项目、联群众，全市结对 320 户。县委书记王建国同志指出。"
    doc = nlp(text)
    assert doc.text == text
    assert [s._.slogan.text for s in doc.spans["slogans"]] == ["四联四帮"]
    assert [(s._.metric.value, s._.metric.unit) for s in doc.spans["metrics"]] == [(320, "户")]
    assert [s._.leader.name for s in doc.spans["leaders"]] == ["王建国"]
    assert [s._.place.name for s in doc.spans["places"]] == ["江山市"]


def test_extract_leaves_the_pipeline_whole(nlp):
    """extract() runs without the place component (it reads no place spans), and gives it back."""
    raw = read_bytes(SEED_FILES[0].read_bytes(), SEED_FILES[0].name)
    extract(parse(normalize(raw)), nlp)
    assert "bulletin_places" in nlp.pipe_names and not nlp.disabled
    doc = nlp("江山市推行新机制。")
    assert [s._.place.name for s in doc.spans["places"]] == ["江山市"]


def test_tokenizer_never_loses_a_character(nlp):
    text = "a b\n\n  c　“三会一课”\t1-2名"
    assert nlp(text).text == text


def test_config_dictionary_and_settings_are_saved_and_loaded_together(tmp_path):
    nlp = build_nlp(backend="jieba")
    nlp.tokenizer.add_words(["九联九帮"])
    settings = nlp.get_pipe("bulletin_slogans").settings
    settings["slogans"]["stop"].append("四联四帮")
    nlp.get_pipe("bulletin_slogans")._build()
    nlp.to_disk(tmp_path / "nlp")
    loaded = load_nlp(tmp_path / "nlp")
    assert loaded.tokenizer.backend == "jieba"
    assert "九联九帮" in [t.text for t in loaded("推行九联九帮")]
    assert loaded.pipe_names == nlp.pipe_names
    assert [s.text for s in loaded("推行“四联四帮”机制").spans["slogans"]] == []


def document(*blocks):
    article = Article(seq=0, title="某区经验", blocks=list(blocks))
    from pipeline.parse.practices import extract_practices

    article.practices = extract_practices(article)
    from pipeline.records import Document, SourceFile

    src = SourceFile(sha256="0" * 64, name="x.txt", path="x.txt", format="txt", size=0)
    return ParsedDocument(document=Document(source=src, blocks=list(blocks)), bulletin=None, articles=[article])


def slogans_of(parsed):
    return {s.text: s for s in extract(parsed).slogans}


def test_expansion_in_the_headings_that_follow():
    parsed = document(Block("该区推行“三步工作法”。第一步，入户走访。收集诉求。第二步，集中会商。"
                            "形成清单。第三步，限时办结。公开结果。"))
    s = slogans_of(parsed)["三步工作法"]
    assert s.components == ["入户走访", "集中会商", "限时办结"] and s.expansion == "headings"
    assert s.count == 3 and not s.count_mismatch


def test_headings_after_a_passing_mention_are_not_its_parts():
    parsed = document(Block("全体干部增强“三个意识”，狠抓各项工作落实。一是稳住农业基本盘。粮食增产。"
                            "二是壮大村集体经济。收入增加。三是改善人居环境。村庄整洁。"))
    assert slogans_of(parsed)["三个意识"].components is None


def test_compound_expanded_by_the_formulas_of_the_headings():
    parsed = document(Block("创新构建“两访两办”工作机制。“两个走访”摸清需求。干部进村走访。一月一次走访。"
                            "党员进户走访。每周一次走访。“两级办理”解决问题。村级办理。小事不出村。镇级办理。大事不出镇。"))
    s = slogans_of(parsed)["两访两办"]
    assert s.components == ["两个走访", "两级办理"]


def test_a_list_whose_length_disagrees_with_the_count_is_no_expansion():
    """Issue 19, precision first: three items after “四个到位” are not its four parts (it once kept them,
    flagged); the slogan keeps its count and gets no parts."""
    parsed = document(Block("落实“四个到位”，即“思想到位，措施到位，责任到位”，确保见效。"))
    s = slogans_of(parsed)["四个到位"]
    assert s.components is None
    assert s.count == 4 and not s.count_mismatch


def test_every_occurrence_is_kept():
    parsed = document(Block("坚持“三会一课”。规范三会一课记录。"), Block("检查三会一课落实。"))
    s = slogans_of(parsed)["三会一课"]
    text = parsed.articles[0].text
    assert len(s.occurrences) == 3  # quoted once, unquoted twice, across two paragraphs
    assert all(text[st:end] == "三会一课" for _, st, end in s.occurrences)


def test_a_shorter_slogan_inside_a_longer_one_is_not_an_occurrence_of_it():
    parsed = document(Block("建设“五网”基础设施，推进“五网一体”发展。"))
    s = slogans_of(parsed)
    assert len(s["五网"].occurrences) == 1 and len(s["五网一体"].occurrences) == 1


@pytest.mark.parametrize("text, name, title", [
    ("5 月 6 日，市委常委、组织部长张建华对该信息作出批示", "张建华", "市委常委、组织部长"),
    ("得到省委李志强书记的肯定", "李志强", "省委书记"),
    ("县委副书记、县长刘明在会上强调", "刘明", "县委副书记、县长"),
])
def test_leaders_with_titles(text, name, title):
    leaders = find_leaders(text)
    assert [(l.name, l.title) for l in leaders] == [(name, title)]


def test_catalog_holds_and_exports_the_extraction(tmp_path):
    db = tmp_path / "c.db"
    assert bulletin_cli("ingest", SEED_FILES[0], "--catalog", db).returncode == 0
    out = {}
    for table in ("practices", "slogans", "metrics", "leaders"):
        result = bulletin_cli("export", table, "-f", "json", "--catalog", db)
        assert result.returncode == 0, result.stderr
        out[table] = json.loads(result.stdout)
        assert out[table], table
    assert all(p["heading"] and p["place"] for p in out["practices"])
    children = [p for p in out["practices"] if p["parent_id"] is not None]
    ids = {p["id"] for p in out["practices"]}
    assert children and all(p["parent_id"] in ids for p in children)
    assert any(s["components"] and s["occurrences"] >= 1 for s in out["slogans"])
    assert all(m["end"] > m["start"] and m["unit"] for m in out["metrics"])


def test_metric_offsets_point_into_the_article_text(catalog):
    catalog.ingest([SEED_FILES[0]])
    articles = catalog.articles().set_index("id")["text"]
    for m in catalog.metrics().itertuples():
        assert articles[m.article_id][m.start:m.end] == m.text


def test_parse_then_extract_on_a_seed_finds_all_kinds():
    path = SEED_FILES[0]
    parsed = extract(parse(normalize(read_bytes(path.read_bytes(), path.name))))
    assert parsed.slogans and parsed.metrics and parsed.leaders
    assert any(p.parent is not None for a in parsed.articles for p in a.practices)


def test_a_formula_quoted_in_the_headline_only_is_the_articles():
    """“四个X”抓实… with the text listing A X、B X… or heading its practices with them: the headline's
    formula is a slogan of the article, its parts from that list or those headings."""
    from pipeline.ingest import read_bytes
    from pipeline.process import process

    listed = "“三个到位”抓实党员教育\n\n今年以来，全县坚持思想到位、责任到位、措施到位，培训党员3200人次。\n"
    headed = ("“三个到位”抓实党员教育\n\n今年以来，全县扎实推进党员教育培训。\n\n一是思想到位。召开专题会议4次。\n\n"
              "二是责任到位。层层签订责任书。\n\n三是措施到位。开设红色课堂56期。\n")
    for doc in (listed, headed):
        parsed = process(read_bytes(doc.encode(), "a.txt", "a.txt"))
        [slogan] = [s for s in parsed.slogans if s.text == "三个到位"]
        assert slogan.components == ["思想到位", "责任到位", "措施到位"] and slogan.count == 3
    # a headline formula whose word the practices do not echo gets no parts from them
    unrelated = headed.replace("思想到位", "学习培训").replace("责任到位", "压实责任").replace("措施到位", "创新方式")
    [slogan] = [s for s in process(read_bytes(unrelated.encode(), "a.txt", "a.txt")).slogans if s.text == "三个到位"]
    assert slogan.components is None


def test_a_compound_over_paragraphs_that_each_give_one_part_of_each_half():
    """Issue 19: “两个坚持两个着力”, then paragraphs led by 坚持A，着力B. / 坚持C，着力D.: four parts,
    one of each half from each lead (a compound of two N个X halves, not one N个X)."""
    parsed = document(Block("近年来，某县探索“两个坚持两个着力”工作法，推动项目落地。"),
                      Block("坚持规划先行，着力统筹推进。县里每季度召开一次调度会，逐项研究进展。"),
                      Block("坚持群众参与，着力共建共享。各村成立议事会，收集群众意见建议。"))
    s = slogans_of(parsed)["两个坚持两个着力"]
    assert s.components == ["坚持规划先行", "着力统筹推进", "坚持群众参与", "着力共建共享"]
    assert s.count == 4


def test_a_heading_naming_two_formulas_does_not_give_either_its_children():
    """Issue 19: under （一）以“五水共治”牵引融合、缩小“三项差别”… the children are the section's practices,
    not the parts of either formula."""
    parsed = document(Block("（一）以“五水共治”牵引城乡融合、缩小“三项差别”，推进先行示范"),
                      Block("1.推进乡村振兴。全域建设和美乡村。"), Block("2.推进新型城镇化。支持县城发展。"),
                      Block("3.促进城乡融合。开展一体化提升。"))
    found = slogans_of(parsed)
    assert found["三项差别"].components is None


def test_news_headlines_under_a_headline_naming_a_formula_are_not_its_parts():
    """Issue 19: headlines of a transcript's later items (甲地运动会落幕 乙队包揽双冠) are no parts."""
    parsed = document(Block("（一）“两院”联合发布意见"), Block("1.某市地铁新线开通运营 日均客流超十万人次"),
                      Block("2.某地运动会落幕 东道主包揽双冠"))
    assert slogans_of(parsed)["两院"].components is None
