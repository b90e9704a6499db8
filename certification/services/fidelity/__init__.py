"""Fidelity services: concerns (`concerns`), decertification cases (`cases`), observations
(`observations`) and the improvement plans both concerns and observations lead to (`plans`)."""
