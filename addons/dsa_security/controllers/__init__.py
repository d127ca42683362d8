from . import portal_chatter  # noqa: F401
