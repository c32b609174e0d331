from kaizen_tui.cli import main

# `python -m kaizen_tui` is `kaizen`: the same name in help, and the same completion variable
main(prog_name="kaizen")
