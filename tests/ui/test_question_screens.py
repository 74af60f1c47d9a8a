"""Screens that ask one thing (face, slip question, the exception notices) share one layout
(ui/screens/answer_layout.py): their words above, the two answers side by side at the bottom, the
declining answer on the left and the accepting one on the right, so "yes" is always in the same place."""

from __future__ import annotations

import pytest

from ui.screens.face import FaceScreen
from ui.screens.notices import NewCardScreen, PendingScreen
from ui.screens.slip_question import SlipQuestionScreen


def _shown(qtbot, screen):
    qtbot.addWidget(screen)
    screen.resize(1080, 1600)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


@pytest.mark.parametrize("make, words, decline, accept", [
    (FaceScreen, ("glyph", "title", "hint"), "no", "yes"),
    (SlipQuestionScreen, ("glyph", "title", "hint"), "no", "yes"),
    (NewCardScreen, ("glyph", "title", "sentence", "next_step"), "secondary", "primary"),
])
def test_the_answers_sit_below_the_words_declining_left_accepting_right(qtbot, make, words, decline, accept):
    screen = _shown(qtbot, make())
    no, yes = getattr(screen, decline).geometry(), getattr(screen, accept).geometry()
    assert no.right() < yes.left()
    assert no.center().y() == yes.center().y()
    tops = [getattr(screen, w).geometry().top() for w in words]
    assert tops == sorted(tops)                                   # the words in their order
    assert getattr(screen, words[-1]).geometry().bottom() < no.top()


def test_a_notice_gives_its_primary_answer_the_larger_share(qtbot):
    screen = _shown(qtbot, PendingScreen())
    assert screen.primary.width() > screen.secondary.width()


def test_a_yes_no_question_gives_both_answers_the_same_width(qtbot):
    screen = _shown(qtbot, SlipQuestionScreen())
    assert abs(screen.yes.width() - screen.no.width()) <= 2
