"""Chinese boilerplate: phrases in a language written without spaces ("分享到:", "正在加载...",
"相關文章"), labels ending in a full-width colon ("暱稱："), and a related box that a script
fills in, whose heading stands right before the story."""
from __future__ import annotations

import pytest

import declutter
from conftest import ARTICLE_PARAGRAPHS, article_page, assert_filter_removes, normalized
from declutter.core.phrases import normalize_phrase, phrase_sets

PARAGRAPHS = (
    "港务局周一证实，老旋转桥在年底前将继续禁止汽车通行，因为工程师在例行检查中发现两根主梁出现腐蚀。",
    "骑自行车的人和行人仍然可以从固定在桥北侧的临时步道通过，港务局说每天早上第一班渡轮到达之前都会检查步道。",
    "依靠从车站过来的游客做生意的商户要求在维修期间在南码头免费停车，市议会同意从下周开始试行。",
    "维修预计耗资约四百万欧元，主要由一项历史基础设施地区基金支付，港务局在一份声明中说。",
    "工程师表示，如果天气允许，维修工作将分三个阶段进行，第一阶段将更换最严重受损的钢梁。",
)
HEADLINE = "老旋转桥年底前禁止汽车通行"


def chinese_page(*, before: str = "", inside: str = "") -> str:
    return article_page(before=before, inside=inside, lang="zh", title=HEADLINE, paragraphs=PARAGRAPHS)


def test_each_chinese_character_is_a_word() -> None:
    assert normalize_phrase("分享到：微信 QQ空间") == "分 享 到 微 信 qq 空 间"
    assert normalize_phrase("Größe, Straße!") == "größe straße"


@pytest.mark.parametrize("line", ["分享到:", "分享到：微信 微博", "正在加载...", "返回顶部", "暱稱：", "本日人氣：613"])
def test_chinese_chrome_and_profile_lines(line: str) -> None:
    assert_filter_removes(chinese_page(inside=f"<p>{line}</p>"), "boilerplate", [line], control=True, article=PARAGRAPHS)


def test_a_phrase_inside_a_chinese_sentence_is_found_as_words() -> None:
    assert phrase_sets()["cta"].find_in("本网站版权所有，转载请注明出处") == "版 权 所 有"


def test_a_chinese_label_with_a_full_width_colon() -> None:
    assert phrase_sets()["related"].match_label("相关阅读：另一篇文章的标题") == "相 关 阅 读"


@pytest.mark.parametrize("heading, paragraphs", [("相關文章", PARAGRAPHS), ("Related Articles", ARTICLE_PARAGRAPHS)])
def test_related_heading_over_a_scripted_box_before_the_story(heading: str, paragraphs: tuple[str, ...]) -> None:
    """A box that a script fills with teasers, its heading right before the story in the
    story's container: the script is no reading matter, so it does not make the box read as
    an article, and the box goes with its heading (left alone, the heading would pass for a
    related marker over the story's short paragraphs)."""
    script = "<script>var related = " + repr(["another story's title"] * 60) + ";</script>"
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    page = f'<html><body><div class="story"><h1>{HEADLINE}</h1><div class="spot"><h5>{heading}</h5>{script}</div>{body}</div></body></html>'
    article = declutter.clean_html(page, explain=True)
    assert heading not in article.text
    for paragraph in paragraphs:
        assert paragraph in normalized(article.text), article.removed
