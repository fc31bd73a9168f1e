"""Run treatyline as `python -m treatyline`."""

from treatyline.launch import main

main()
