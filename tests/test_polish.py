"""Polishing without a model: paragraph choice, labels, prompts, write-back for txt/docx/html."""

from __future__ import annotations

import io

import pytest

from nianbao.errors import TemplateError
from nianbao.polish import PolishResult, load_prompt, open_document, polish_paragraphs, split_label
from nianbao.polish.document import REVERTED, rewrap
from nianbao.polish.engine import ParagraphOutcome, clean_reply, skip_reason
from nianbao.read.text import paragraphs as read_paragraphs

from .conftest import EXAMPLE, FIXTURES

AGENCY = "洛宁县马店镇人民政府"


class Swap:
    """A backend that swaps a few words, and records what it was asked."""

    def __init__(self, batch_size=2, swap=(("不断", "持续"), ("进一步", "更加"))):
        self.batch_size, self.swap, self.seen, self.batches = batch_size, swap, [], []

    def describe(self):
        return "测试"

    def complete(self, requests):
        self.batches.append(len(requests))
        self.seen += requests
        out = []
        for r in requests:
            text = r.paragraph
            for a, b in self.swap:
                text = text.replace(a, b)
            out.append(text)
        return out


# --- choosing and splitting paragraphs -------------------------------------------------------


def test_split_label_keeps_sub_headings():
    assert split_label("（一）主动公开：丰富公开内容，扩大群众知情权。") == ("（一）主动公开：", "丰富公开内容，扩大群众知情权。")
    assert split_label("（二）依申请公开情况。定期对申请进行研判。") == ("（二）依申请公开情况。", "定期对申请进行研判。")
    assert split_label("**（三）管理**：规范审核程序。") == ("**（三）管理**：", "规范审核程序。")
    assert split_label("1.加强组织领导，健全工作机制。")[0] == "1."
    assert split_label("2024年，我镇严格落实条例。") == ("", "2024年，我镇严格落实条例。")


def test_skip_reasons():
    assert skip_reason("五、存在的主要问题及改进情况") == "标题"
    assert skip_reason("## 其他说明") == "标题"
    assert skip_reason("规章\t0\t0\t0") == "表格文字"
    assert "过短" in skip_reason("本年度未收取信息处理费。")
    assert skip_reason("（一）主动公开：丰富公开内容，扩大群众知情权，拓宽公开渠道，积极回应社会关切。") is None


def test_clean_reply_drops_wrapping_only():
    assert clean_reply("<think>想一想</think>\n持续加强管理。", "不断加强管理。") == "持续加强管理。"
    assert clean_reply("“持续加强管理。”", "不断加强管理。") == "持续加强管理。"
    assert clean_reply("由“功能量变”带动“服务质变”", "由“功能量变”带动“服务质变”") == "由“功能量变”带动“服务质变”"


def test_polish_paragraphs_accounting_and_labels():
    doc = open_document(EXAMPLE)
    backend = Swap(batch_size=3)
    done = []
    result = polish_paragraphs(doc.texts, backend, agency=AGENCY, sections=doc.sections, where=doc.where,
                               skip=doc.skip, progress=done.append)
    assert [o.status for o in result.items].count("skipped") == 1  # part 六: “无”
    assert result.sent == len(backend.seen) == sum(done) == 8
    assert max(backend.batches) == 3
    # labels are never sent and are kept verbatim
    assert not any(r.paragraph.startswith("（") for r in backend.seen)
    platform = next(o for o in result.items if o.original.startswith("（四）"))
    assert platform.status == "accepted" and platform.text.startswith("（四）政府信息公开平台建设：") and "持续丰富" in platform.text
    assert result.count("accepted") + result.count("unchanged") == 8
    summary = "\n".join(result.summary_lines())
    assert "共 9 段正文" in summary and "采用" in summary
    # the prompt carries the paragraph, the part, the agency and what must be kept
    user = backend.seen[0].user
    assert "总体情况" in user and AGENCY in user and "《中华人民共和国政府信息公开条例》" in user
    assert user.rstrip().endswith(backend.seen[0].paragraph)


def test_rejected_paragraph_keeps_original():
    backend = Swap(swap=(("两个方面", "三个方面"),))
    text = "主要表现在两个方面，一方面是推行规范的政务公开工作力度需要进一步加大，另一方面是工作机制需要完善。"
    result = polish_paragraphs([text], backend)
    item = result.items[0]
    assert item.status == "rejected" and item.text == text and item.candidate != text
    assert "数字" in item.reasons[0]
    assert result.to_dict()["items"][0]["candidate"] == item.candidate


