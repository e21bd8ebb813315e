"""generator.markdown: markdown text -> Document blocks, with 1-based lines and columns."""

from __future__ import annotations

import textwrap

import pytest

from generator.diagnostics import Span
from generator.markdown import BulletList, CodeBlock, Document, Heading, Paragraph, Piece, Table, parse_document

PATH = "spec.md"


def parse(text: str) -> Document:
    return parse_document(PATH, textwrap.dedent(text).lstrip("\n"))


def only_table(text: str) -> Table:
    tables = [block for block in parse(text).blocks if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def test_blocks_come_in_order_with_their_kind_and_line() -> None:
    document = parse(
        """
        # Pet

        A pet.

        ## Fields

        | Field | Type |
        | ----- | ---- |
        | `id`  | *int* |

        - one
        - two

        ```python
        x = 1
        ```
        """
    )
    kinds = [type(block) for block in document.blocks]
    assert kinds == [Heading, Paragraph, Heading, Table, BulletList, CodeBlock]
    first, paragraph, section, table, bullets, code = document.blocks
    assert isinstance(first, Heading) and (first.level, first.inline.text) == (1, "Pet")
    assert isinstance(section, Heading) and (section.level, section.inline.text) == (2, "Fields")
    assert isinstance(paragraph, Paragraph) and paragraph.inline.span == Span(PATH, 3, 1)
    assert isinstance(table, Table) and table.header.span.line == 7 and table.rows[0].span.line == 9
    assert isinstance(bullets, BulletList) and [item.text for item in bullets.items] == ["one", "two"]
    assert isinstance(code, CodeBlock)
    assert (code.info, code.text, code.span.line) == ("python", "x = 1\n", 14)
    assert document.path == PATH


def test_table_cells_have_their_text_line_and_column() -> None:
    table = only_table(
        """
        | Field | Type  |
        | ----- | ----- |
        | `id`  | *int* |
        |   x   | [models.Pet](pet.md) |
        """
    )
    assert [cell.text for cell in table.header.cells] == ["Field", "Type"]
    assert [cell.span for cell in table.header.cells] == [Span(PATH, 1, 3), Span(PATH, 1, 11)]
    first, second = table.rows
    assert [cell.text for cell in first.cells] == ["id", "int"]
    assert [cell.span for cell in first.cells] == [Span(PATH, 3, 3), Span(PATH, 3, 11)]
    assert [cell.text for cell in second.cells] == ["x", "models.Pet"]
    assert [cell.span.col for cell in second.cells] == [5, 11]
    assert second.cells[1].pieces[0] == Piece("link_open", href="pet.md")


def test_columns_of_a_table_without_outer_pipes() -> None:
    table = only_table(
        """
        A | B
        --- | ---
        x | yy
        """
    )
    assert [cell.span.col for cell in table.rows[0].cells] == [1, 5]
    assert table.rows[0].written_cells == 2


def test_br_tag_becomes_a_break() -> None:
    table = only_table(
        """
        | Description      |
        | ---------------- |
        | one<br/>two<br>three |
        """
    )
    cell = table.rows[0].cells[0]
    assert [piece.kind for piece in cell.pieces] == ["text", "break", "text", "break", "text"]
    assert cell.text == "one\ntwo\nthree"
    assert cell.markdown == "one\ntwo\nthree"


def test_escaped_pipe_stays_inside_its_cell() -> None:
    table = only_table(
        r"""
        | A | B | C |
        | - | - | - |
        | a \| b | `c\|d` | e |
        """
    )
    row = table.rows[0]
    assert row.written_cells == 3
    assert [cell.text for cell in row.cells] == ["a | b", "c|d", "e"]
    # The columns after an escaped pipe still point at the right cells.
    assert [cell.span.col for cell in row.cells] == [3, 12, 21]


@pytest.mark.parametrize(
    "text",
    [
        "```\n| A | B |\n| - | - |\n| x | y |\n```\n",
        "~~~markdown\n| A | B |\n| - | - |\n| x | y |\n~~~\n",
        "    | A | B |\n    | - | - |\n    | x | y |\n",
    ],
    ids=["backticks", "tildes", "indented"],
)
def test_tables_inside_code_blocks_are_not_tables(text: str) -> None:
    (block,) = parse_document(PATH, text).blocks
    assert isinstance(block, CodeBlock)
    assert "| x | y |" in block.text


def test_inline_text_drops_markup_but_markdown_keeps_it() -> None:
    (paragraph,) = parse("Use `code`, *em*, ~~old~~ and [a link](x.md).<br/>Then a \\| pipe.\n").blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inline.text == "Use code, em, old and a link.\nThen a | pipe."
    assert paragraph.inline.markdown == "Use `code`, *em*, ~~old~~ and [a link](x.md).\nThen a | pipe."
    kinds = [piece.kind for piece in paragraph.inline.pieces]
    assert {"code", "em_open", "strike_open", "link_open", "break"} <= set(kinds)


def test_escapes_join_the_text_around_them_into_one_piece() -> None:
    (paragraph,) = parse("a \\| b &amp; c\n").blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inline.pieces == (Piece("text", "a | b & c"),)


def test_a_reference_link_is_a_link_only_where_its_definition_is() -> None:
    # Inline text is parsed once per distinct text; a link reference definition changes what
    # the same text means, so it must not be served the pieces of a document without one.
    text = "| Type |\n| ---- |\n| [Pet][pet] |\n"
    before = only_table(text).rows[0].cells[0]
    linked = only_table(text + "\n[pet]: pet.md\n").rows[0].cells[0]
    after = only_table(text).rows[0].cells[0]
    assert [piece.kind for piece in linked.pieces] == ["link_open", "text", "link_close"]
    assert linked.pieces[0].href == "pet.md"
    assert before.pieces == after.pieces == (Piece("text", "[Pet][pet]"),)


def test_written_cells_counts_what_the_row_wrote() -> None:
    table = only_table(
        """
        | A | B | C |
        | - | - | - |
        | 1 |
        | 1 | 2 | 3 | 4 |
        | 1 |   | 3 |
        """
    )
    short, long, empty_middle = table.rows
    assert short.written_cells == 1
    assert long.written_cells == 4
    assert empty_middle.written_cells == 3
    # markdown-it pads or truncates to the header's width; the count keeps what was written.
    assert [len(row.cells) for row in table.rows] == [3, 3, 3]
    assert [cell.text for cell in long.cells] == ["1", "2", "3"]
    assert [cell.text for cell in empty_middle.cells] == ["1", "", "3"]


def test_bullet_list_items_with_spans_and_without_nested_items() -> None:
    document = parse(
        """
        - `"auto"`
        - second
          - nested
        * star

        1. ordered lists are not bullet lists
        """
    )
    lists = [block for block in document.blocks if isinstance(block, BulletList)]
    assert [[item.text for item in bullets.items] for bullets in lists] == [['"auto"', "second"], ["star"]]
    assert [item.span for item in lists[0].items] == [Span(PATH, 1, 3), Span(PATH, 2, 3)]
    assert lists[1].items[0].span == Span(PATH, 4, 3)


def test_bullet_column_of_an_item_that_starts_with_a_marker_character() -> None:
    (bullets,) = parse("- -1\n- *em*\n").blocks
    assert isinstance(bullets, BulletList)
    assert [item.text for item in bullets.items] == ["-1", "em"]
    assert [item.span.col for item in bullets.items] == [3, 3]


def test_table_inside_a_block_quote_counts_its_cells() -> None:
    (table,) = parse("> | A | B |\n> | - | - |\n> | x | y |\n").blocks
    assert isinstance(table, Table)
    assert table.rows[0].written_cells == 2
    assert [cell.span.col for cell in table.rows[0].cells] == [5, 9]


def test_column_padding_is_read_as_written_and_code_blocks_keep_theirs() -> None:
    """Rows are read with their padding squeezed, for speed: cells, columns and code stay as written."""
    text = (
        "| Field      | Type       |\n"
        "| ---------- | ---------- |\n"
        "| `a  b`     | *str*      |\n"
        "\n"
        "```\n"
        "| x      |\n"
        "```\n"
    )
    table, code = parse_document("t.md", text).blocks
    assert isinstance(table, Table) and isinstance(code, CodeBlock)
    (row,) = table.rows
    assert [cell.source for cell in row.cells] == ["`a  b`", "*str*"]
    assert [cell.span.col for cell in row.cells] == [3, 16]
    assert code.text == "| x      |\n"


def test_an_html_comment_is_no_part_of_a_cell_or_a_paragraph() -> None:
    """It shows nothing when the markdown is read (gen-models diff reads its allow comments from
    the lines as written)."""
    document = parse(
        """
        A pet. <!-- a note for the writers -->

        | Field | Description                                               |
        | ----- | --------------------------------------------------------- |
        | `id`  | The id. <!-- gen-models: allow field-removed -->           |
        """
    )
    paragraph, table = document.blocks
    assert isinstance(paragraph, Paragraph) and isinstance(table, Table)
    assert paragraph.inline.markdown == paragraph.inline.text == "A pet."
    cell = table.rows[0].cells[1]
    assert (cell.markdown, cell.text, cell.span) == ("The id.", "The id.", Span(PATH, 5, 11))


def test_an_html_comment_inside_a_code_span_is_code() -> None:
    document = parse(
        """
        Write `<!-- here -->` to hide a line. <!-- a note --> Or ``a `<!--` b``.
        """
    )
    (paragraph,) = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.inline.markdown == "Write `<!-- here -->` to hide a line.  Or ``a `<!--` b``."
    assert paragraph.inline.text == "Write <!-- here --> to hide a line.  Or a `<!--` b."
