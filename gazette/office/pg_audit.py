"""The audit trail written by the PostgreSQL server itself, on a shared database set up by
``gazette office init``.

A row trigger on every audited table records ``session_user`` (the person's own login), the
table, the key and the old and new values in the same shape as the ORM hook of the embedded
database, so one screen reads both. The trigger function belongs to the owner role and runs as
it (SECURITY DEFINER): people can add to the trail only through it, and can neither forge the
name nor skip it. A reason the app attaches to an update (``gazette.db.audit.annotate``) travels
in the transaction-local setting ``gazette.audit_notes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from gazette.db.audit import SKIP_COLUMNS

if TYPE_CHECKING:
    from gazette.office.pg_roles import RoleNames

FUNCTION = "gazette_audit_row"
TRIGGER = "gazette_audit"
NOTES_SETTING = "gazette.audit_notes"


def _function_sql(schema: str) -> str:
    from gazette.office.pg_roles import ident, literal

    skip = ", ".join(literal(c) for c in sorted(SKIP_COLUMNS))
    return f"""
CREATE OR REPLACE FUNCTION {ident(schema)}.{FUNCTION}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {ident(schema)}, pg_temp AS $fn$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  key_row jsonb := coalesce(new_row, old_row);
  rec text := '';
  col text;
  changes jsonb := '{{}}'::jsonb;
  notes jsonb;
  i int;
BEGIN
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    rec := rec || CASE WHEN i > 0 THEN '/' ELSE '' END || coalesce(key_row ->> TG_ARGV[i], '');
  END LOOP;
  FOR col IN SELECT jsonb_object_keys(key_row) LOOP
    CONTINUE WHEN col = ANY (ARRAY[{skip}]);
    CONTINUE WHEN TG_OP = 'UPDATE' AND (old_row -> col) IS NOT DISTINCT FROM (new_row -> col);
    changes := changes || jsonb_build_object(
      col, jsonb_build_object('old', old_row -> col, 'new', new_row -> col));
  END LOOP;
  IF TG_OP = 'UPDATE' THEN
    IF changes = '{{}}'::jsonb THEN RETURN NULL; END IF;
    notes := nullif(current_setting('{NOTES_SETTING}', true), '')::jsonb
             -> (TG_TABLE_NAME || ':' || rec);
    IF notes IS NOT NULL THEN
      FOR col IN SELECT jsonb_object_keys(notes) LOOP
        changes := changes || jsonb_build_object(
          col, jsonb_build_object('old', NULL, 'new', notes -> col));
      END LOOP;
    END IF;
  END IF;
  INSERT INTO audit_log (at, actor, action, table_name, record_id, changes)
  VALUES (timezone('utc', now()), session_user,
          CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
          TG_TABLE_NAME, left(rec, 64), changes::json);
  RETURN NULL;
END
$fn$"""


def primary_key(conn: Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT a.attname FROM pg_index i "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
            "WHERE i.indisprimary AND i.indrelid = "
            "(quote_ident(:s) || '.' || quote_ident(:t))::regclass "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)"
        ),
        {"s": schema, "t": table},
    )
    return [str(r[0]) for r in rows]


def install(conn: Connection, schema: str, names: RoleNames, audited: Iterable[str]) -> None:
    """The trigger function (owned by the owner role) and one trigger per audited table."""
    from gazette.office.pg_roles import ddl, ident, literal

    ddl(conn, _function_sql(schema))
    function = f"{ident(schema)}.{FUNCTION}"
    ddl(conn, f"ALTER FUNCTION {function}() OWNER TO {ident(names.owner)}")
    ddl(conn, f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
    for table in audited:
        qualified = f"{ident(schema)}.{ident(table)}"
        keys = ", ".join(literal(k) for k in primary_key(conn, schema, table))
        ddl(conn, f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qualified}")
        ddl(
            conn,
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {qualified} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}({keys})",
        )


def is_installed(conn: Connection) -> bool:
    """Whether the connection's schema is audited by the server (then the ORM hook stands by)."""
    found = conn.execute(
        text(
            "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.proname = :f AND n.nspname = current_schema()"
        ),
        {"f": FUNCTION},
    )
    return found.first() is not None
