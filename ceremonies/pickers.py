"""The ceremonies' picker sources, which live next to the forms they serve: the registry
(programmes/pickers/sources.py) discovers this module, and importing them here registers them."""

from ceremonies.meetings import pickers as meeting_pickers  # noqa: F401 (registers)
from ceremonies.steering import pickers as steering_pickers  # noqa: F401 (registers)
from ceremonies.updates import pickers as update_pickers  # noqa: F401 (registers)
