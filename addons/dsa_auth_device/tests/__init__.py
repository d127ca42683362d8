from . import test_device_login  # noqa: F401
from . import test_login_attacks  # noqa: F401
from . import test_device_state  # noqa: F401
