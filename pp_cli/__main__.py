"""Allow `python -m pp_cli`."""

from pp_cli.cli import main

if __name__ == "__main__":
    main()
