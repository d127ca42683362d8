from . import client_address  # noqa: F401
from . import controllers  # noqa: F401
from . import models  # noqa: F401
