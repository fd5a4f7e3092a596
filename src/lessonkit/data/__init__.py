"""The data: sourced tables, their data dictionaries, the bibliography, document cards.

Modules, in the order data flows:

- ``dictionary``  reads a data dictionary (a Frictionless Table Schema in YAML);
- ``table``       reads a CSV table and checks every cell against its dictionary;
- ``datasets``    finds the tables, caches them, loads them as typed DataFrames;
- ``loaders``     one ``load_<table>()`` function per table;
- ``references``  the bibliography (``references.bib``) and citations;
- ``documents``   document cards: a source's provenance and its excerpts.

Nothing here imports pandas or pybtex until a table is loaded or a source cited.
"""
