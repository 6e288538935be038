from corroborator.cli.app import main

main()
