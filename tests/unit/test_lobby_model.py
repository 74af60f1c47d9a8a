"""The lobby's one definition of "needs staff" and how deltas merge into a view."""

from kiosk.lobby.model import REFERRAL_REASONS, RESOLUTIONS, Claim, LobbyRow, LobbyView, RowKind, RowState


def row(row_id, state, kind=RowKind.REFERRAL, at=1.0, etag="1", **kw):
    return LobbyRow(id=row_id, kind=kind, kiosk_id="K01", created_at=at, state=state, etag=etag, **kw)


def test_needs_staff_counts_open_and_claimed_referrals_only():
    view = LobbyView((row("a", RowState.OPEN), row("b", RowState.CLAIMED, claim=Claim("Q1", "Lan", 2.0)),
                      row("c", RowState.RESOLVED, resolution="sent-home"),
                      row("d", RowState.REGISTERED, kind=RowKind.REGISTRATION)), "c1", 0.0)
    assert view.needs_staff() == 2
    assert [r.id for r in view.rows if r.needs_staff] == ["a", "b"]


def test_a_delta_replaces_rows_by_id_and_keeps_newest_first():
    view = LobbyView((row("a", RowState.OPEN, at=1.0), row("b", RowState.REGISTERED, RowKind.REGISTRATION, 2.0)),
                     "c1", 10.0)
    delta = LobbyView((row("a", RowState.CLAIMED, at=1.0, etag="2"), row("n", RowState.OPEN, at=3.0)), "c2", 11.0)
    merged = view.merge(delta)
    assert [r.id for r in merged.rows] == ["n", "b", "a"]
    assert merged.row("a").state is RowState.CLAIMED and merged.row("a").etag == "2"
    assert merged.cursor == "c2" and merged.fetched_at == 11.0
    assert merged.row("zz") is None


def test_reason_and_resolution_words_are_distinct():
    assert len(set(REFERRAL_REASONS)) == len(REFERRAL_REASONS) and "help" in REFERRAL_REASONS
    assert "registered" in RESOLUTIONS and not set(RESOLUTIONS) & set(REFERRAL_REASONS)
