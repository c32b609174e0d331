from kaizen_tui.cli import main

main()
