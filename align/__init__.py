"""bitext: align Chinese United Nations documents with their English originals."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("un-bitext")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
