"""The submissions desk screen (报送台账)."""
