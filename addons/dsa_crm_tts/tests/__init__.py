from . import test_service_zone_rules  # noqa: F401
