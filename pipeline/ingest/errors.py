class IngestError(Exception):
    """A file that cannot be read; ``str(err)`` is the one-line reason shown to the user."""
