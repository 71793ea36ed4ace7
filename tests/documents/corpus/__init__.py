"""Documents written for the reader's tests: writers for every format and a corpus of
territories whose true values are known."""
