from .cli import main

if __name__ == "__main__":  # worker processes (--jobs, spawned on Windows) import this module too
    main()
