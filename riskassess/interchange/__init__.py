"""The adapters between riskassess and the files it reads and writes: the CNIL's PIA format
(`cnil/`), our JSON documents (`portability`, `document_schema`), backups of the whole database
(`backup`, `backup_codec`), the register as CSV and XLSX (`register_io`, `register_table`) and
formula-safe CSV (`csvsafe`). The domain itself stays in riskassess/core/."""
