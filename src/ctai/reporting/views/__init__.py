"""The web pages of the yearly reporting cycle (issue 7): thin views over ``ctai.reporting``."""
