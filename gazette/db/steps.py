"""Giving one database's session factory a step of its units of work, once.

A step (the audit trail, the search index) is a few listeners on the factory. Installing one
twice must not run it twice, but SQLAlchemy's ``event.contains`` cannot say whether a factory
already has it: its registry keys a listener by the ``id()`` of the factory and keeps the key
after the factory is gone. A new factory allocated at a dead one's address then looks as if it
had the step and is left without it; a database opened so kept no audit trail at all (seen as
a conflict naming 其他用户, now and then, in long runs). So what remembers which listeners a
factory was given is a weak mapping keyed by the factory itself, which forgets it when it dies.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

Listener = Callable[..., Any]

_GIVEN: weakref.WeakKeyDictionary[sessionmaker[Session], set[tuple[str, Listener]]] = (
    weakref.WeakKeyDictionary()
)


def listen_once(factory: sessionmaker[Session], listeners: Mapping[str, Listener]) -> None:
    """Register each ``event name -> function`` on ``factory`` unless this factory has it."""
    given = _GIVEN.setdefault(factory, set())
    for identifier, fn in listeners.items():
        if (identifier, fn) not in given:
            event.listen(factory, identifier, fn)
            given.add((identifier, fn))
