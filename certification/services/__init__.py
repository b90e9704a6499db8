"""Every change of certification state is one function here, with an `actor`."""
