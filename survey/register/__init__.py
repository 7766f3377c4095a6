"""The programme register: project entities, Excel import/export, classifications and the overview."""
