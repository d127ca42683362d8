# flake8: noqa  (this file only imports the submodules)
from . import models
from . import controllers
from . import wizards
from . import report
