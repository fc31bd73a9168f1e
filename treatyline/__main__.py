"""Run treatyline as `python -m treatyline`."""

from treatyline.cli import main

main()
