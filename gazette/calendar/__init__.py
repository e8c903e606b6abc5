"""Working days: the State Council's holiday notices, their store and their administration."""
