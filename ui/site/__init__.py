"""The site export dialog (the integrator opens it from a menu)."""
