"""The data checks of the database, shared by ``warmte build`` and ``warmte import``.

Each file in ``sql/checks/`` is one query that returns one row per problem, its
first column describing the problem.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

CHECKS_DIR = Path(__file__).parent / "sql" / "checks"


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run every check in ``sql/checks``; each returns one row per problem."""
    problems = []
    for path in sorted(CHECKS_DIR.glob("*.sql")):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        problems.extend(f"{path.stem}: {r[0]}" for r in rows)
    return problems
