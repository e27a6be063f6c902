"""NeoDesk: offline records for economic-development counselors."""

__version__ = "0.1.0"
APP_NAME = "NeoDesk"
