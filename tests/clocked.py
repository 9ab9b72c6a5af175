"""`python -m tests.clocked -A metascrum worker …`: the Celery command line, on the test clock.

The suite starts real workers through this module so that a run under TEST_NOW has one clock
in every process (ETAs, leases and due times agree).
"""

import sys

from celery.__main__ import main

from tests.clock import travel_from_environment

if __name__ == "__main__":
    travel_from_environment()
    sys.argv[0] = "celery"
    sys.exit(main())
