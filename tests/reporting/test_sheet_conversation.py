"""The conversation on an action sheet (échanges sur la fiche): whoever reads the sheet writes
and answers, the others concerned are notified, the thread is kept in the history."""

from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.notifications.enums import NotificationKind
from ctai.notifications.models import Notification
from ctai.reporting import conversations
from ctai.reporting.errors import NotAllowed
from ctai.reporting.models import ReportComment, SheetComment
from tests.reporting.builders import sheet_with_indicators
from tests.reporting.views_support import as_user


def sheet_page(sheet) -> str:
    return reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])


def comment_url(sheet) -> str:
    return reverse("contracts:sheet_comment", args=[sheet.contract_id, sheet.year, sheet.number])


def name(user) -> str:
    return user.get_full_name() or user.get_username()


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=NotificationKind.MESSAGE_POSTED)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_the_operator_asks_the_state_answers_and_each_side_is_told(world):
    world.contract.territory = "Grenoble-Alpes Métropole"
    world.contract.save()
    sheet = world.sheet_a
    people = world.people
    response = as_user(people.op_a).post(
        comment_url(sheet), {"body": "Pouvons-nous décaler les ateliers à septembre ?"}
    )
    question = SheetComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{sheet_page(sheet)}#message-{question.pk}"
    assert (question.author_role, question.sheet) == ("operator", sheet)
    # The coordination and the State act on the sheet: told. Not the other operator, not the
    # COPIL (it has not written here), not the author.
    for who in ("coord", "coord2", "state"):
        assert told(getattr(people, who)) == [
            f"{name(people.op_a)} a écrit sur la fiche n° 1 (2026)"
        ]
    for who in ("op_a", "op_b", "copil"):
        assert told(getattr(people, who)) == []
    notification = Notification.objects.filter(recipient=people.state).get()
    assert notification.url == f"{sheet_page(sheet)}#message-{question.pk}"

    state = as_user(people.state)
    state.post(comment_url(sheet), {"body": "Oui, indiquez-le au bilan.", "reply_to": question.pk})
    answer = SheetComment.objects.latest("pk")
    assert (answer.reply_to, answer.author_role) == (question, "state_reviewer")
    assert told(people.op_a) == [f"{name(people.state)} a répondu sur la fiche n° 1 (2026)"]

    page = as_user(people.op_a).get(sheet_page(sheet)).content.decode()
    assert "Échanges sur la fiche" in page
    first, second = page.index("décaler les ateliers"), page.index("indiquez-le au bilan")
    assert first < second
    assert f'href="#message-{question.pk}"' in page  # the reply names the message it answers
    assert "(membre d&#x27;un porteur d&#x27;action)" in page


def test_the_copil_hears_of_a_thread_once_it_has_written_in_it(world):
    sheet, people = world.sheet_b, world.people
    conversations.comment_sheet(sheet=sheet, actor=people.copil, body="Quel calendrier ?")
    conversations.comment_sheet(sheet=sheet, actor=people.op_b, body="Dès mars.")
    assert told(people.copil) == [f"{name(people.op_b)} a écrit sur la fiche n° 2 (2026)"]
    assert told(people.op_a) == []


def test_a_sheet_out_of_reach_answers_404_and_nothing_is_written(world):
    people = world.people
    other_year = sheet_with_indicators(world.contract, 1, world.operator_a, world.axis, year=2027)
    mine = conversations.comment_sheet(sheet=other_year, actor=people.op_a, body="2027 ?")
    assert (
        as_user(people.op_b).post(comment_url(world.sheet_a), {"body": "Je lis ?"}).status_code
        == 404
    )
    assert (
        as_user(people.stranger).post(comment_url(world.sheet_a), {"body": "?"}).status_code == 404
    )
    # A reply to a message of another sheet (here: the 2027 copy) is not found on this one.
    response = as_user(people.op_a).post(
        comment_url(world.sheet_a), {"body": "Réponse", "reply_to": mine.pk}
    )
    assert response.status_code == 404
    assert SheetComment.objects.count() == 1
    try:
        conversations.comment_sheet(sheet=world.sheet_a, actor=people.op_b, body="Intrus")
    except NotAllowed as refused:
        assert "lisent cette fiche" in refused.messages[0]
    else:
        raise AssertionError("another operator wrote on a sheet it cannot read")
    assert SheetComment.objects.count() == 1


def test_an_empty_message_is_refused_in_french_next_to_its_field(world):
    response = as_user(world.people.coord).post(comment_url(world.sheet_a), {"body": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Message</a> : " in page  # the error names the field, in French
    assert not SheetComment.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.MESSAGE_POSTED).exists()


def test_the_thread_is_in_the_sheet_history(world):
    coord = as_user(world.people.coord)
    coord.post(comment_url(world.sheet_a), {"body": "Merci de préciser le public visé."})
    event = AuditEvent.objects.get(model="reporting.SheetComment")
    assert (event.contract_id, event.action_sheet_id) == (world.contract.pk, world.sheet_a.pk)
    assert event.actor_username == "coordinatrice"
    history = reverse("audit:sheet", args=[world.contract.pk, 2026, 1])
    assert "Merci de préciser le public visé." in coord.get(history).content.decode()


def test_sheet_and_report_conversations_stay_apart(world):
    conversations.comment_sheet(sheet=world.sheet_a, actor=world.people.coord, body="Sur la fiche")
    assert not ReportComment.objects.exists()
    page = as_user(world.people.op_a).get(sheet_page(world.sheet_a)).content.decode()
    assert "Sur la fiche" in page
