"""System administration: users and roles, the audit trail, backup and restore."""
