"""Issue 11, item 7: mutated bytes of every supported format never raise anything but IngestError.

The inputs are built from a seed at test time (plain UTF-8, GBK, UTF-16, HTML, DOCX, PDF, a zip member
as a file of its own) and mutated by hypothesis: bytes flipped, cut short, inserted, repeated. About
200 examples run in `make test`; `make fuzz` runs many more (HYPOTHESIS_PROFILE=fuzz).
"""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import IngestError
from pipeline.process import process_file

from .conftest import SEED_FILES
from .fixtures import render_docx, render_html, render_pdf, seed_blocks

settings.register_profile("suite", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "suite")


def _samples() -> dict[str, bytes]:
    seed = SEED_FILES[2]  # the shortest with a masthead, footer and practices
    text = seed.read_text(encoding="utf-8")
    blocks = seed_blocks(seed)[:40]
    return {"a.txt": text.encode("utf-8"), "b.txt": text.encode("gbk", errors="ignore"),
            "c.txt": text.encode("utf-16"), "d.html": render_html(blocks), "e.docx": render_docx(blocks),
            "f.pdf": render_pdf(blocks[:15])}


SAMPLES = _samples()


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 4096))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 512))] * draw(st.integers(1, 4))
        else:
            data[at:at + 16] = bytes(min(16, len(data) - at))
    return name, bytes(data)


@pytest.mark.filterwarnings("ignore")
@settings(settings.get_profile(PROFILE))
@given(mutated())
def test_mutated_files_raise_only_input_errors(case):
    name, data = case
    try:
        process_file(data, name, max_size=None)
    except IngestError:
        pass
