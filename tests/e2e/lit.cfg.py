# End-to-end tests: they drive the strata CLI as a user would.
config.name = "Strata-e2e"
config.suffixes = [".test"]
