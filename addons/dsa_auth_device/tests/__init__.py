from . import test_device_login  # noqa: F401
from . import test_device_state  # noqa: F401
