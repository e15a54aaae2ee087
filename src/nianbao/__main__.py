"""``python -m nianbao`` and the ``nianbao`` console script."""

from . import LongLived


def run() -> None:
    """Start the command line: its modules load under :class:`LongLived` (see also ``cli.command``), and
    compiled regular expressions are kept between runs (:mod:`nianbao.regex_cache`)."""
    with LongLived():
        from .regex_cache import install, uninstall

        install()
        from .cli import main
    try:
        main()
    finally:
        uninstall()


if __name__ == "__main__":  # worker processes (--jobs, spawned on Windows) import this module too
    run()
