"""Build identity reported by /version and the model info RPC."""

import os

VERSION = "0.1.0"
# Set by the image build (git sha); "dev" on a laptop.
BUILD = os.environ.get("PHIGUARD_BUILD", "dev")
