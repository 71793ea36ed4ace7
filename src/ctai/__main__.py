from ctai.cli import main

main()
