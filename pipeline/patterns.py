"""Layout patterns of Chinese official documents shared by several stages (no stage logic here)."""
import re

# A line or block opening with one of these starts something new: a heading, an item, a masthead
# or footer line. Readers use it to split paragraphs, normalization to avoid joining across it.
STRUCTURAL_START = re.compile(
    r"^(?:#|△|▲|★|☆|◆|■|●|—{1,2}|-{3}|"
    r"[一二三四五六七八九十百]+[、是.．]|"
    r"[(（][一二三四五六七八九十\d]+[)）]|"
    r"第[一二三四五六七八九十百\d]+(?:步|条|章|节|部分|是|点|期)|"
    r"\d{1,2}[、．.](?!\d)|"
    r"编者按|按[：:]|报[：:]|送[：:]|发[：:]|抄送|抄报|主送|附件|"
    r"中共.{2,20}(?:委|部|室|办)$|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")

# A block ending in one of these ends its sentence (and, for a title check, is not a title).
TERMINAL = "。！？!?；;：:…"
# A distribution-footer line: 报：… / 送：… / 发：…
FOOTER_LINE = re.compile(r"^(?:报|送|发|抄送|抄报|主送)[：:]")
