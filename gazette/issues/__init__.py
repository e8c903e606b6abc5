"""Gazette issues: planning, the house rules, proofs and sign-off, errata and validity."""
