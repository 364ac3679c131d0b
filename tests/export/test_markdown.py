"""Markdown output: GitHub math only ($…$, $$…$$ with cases), escaped text, every step listed."""

from __future__ import annotations

import re

import symact
from symact.export.markdown import escape, to_markdown
from symact.prover import check, check_linearity


def _math_is_balanced(markdown: str) -> bool:
    """Outside $$ blocks, every line holds an even number of unescaped $."""
    inline = re.sub(r"\$\$\n.*?\n\$\$", "", markdown, flags=re.S)
    return all(len(re.findall(r"(?<!\\)\$", line)) % 2 == 0 for line in inline.splitlines())


def test_relu_report_has_heading_definition_verdict_steps_and_family() -> None:
    report = check_linearity(symact.get("relu"))
    markdown = report.to_markdown()
    assert markdown.startswith("## relu is not linear\n")
    assert "$$\n\\operatorname{ReLU}(x) = \\begin{cases} x & \\text{for}\\: x > 0" in markdown
    assert "### relu (negative\\_slope = $0$, threshold = $0$): homogeneity refuted" in markdown
    assert "**Witness:** $x = -1$, $a = -1$" in markdown
    assert "**Counterexample family:** $x = -1 \\text{ and } a < 0$" in markdown
    for result in report.results:  # one numbered item per step, in order
        numbers = re.findall(r"^(\d+)\. ", to_markdown(result), flags=re.M)
        assert numbers == [str(i) for i in range(1, len(result.steps) + 1)]
    assert _math_is_balanced(markdown)


def test_no_latex_environment_github_cannot_render() -> None:
    for name in ("relu", "gelu", "selu", "hard_shrink"):
        markdown = check_linearity(symact.get(name)).to_markdown()
        environments = set(re.findall(r"\\begin\{(\w+\*?)\}", markdown))
        assert environments <= {"cases", "aligned"}, (name, environments)
        assert "\\intertext" not in markdown and "\\documentclass" not in markdown
        assert _math_is_balanced(markdown)


def test_markdown_text_is_escaped() -> None:
    assert escape("a_b*c [d](e) <f> `g` $h$ |i|") == (
        "a\\_b\\*c \\[d\\](e) \\<f\\> \\`g\\` \\$h\\$ \\|i\\|"
    )
    result = check(symact.get("leaky_relu"), "additivity")
    assert "leaky\\_relu" in result.to_markdown() and "leaky_relu" not in result.to_markdown()


def test_activation_markdown_shows_the_definition() -> None:
    markdown = symact.get("leaky_relu").to_markdown()
    assert markdown.startswith("## leaky\\_relu\n")
    assert "\\operatorname{LeakyReLU}(x) = " in markdown
    assert "\\frac{x}{5} & \\text{for}\\: x \\leq 0" in markdown  # Keras's slope 0.2 = 1/5
    assert "negative\\_slope = $\\frac{1}{5}$" in markdown
