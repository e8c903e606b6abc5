"""The historical digitisation backlog (历史公报数字化). No Qt; builds on gazette/."""
