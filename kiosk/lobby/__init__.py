"""The lobby: every kiosk's registrations and counter referrals, as the hospital system keeps them (docs/lobby.md)."""
