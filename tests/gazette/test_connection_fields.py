"""The first-run form's server fields become a URL and back, options and password kept; a
failed open reads as a sentence naming the server."""

from __future__ import annotations

from gazette.office.connection import (
    ServerFields,
    explain_open_error,
    server_fields,
    server_url,
)


def test_fields_round_trip_keep_the_options_the_form_does_not_show() -> None:
    saved = "postgresql+psycopg://bian:p%40ss@10.0.0.5:6543/gazette?options=-csearch_path%3Dt1"
    fields = server_fields(saved)
    assert (fields.host, fields.port, fields.database, fields.user, fields.password) == (
        "10.0.0.5",
        6543,
        "gazette",
        "bian",
        "p@ss",
    )
    assert dict(fields.query) == {"options": "-csearch_path=t1"}
    assert server_fields(server_url(fields)) == fields


def test_blank_fields_are_left_out_and_spaces_trimmed() -> None:
    url = server_url(ServerFields(host=" gazette-db ", user="", password="", database=" 公报 "))
    assert url == "postgresql+psycopg://gazette-db:5432/%E5%85%AC%E6%8A%A5"
    assert server_fields(url).database == "公报"


def test_a_refused_connection_is_explained_other_errors_keep_their_words() -> None:
    refused = OSError('connection to server at "10.0.0.5", port 5432 failed: Connection refused')
    assert explain_open_error(refused, "10.0.0.5", 5432) == (
        "无法连接到 10.0.0.5:5432：服务器未启动或地址有误"
    )
    assert explain_open_error(ValueError("数据库版本过新"), "x", 5432) == "数据库版本过新"
