"""``gazette liaison``: record an absence, see whom to contact, end and delete it."""

from __future__ import annotations

from gazette.context import open_context
from tests.gazette.submissions_setup import make_departments
from tests.gazette.test_cli import gazette


def test_absent_contact_end_delete(tmp_path) -> None:
    context = open_context(None, tmp_path)
    make_departments(context)
    context.close()
    base = ("--data-dir", str(tmp_path), "liaison")

    proc = gazette(*base, "absent", "--department", "市教育局", "--from", "2025-03-24",
                   "--to", "2025-03-28", "--reason", "出差")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "李强出差" in proc.stdout

    proc = gazette(*base, "contact", "--department", "市教育局", "--on", "2025-03-25")
    assert proc.returncode == 0, proc.stderr
    assert "备用联络员刘洋 13800000001" in proc.stdout and "李强出差" in proc.stdout

    proc = gazette(*base, "absent", "--department", "市教育局", "--from", "2025-03-25",
                   "--reason", "病假")  # fmt: skip
    assert proc.returncode == 2 and "重叠" in proc.stderr

    proc = gazette(*base, "absent", "--department", "市教育局", "--alternate",
                   "--from", "2025-03-25", "--reason", "休假")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = gazette(*base, "contact", "--department", "市教育局", "--on", "2025-03-25")
    assert proc.returncode == 1 and "均不在岗" in proc.stdout

    proc = gazette(*base, "absences", "--department", "市教育局")
    lines = proc.stdout.splitlines()
    assert lines[-1] == "共 2 条不在岗登记"
    first_id = next(line.split("\t")[0] for line in lines if "李强" in line)
    proc = gazette(*base, "end", "--id", first_id, "--last-day", "2025-03-24")
    assert proc.returncode == 0, proc.stderr
    proc = gazette(*base, "contact", "--department", "市教育局", "--on", "2025-03-25")
    assert proc.returncode == 0 and "联络员李强" in proc.stdout

    assert gazette(*base, "delete", "--id", first_id).returncode == 0
    proc = gazette(*base, "absences", "--department", "市教育局")
    assert proc.stdout.splitlines()[-1] == "共 1 条不在岗登记"

    proc = gazette(*base, "contact", "--department", "市教育厅")
    assert proc.returncode == 2 and "没有名为“市教育厅”的部门" in proc.stderr
    proc = gazette(*base, "absent", "--department", "市教育局", "--from", "25/3/2025",
                   "--reason", "出差")  # fmt: skip
    assert proc.returncode == 2 and "2025-03-24" in proc.stderr
