"""Governance of the contract (article 6): steering committees (COPIL), their packs and the
decisions they take, tied to the action sheets they change."""
