"""``python -m nianbao`` and the ``nianbao`` console script."""

import gc


def run() -> None:
    """Start the command line.

    The cyclic garbage collector is held off while the command line's modules load: they live as
    long as the process, so its passes over them are pure cost (about a tenth of a short command's
    time); the loaded objects are then frozen out of its sweeps, and it runs as usual for the
    command's own work (see also ``cli.command``). Compiled regular expressions are kept between
    runs (:mod:`nianbao.regex_cache`).
    """
    gc.disable()
    try:
        from .regex_cache import install, uninstall

        install()
        from .cli import main

        gc.freeze()
    finally:
        gc.enable()
    try:
        main()
    finally:
        uninstall()


if __name__ == "__main__":  # worker processes (--jobs, spawned on Windows) import this module too
    run()
