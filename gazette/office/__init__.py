"""The office itself: users, roles, sign-in, settings, leases, conflicts, backup and audit."""
