"""Departments, their liaison officers and alternates, absences and the XLSX roster."""