# --- prompts -------------------------------------------------------------------------------


def test_bundled_prompts_render():
    for name in ("default", "light"):
        system, user = load_prompt(name).render(paragraph="段落正文", section="总体情况", agency="某机关", year=2024,
                                                protected=["《条例》"])
        # the paragraph is the user message's last line (what the loopback chat server in
        # test_polish_endpoint relies on, rather than the prompt's wording)
        assert "数字" in system and user.endswith("\n段落正文") and "《条例》" in user


def test_prompt_lookup_and_errors(tmp_path):
    custom = tmp_path / "tpl" / "polish" / "mine"
    custom.mkdir(parents=True)
    (custom / "system.j2").write_text("只改错别字。", encoding="utf-8")
    (custom / "user.j2").write_text("{{ section }}：{{ paragraph }}", encoding="utf-8")
    prompt = load_prompt("mine", tmp_path / "tpl")
    assert prompt.render(paragraph="正文", section="总体情况", agency="", year="", protected=[]) == ("只改错别字。", "总体情况：正文")
    assert load_prompt(str(custom)).folder == custom  # a folder given directly
    with pytest.raises(TemplateError, match="default"):
        load_prompt("nonexistent")
    (custom / "user.j2").write_text("{{ paragraf }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="paragraf"):
        load_prompt("mine", tmp_path / "tpl").render(paragraph="x", section="", agency="", year="", protected=[])
    (custom / "user.j2").write_text("{{ paragraph.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(TemplateError):
        load_prompt("mine", tmp_path / "tpl").render(paragraph="x", section="", agency="", year="", protected=[])


# --- plain text write-back -----------------------------------------------------------------


def test_rewrap_reads_back_as_one_paragraph():
    text = ("（三）政府信息管理情况。在政府网站、政务新媒体、政府公报等公开平台发布信息时，坚持“先审查、后公开”“一事一审”"
            "工作原则，规范审查程序。对政务公开平台已公开信息进行梳理，优化主动公开目录。")
    for width in (20.0, 29.0, 30.0, 31.5):
        lines = rewrap(text, width)
        assert "".join(lines) == text and len(lines) > 1
        assert not any(ln[0] in "，。、；：" for ln in lines)
        assert read_paragraphs(lines, width) == [text]


def test_unreadable_write_back_is_reverted(tmp_path):
    """A second safety net: whatever the guard let through, a file that reads back differently is not written."""
    doc = open_document(EXAMPLE)
    items = [ParagraphOutcome(i, t, t, "unchanged") for i, t in enumerate(doc.texts)]
    items[1].status, items[1].text = "accepted", "正文。\n三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量\t5"
    items[2].status, items[2].text = "accepted", "持续加强管理。"
    result = PolishResult(items)
    data = doc.render(result)
    assert items[1].status == "rejected" and "不再是原来的一个段落" in items[1].reasons[0]
    assert items[2].status == "accepted" and "持续加强管理。" in data.decode("utf-8")
    # a paragraph that vanishes on reading back: nothing is written at all
    items[2].status, items[2].text = "accepted", "- 5 -"  # read as a page mark
    items[3].status, items[3].text = "accepted", "持续加强管理。"
    assert doc.render(result) == EXAMPLE.read_bytes()
    assert items[3].status == "rejected" and items[3].reasons == [REVERTED] and items[3].text == items[3].original


def test_preamble_title_and_tables_are_not_candidates():
    doc = open_document(FIXTURES / "huaian_2024.txt")
    assert not any("本报告由淮安市人民政府办公室" in t for t in doc.texts)
    assert not any("\t" in t for t in doc.texts)
    assert {p.section for p in doc.paragraphs} == {"总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"}
    assert doc.agency == "淮安市人民政府" and doc.year == 2024


# --- Word ----------------------------------------------------------------------------------


def _docx(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.shared import Pt

    d = docx.Document()
    d.add_paragraph(f"{AGENCY}2024年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph()
    label = p.add_run("（一）主动公开：")
    label.bold = True
    body = p.add_run("紧紧围绕我镇中心工作，不断丰富公开内容，进一步拓宽公开渠道，保障群众知情权。")
    body.font.size = Pt(15)
    linked = d.add_paragraph("不断完善政务公开平台，及时更新公共服务、文化旅游等政务信息，详见")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), "rId99")
    linked._p.append(link)
    d.add_paragraph("二、主动公开政府信息情况")
    table = d.add_table(rows=2, cols=4)
    for i, v in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        table.cell(0, i).text = v
    for i, v in enumerate(("规章", "不断", "0", "0")):
        table.cell(1, i).text = v
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("政务公开工作机制需要进一步完善，政务公开的全程监督、全方位公开还不到位，不断推动规范化发展。")
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph("无")
    path = tmp_path / "report.docx"
    d.save(path)
    return path


def test_docx_paragraphs_edited_in_place(tmp_path):
    import docx

    path = _docx(tmp_path)
    doc = open_document(path)
    assert doc.agency == AGENCY and doc.year == 2024
    assert doc.sections == ["总体情况", "总体情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    assert "超链接" in doc.skip[1]
    backend = Swap()
    result = polish_paragraphs(doc.texts, backend, skip=doc.skip)
    assert result.count("accepted") == 2
    out = docx.Document(io.BytesIO(doc.render(result)))
    texts = [p.text for p in out.paragraphs]
    assert texts[2] == "（一）主动公开：紧紧围绕我镇中心工作，持续丰富公开内容，更加拓宽公开渠道，保障群众知情权。"
    runs = out.paragraphs[2].runs
    assert runs[0].text == "（一）主动公开：" and runs[0].bold and runs[1].font.size.pt == 15 and len(runs) == 2
    assert texts[3].startswith("不断完善")  # skipped: has a hyperlink
    assert "持续推动" in texts[8] and texts[7] == "五、存在的主要问题及改进情况"
    assert out.tables[0].cell(1, 1).text == "不断"  # tables are never touched


def test_docx_nothing_accepted_returns_same_bytes(tmp_path):
    path = _docx(tmp_path)
    doc = open_document(path)
    result = polish_paragraphs(doc.texts, Swap(swap=()), skip=doc.skip)
    assert doc.render(result) == path.read_bytes()


# --- HTML ----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>年报</title></head><body>
<h1>{agency}2024年政府信息公开工作年度报告</h1>
<h2>一、总体情况</h2>
<p style="text-indent:2em"><span style="font-weight:bold">（一）主动公开：</span><span>紧紧围绕中心工作，</span><span>不断丰富公开内容，进一步拓宽公开渠道。</span></p>
<p>不断完善平台建设，及时更新各类政务信息，<a href="http://example.invalid/">详见专栏</a>。</p>
<h2>二、主动公开政府信息情况</h2>
<table><tr><td>规章</td><td>不断</td></tr></table>
<h2>三、收到和处理政府信息公开申请情况</h2>
<h2>四、政府信息公开行政复议、行政诉讼情况</h2>
<h2>五、存在的主要问题及改进情况</h2>
<p>政务公开工作机制需要进一步完善，全程监督还不到位，需要不断推动规范化发展。</p>
<h2>六、其他需要报告的事项</h2>
<p>无</p>
</body></html>
""".format(agency=AGENCY)


def test_html_paragraphs_edited_in_place(tmp_path):
    from lxml import html as lhtml

    path = tmp_path / "report.html"
    path.write_bytes(HTML.encode("gb18030"))
    doc = open_document(path)
    assert doc.agency == AGENCY
    assert len(doc.paragraphs) == 4 and "链接" in doc.skip[1]
    result = polish_paragraphs(doc.texts, Swap(), skip=doc.skip)
    assert result.count("accepted") == 2
    data = doc.render(result)
    root = lhtml.document_fromstring(data.decode("gb18030"))
    ps = root.findall(".//p")
    assert ps[0].text_content() == "（一）主动公开：紧紧围绕中心工作，持续丰富公开内容，更加拓宽公开渠道。"
    assert ps[0].get("style") == "text-indent:2em"
    assert ps[0][0].text == "（一）主动公开：" and ps[0][0].get("style") == "font-weight:bold"
    assert ps[1].text_content().startswith("不断完善")
    assert "持续推动" in ps[2].text_content()
    assert root.find(".//table").text_content() == "规章不断"
    assert [h.text for h in root.findall(".//h2")][4] == "五、存在的主要问题及改进情况"
