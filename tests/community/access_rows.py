"""Access-matrix rows for the Community of Practice pages.

Everyone with a role reads /community/; national viewers only read (403 on any write); people with
no role get 404. Records are made by someone who is not among the users under test, except where a
row says whose they are (`t-dundee-member`, the `member` fixture, writes the draft).
"""

from django.core.files.storage import default_storage

from areas.models import User
from community.models import Attachment, ExampleStatus
from tests.access import COMMUNITY_READ, COMMUNITY_WRITE, LOGIN, Row, as_post, expect
from tests.community.factories import PDF_BYTES, EventFactory, ExampleFactory, PostFactory, ReferenceFactory
from tests.factories import UserFactory

# Organisers: CELCIS and area leads; an event's managers: its creator, leads of its host area, CELCIS.
ORGANISE = expect(403, anonymous=LOGIN, nobody=404, lead=200, other_lead=200, celcis=200)
MANAGE_DUNDEE_EVENT = expect(403, anonymous=LOGIN, nobody=404, lead=200, celcis=200)
CELCIS_ONLY = expect(403, anonymous=LOGIN, nobody=404, celcis=200)
# Only the record's own author (none of the users under test) may; CELCIS too where it edits.
AUTHOR_ONLY = expect(403, anonymous=LOGIN, nobody=404)
MEMBERS_DRAFT = expect(404, anonymous=LOGIN, member=200)
# Sending a draft is a write: a read-only viewer is refused (403) before the draft is looked up.
MEMBERS_DRAFT_SEND = expect(404, anonymous=LOGIN, member=200, viewer=403, area_viewer=403)
# A sample file kept once in storage (a fixed name, so repeated runs add nothing).
SAMPLE_FILE = "community/access-matrix-sample.pdf"


def _dundee_event(dundee):
    return {"pk": EventFactory(host_area=dundee).pk}


def _material(dundee):
    if not default_storage.exists(SAMPLE_FILE):
        from django.core.files.base import ContentFile

        default_storage.save(SAMPLE_FILE, ContentFile(PDF_BYTES))
    attachment = Attachment.objects.create(
        event=EventFactory(host_area=dundee),
        file=SAMPLE_FILE,
        original_name="slides.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=UserFactory(),
    )
    return {"pk": attachment.pk}


def _published(dundee):
    return {"pk": ExampleFactory(area=dundee).pk}


def _members_draft(dundee):
    member = User.objects.get(username="t-dundee-member")
    return {"pk": ExampleFactory(area=dundee, author=member, status=ExampleStatus.DRAFT, published_at=None).pk}


def _submitted(dundee):
    return {"pk": ExampleFactory(area=dundee, status=ExampleStatus.SUBMITTED, published_at=None).pk}


def _topic(dundee):
    return {"pk": PostFactory().topic_id}


def _post(dundee):
    return {"pk": PostFactory().pk}


def _reference(dundee):
    return {"pk": ReferenceFactory(added_by=UserFactory()).pk}


def _unsubscribe(dundee):
    from community.services import follow_ensure, unsubscribe_token

    follow = follow_ensure(actor=UserFactory(), example=ExampleFactory(area=dundee))
    return {"token": unsubscribe_token(follow=follow)}


ROWS = {
    "community:home": Row(get=COMMUNITY_READ),
    "community:search": Row(get=COMMUNITY_READ),
    "community:event_list": Row(get=COMMUNITY_READ),
    "community:event_create": Row(get=ORGANISE, post=as_post(ORGANISE)),
    "community:event_detail": Row(get=COMMUNITY_READ, kwargs=_dundee_event),
    "community:event_edit": Row(get=MANAGE_DUNDEE_EVENT, post=as_post(MANAGE_DUNDEE_EVENT), kwargs=_dundee_event),
    "community:event_ics": Row(get=COMMUNITY_READ, kwargs=_dundee_event),
    "community:event_register": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_dundee_event),
    "community:event_withdraw": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_dundee_event),
    "community:event_attendance": Row(get=MANAGE_DUNDEE_EVENT, post=as_post(MANAGE_DUNDEE_EVENT), kwargs=_dundee_event),
    "community:event_material_add": Row(
        get=MANAGE_DUNDEE_EVENT, post=as_post(MANAGE_DUNDEE_EVENT), kwargs=_dundee_event
    ),
    "community:attachment_download": Row(get=COMMUNITY_READ, kwargs=_material),
    "community:attachment_delete": Row(get=MANAGE_DUNDEE_EVENT, post=as_post(MANAGE_DUNDEE_EVENT), kwargs=_material),
    "community:example_list": Row(get=COMMUNITY_READ),
    "community:example_create": Row(get=COMMUNITY_WRITE, post=as_post(COMMUNITY_WRITE)),
    "community:example_detail": Row(get=COMMUNITY_READ, kwargs=_published),
    "community:example_edit": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_published),
    "community:example_links": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_published),
    "community:example_attachment_add": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_published),
    # Changes to a published example not yet published: its author (not under test) and CELCIS only.
    "community:example_changes": Row(get=CELCIS_ONLY, kwargs=_published),
    "community:example_submit": Row(get=MEMBERS_DRAFT_SEND, post=as_post(MEMBERS_DRAFT_SEND), kwargs=_members_draft),
    "community:example_review": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_submitted),
    "community:example_history": Row(get=COMMUNITY_READ, kwargs=_published),
    "community:example_comment": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_published),
    "community:example_useful": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_published),
    "community:example_follow": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_published),
    "community:topic_list": Row(get=COMMUNITY_READ),
    "community:topic_create": Row(get=COMMUNITY_WRITE, post=as_post(COMMUNITY_WRITE)),
    "community:topic_detail": Row(get=COMMUNITY_READ, kwargs=_topic),
    "community:topic_reply": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_topic),
    "community:topic_follow": Row(get=None, post=as_post(COMMUNITY_WRITE), kwargs=_topic),
    "community:post_edit": Row(get=AUTHOR_ONLY, post=as_post(AUTHOR_ONLY), kwargs=_post),
    "community:post_hide": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_post),
    "community:post_history": Row(get=COMMUNITY_READ, kwargs=_post),
    "community:reference_list": Row(get=COMMUNITY_READ),
    "community:reference_create": Row(get=COMMUNITY_WRITE, post=as_post(COMMUNITY_WRITE)),
    "community:reference_detail": Row(get=COMMUNITY_READ, kwargs=_reference),
    "community:reference_edit": Row(get=CELCIS_ONLY, post=as_post(CELCIS_ONLY), kwargs=_reference),
    # Reached from an email without signing in: the signed token is what allows it.
    "community:unsubscribe": Row(get=expect(200), post=expect(200), kwargs=_unsubscribe),
}
