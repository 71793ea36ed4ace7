"""Amendments (avenants, article 8) and the contract's versions (tel que signé, après avenant
n° 1, ...): docs/adr/0015-amendments.md."""
