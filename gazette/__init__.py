"""公报编辑部 domain core: no Qt here, usable from the command line, tests and the GUI."""

__version__ = "0.1.0"
APP_NAME = "公报编辑部"
APP_SLUG = "gazette-desk"
