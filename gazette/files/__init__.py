"""Files the office reads and writes: atomic writes, the store, guarded paths, zips, XLSX cells, limits."""
