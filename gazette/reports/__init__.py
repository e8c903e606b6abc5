"""Reports built from the core's plain rows: PDF (ReportLab) and XLSX (openpyxl)."""
