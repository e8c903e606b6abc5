"""The first-run wizard: name, data folder, database, fonts, holiday notice, demo data."""
