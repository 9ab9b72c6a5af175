"""README.md's "Who sees what" table says exactly what tests/security/visibility.py holds,
the data both authorization matrices assert."""

from pathlib import Path

from tests.security.visibility import CELLS, COLUMNS, TABLE

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "### Who sees what"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def readme_table(text: str) -> list[list[str]]:
    """The first Markdown table after the heading, as rows of cells (header first)."""
    after = text.split(HEADING, 1)[1].splitlines()
    start = next(n for n, line in enumerate(after) if line.startswith("|"))
    lines = []
    for line in after[start:]:
        if not line.startswith("|"):
            break
        lines.append(line)
    header, rule, *rows = lines
    assert set(rule.replace("|", "").split()) == {"---"}
    return [_cells(header), *map(_cells, rows)]


def test_it_has_the_columns_of_the_data():
    header, *_ = readme_table(README.read_text())
    assert header == ["what", *COLUMNS]


def test_it_has_the_rows_of_the_data_in_order():
    _, *rows = readme_table(README.read_text())
    assert [row[0] for row in rows] == [r.label for r in TABLE.values()]


def test_each_cell_is_the_datas():
    _, *rows = readme_table(README.read_text())
    assert [tuple(row[1:]) for row in rows] == [r.cells for r in TABLE.values()]


def test_it_uses_only_the_words_its_legend_defines():
    _, *rows = readme_table(README.read_text())
    assert {cell for row in rows for cell in row[1:]} <= CELLS


def test_it_notices_a_changed_cell():
    text = README.read_text()
    label = TABLE["steering"].label
    line = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
    changed = text.replace(line, line.replace("| read |", "| write |", 1))
    _, *rows = readme_table(changed)
    assert [tuple(row[1:]) for row in rows] != [r.cells for r in TABLE.values()]
