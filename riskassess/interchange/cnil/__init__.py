"""CNIL PIA files (docs/pia-format.md): the pure mapping (`mapping`, with its tables in
`format`, the schema check in `check`, the writing in `exporting` and the reading in
`importing`) and the database side (`service`)."""
