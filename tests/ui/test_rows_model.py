"""RowsModel.put_row / drop_row: one line refreshed in place, added, or removed."""

from __future__ import annotations

from dataclasses import dataclass

from ui.rows_model import RowsModel


@dataclass(frozen=True)
class Line:
    id: int
    name: str


class Lines(RowsModel):
    HEADERS = ("编号", "名称")

    def cell(self, row: Line, column: int) -> str:
        return (str(row.id), row.name)[column]


def test_put_row_replaces_in_place_adds_and_drop_removes(qtbot, qtmodeltester) -> None:
    model = Lines()
    model.set_rows([Line(1, "甲"), Line(2, "乙")])
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.column())))
    model.put_row(Line(2, "丙"), key=lambda r: r.id)
    assert model.rows() == [Line(1, "甲"), Line(2, "丙")] and changed == [(1, 1)]
    assert model.index(1, 1).data() == "丙"
    with qtbot.waitSignal(model.rowsInserted):
        model.put_row(Line(3, "丁"), key=lambda r: r.id)
    assert [r.id for r in model.rows()] == [1, 2, 3]
    with qtbot.waitSignal(model.rowsRemoved):
        model.drop_row(lambda r: r.id, 1)
    assert [r.id for r in model.rows()] == [2, 3]
    model.drop_row(lambda r: r.id, 99)  # gone already: nothing happens
    assert model.rowCount() == 2
    qtmodeltester.check(model)
