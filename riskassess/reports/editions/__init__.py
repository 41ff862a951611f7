"""The report's editable editions: the PDF's story as neutral blocks (`blocks`), written as a
Word document (`word`, python-docx) or an OpenDocument text (`opendocument`, odfpy)."""
