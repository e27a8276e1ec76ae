import re

import opencc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.ingest import read_bytes
from pipeline.ingest.text import split_paragraphs
from pipeline.normalize import normalize
from pipeline.records import Block, RawDocument, SourceFile

from .conftest import CORPORA, SEED_FILES

T2S = opencc.OpenCC("t2s")
SITE_DEBRIS = ["下载本文档", "温馨提示", "已阅读", "评论", "版权说明"]


def _doc(blocks):
    return RawDocument(SourceFile("0" * 64, "x.txt", "x.txt", "txt", 0), blocks)


def _shape(doc):
    return [(b.text, b.kind, b.level, b.bold) for b in doc.blocks]


def test_traditional_sharing_site_page_is_clean():
    path = next(p for p in SEED_FILES if p.name.startswith("003"))
    doc = normalize(read_bytes(path.read_bytes(), path.name))
    text = doc.text
    assert doc.script == "traditional"
    assert T2S.convert(text) == text, "no character left that t2s would change"
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", text), "no pinyin annotation"
    for debris in SITE_DEBRIS:
        assert debris not in text
    assert not re.search(r"(?:^|\n)\d+、", text), "page-chunk markers removed"
    # continuous paragraphs: none ends mid-sentence except the document's own cut-off last one
    for block in doc.blocks[:-1]:
        assert block.text[-1] in "。！？；：”", block.text[-30:]
    assert "。一、" not in text and "二、 主要做法" in text


def test_markdown_becomes_structure():
    raw = _doc([Block("## 一、总体要求"), Block("**一是抓组织。**建强支部。"), Block("共１２３个，占５０％")])
    doc = normalize(raw)
    assert (doc.blocks[0].kind, doc.blocks[0].level, doc.blocks[0].text) == ("heading", 2, "一、总体要求")
    assert doc.blocks[1].text == "一是抓组织。建强支部。" and doc.blocks[1].bold == [(0, 6)]
    assert doc.blocks[2].text == "共123个，占50%"


def test_page_break_rejoined_but_titles_kept_apart():
    raw = _doc([Block("打造项目推进的“红色引擎”"), Block("近年来，某区坚持把支部建在项目上，推动党建"),
                Block("与项目深度融合。"), Block("送：各县（市、区）委书记，本部领导"), Block("中共某市委组织部办公室")])
    texts = [b.text for b in normalize(raw).blocks]
    assert texts == ["打造项目推进的“红色引擎”", "近年来，某区坚持把支部建在项目上，推动党建与项目深度融合。",
                     "送：各县（市、区）委书记，本部领导", "中共某市委组织部办公室"]


ALPHABET = st.sampled_from(list("党建项目黨組織書記這樣與發展現的一二三、，。：；“”（）() \n*#-—0１２3%％")
                           + ["(xiàn)", "**", "## ", "下载本文档", "\n\n", "1、", "已阅读5页", "銆傚熀"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
@example("。（\n)")  # a bracket whose pair was in the block joined to it: full-width once joined
def test_idempotent_on_generated_text(text):
    once = normalize(_doc(split_paragraphs(text) or [Block("")]))
    twice = normalize(once)
    assert _shape(twice) == _shape(once)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.booleans()), max_size=6))
def test_idempotent_with_bold_runs(runs):
    text, bold, pos = "", [], 0
    for piece, is_bold in runs:
        if is_bold and piece:
            bold.append((pos, pos + len(piece)))
        text += piece
        pos += len(piece)
    once = normalize(_doc([Block(text, bold=bold)]))
    assert _shape(normalize(once)) == _shape(once)


def test_idempotent_on_real_text():
    files = SEED_FILES + sorted((CORPORA / "xwlb").glob("*.md"))[:40]
    for path in files:
        once = normalize(read_bytes(path.read_bytes(), path.name))
        assert _shape(normalize(once)) == _shape(once), path.name


def test_plain_blocks_clean_the_same_on_the_string_as_on_the_pairs(seed_files):
    """clean_block's fast path (no emphasis) gives what the character-pair path gives."""
    from pipeline.ingest import read_bytes
    from pipeline.normalize.text import clean_block
    from pipeline.records import Block

    blocks = [b for p in seed_files for b in read_bytes(p.read_bytes(), p.name).blocks if not b.bold]
    blocks += [Block("  #  标题  ##"), Block("正文\t 有  空白\n"), Block("**加粗**开头"), Block("半角,标点;测试")]
    for b in blocks:
        fast = clean_block(b)
        pairs = clean_block(Block(b.text, b.kind, b.level, bold=[(len(b.text), len(b.text))]))
        assert (fast.text, fast.kind, fast.level, fast.bold) == (pairs.text, pairs.kind, pairs.level, pairs.bold)
