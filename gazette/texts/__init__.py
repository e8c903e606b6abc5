"""Document text: import from DOCX/PDF/OFD/TXT and find its structure (model.py is the contract)."""
