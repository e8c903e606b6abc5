"""Print the field accuracy of structure detection on every fixture (and what each one misses).

Run from the project root: ``python tests/gazette/texts_fixtures/score.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from gazette.texts.importer import import_file  # noqa: E402
from gazette.texts.model import DocumentText  # noqa: E402
from gazette.texts.scoring import Score, score, table  # noqa: E402


def run() -> list[Score]:
    scores = []
    for expected_path in sorted(HERE.glob("*.json")):
        source = expected_path.with_suffix("")
        truth = DocumentText.from_json(json.loads(expected_path.read_text(encoding="utf-8")))
        scores.append(score(source.name, import_file(source).text, truth))
    return scores


if __name__ == "__main__":
    results = run()
    for s in results:
        if s.misses:
            print(f"{s.name}: 未识别正确 {', '.join(s.misses)}")
    print(f"样例文件 {len(results)} 个\n")
    print(table(results))
