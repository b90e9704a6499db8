"""Fidelity services: concerns (`concerns`, with `attachments` for the files sent with them
and `concern_notices` for the emails), decertification cases (`cases`, with `case_deadlines`
for the windows of due process and `case_outcomes` for applying a final decision),
observations (`observations`) and the improvement plans both concerns and observations lead
to (`plans`)."""
