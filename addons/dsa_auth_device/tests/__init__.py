from . import test_device_login  # noqa: F401
