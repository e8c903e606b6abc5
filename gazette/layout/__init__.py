"""Typesetting with ReportLab: fonts, styles (data), CJK line breaking, page templates, render."""
