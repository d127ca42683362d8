# flake8: noqa  (this file only imports the submodules)
from . import dsa_licence_quote_wizard
