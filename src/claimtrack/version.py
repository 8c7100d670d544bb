"""The version, in a module of its own: modules that need it (the cache key, the report, --version)
import it from here, not from the package, whose ``__init__`` opens the library lazily."""

__version__ = "0.1.0"
