"""The package version (one place: the package, its modules and the build read it)."""

__version__ = "0.1.0"
