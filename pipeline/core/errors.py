"""Errors a user can cause and fix: each message is one line that says what to do."""


class UsageError(Exception):
    """A bad command line, config file or input path. The CLI prints the message and exits with code 2."""


class ConfigError(UsageError):
    """A config value that is missing, of the wrong type or out of range."""


class RunFailure(Exception):
    """The run completed but its result must not be published. The CLI prints the message and exits with code 1."""
