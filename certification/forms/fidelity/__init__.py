"""Forms of fidelity review: concerns and reports, cases, observations and plans."""
