"""Suite-wide settings."""

import os

# The suite must not read or fill the user's analysis cache (~/.cache/symact): a stale entry
# there would hide a regression.  tests/numeric/test_numeric_cache.py turns it on in a temporary
# folder.
os.environ["SYMACT_CACHE"] = "0"
