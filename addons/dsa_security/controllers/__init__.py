from . import portal_chatter  # noqa: F401
from . import portal_access  # noqa: F401
