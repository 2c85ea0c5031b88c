"""Follower emails: one email per follower per day (however busy the day), queued by a Celery task in
the notifications outbox and sent after it commits, never twice, each with unsubscribe links that work
without signing in."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from community import services, tasks
from community.models import Follow
from community.services import follows
from notifications.models import OutboxEmail, OutboxStatus
from notifications.services import outbox_send
from tests.community.factories import ExampleFactory


@pytest.fixture
def run_digests(django_capture_on_commit_callbacks):
    """Run the morning task for today, as Celery would, with its queued sends."""

    def run(day=None):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.queue_follower_digests.delay(day=(day or timezone.localdate()).isoformat()).get()

    return run


def _busy_day(member, other_member, community, dundee):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    example = ExampleFactory(area=dundee, title="Shared language")
    services.follow_set(actor=member, example=example, following=True)
    services.topic_reply(topic=topic, actor=other_member, body="A calendar.")
    services.topic_reply(topic=topic, actor=community, body="Job descriptions.")
    services.topic_reply(topic=topic, actor=other_member, body="And a huddle.")
    services.example_comment_add(example=example, actor=community, body="How long did it take?")
    return topic, example


def test_a_busy_day_gives_each_follower_one_email(member, other_member, community, dundee, run_digests):
    topic, example = _busy_day(member, other_member, community, dundee)
    assert run_digests() == 3  # member, other_member and community each follow something with news
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == sorted(p.email for p in (member, other_member, community))
    assert len(mail.outbox) == 3

    mine = by_person[member.email]
    assert mine.subject == "Community of Practice: 4 new posts in what you follow"
    assert "Discussion: Coaching time" in mine.body and "Practice example: Shared language" in mine.body
    assert mine.body.count("Read it: http") == 2
    assert "List-Unsubscribe" in mine.extra_headers
    assert len(re.findall(r"Stop following this: http\S+/community/unsubscribe/\S+/", mine.body)) == 2
    assert re.search(r"To stop all of these emails: http\S+/community/unsubscribe/\S+/", mine.body)
    # Your own posts are not news to you: other_member hears of the opening post and community's reply.
    theirs = by_person[other_member.email]
    assert theirs.subject == "Community of Practice: 2 new posts in what you follow"
    listed = theirs.body.split("in what you follow:")[1]
    assert str(community) in listed and str(member) in listed and str(other_member) not in listed
    assert OutboxEmail.objects.filter(status=OutboxStatus.SENT, key__startswith="community.digest:").count() == 3


def test_running_the_task_twice_sends_nothing_twice(member, other_member, community, dundee, run_digests):
    _busy_day(member, other_member, community, dundee)
    run_digests()
    assert len(mail.outbox) == 3
    assert run_digests() == 0
    assert len(mail.outbox) == 3
    # Even sending a row again directly (a task delivered twice) does nothing.
    email = OutboxEmail.objects.get(recipient=member)
    assert outbox_send(email_id=email.pk) == OutboxStatus.SENT
    assert len(mail.outbox) == 3


def test_a_quiet_day_and_your_own_posts_send_nothing(member, run_digests):
    topic = services.topic_create(actor=member, title="Only me", body="Hello?")
    services.topic_reply(topic=topic, actor=member, body="Anyone?")
    assert run_digests() == 0
    assert run_digests(timezone.localdate() - timedelta(days=1)) == 0
    assert mail.outbox == [] and not OutboxEmail.objects.exists()


def test_yesterdays_posts_are_not_in_todays_email(member, other_member, run_digests):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    reply = services.topic_reply(topic=topic, actor=other_member, body="A calendar.")
    type(reply).objects.filter(topic=topic).update(created_at=timezone.now() - timedelta(days=1))
    assert run_digests() == 0
    assert run_digests(timezone.localdate() - timedelta(days=1)) == 2
    assert len(mail.outbox) == 2


def test_hidden_posts_are_not_sent(member, other_member, celcis, run_digests):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    reply = services.topic_reply(topic=topic, actor=other_member, body="Something identifying.")
    services.post_hide(post=reply, actor=celcis, reason="Identifying detail.")
    run_digests()
    assert [m.to for m in mail.outbox] == [[other_member.email]]  # of member's opening post only
    assert "Something identifying" not in mail.outbox[0].body


def test_a_topic_celcis_has_hidden_is_never_mailed(member, other_member, community, celcis, run_digests):
    topic = services.topic_create(actor=member, title="The Smith family of 4 Quoyburray Wynd", body="Help?")
    services.post_hide(post=topic.posts.get(is_opening=True), actor=celcis, reason="Names a family.")
    services.topic_reply(topic=topic, actor=other_member, body="A reply after it was hidden.")
    run_digests()
    assert all("Quoyburray" not in m.body and "Quoyburray" not in m.subject for m in mail.outbox)
    assert [m.to for m in mail.outbox] == []  # the topic's only news is hidden, so nobody is mailed


def test_one_refused_address_stops_nobody_else_and_is_tried_again(member, other_member, run_digests, monkeypatch):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    services.topic_reply(topic=topic, actor=other_member, body="A calendar.")
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == [member.email]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    assert run_digests() == 2
    assert [m.to for m in mail.outbox] == [[other_member.email]]
    refused = OutboxEmail.objects.get(recipient=member)
    assert refused.status == OutboxStatus.QUEUED and refused.attempts == 1 and "550" in refused.error
    monkeypatch.undo()
    assert run_digests() == 0  # the day's emails are queued already: nothing new
    assert outbox_send(email_id=refused.pk) == OutboxStatus.SENT  # the outbox's sweep tries it again
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other_member.email])
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_crash_before_the_commit_sends_nothing(member, other_member, community, run_digests, monkeypatch):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    services.topic_reply(topic=topic, actor=other_member, body="A calendar.")
    services.topic_reply(topic=topic, actor=community, body="Job descriptions.")
    real_queue = follows.outbox_queue
    queued = []

    def queue_then_crash(**kwargs):
        queued.append(real_queue(**kwargs))
        if len(queued) == 2:
            raise RuntimeError("the worker died before the commit")

    monkeypatch.setattr(follows, "outbox_queue", queue_then_crash)
    with pytest.raises(RuntimeError):
        run_digests()
    assert len(queued) == 2 and mail.outbox == [] and not OutboxEmail.objects.exists()
    monkeypatch.undo()
    assert run_digests() == 3
    assert len(mail.outbox) == 3 and run_digests() == 0 and len(mail.outbox) == 3


def test_the_unsubscribe_link_asks_then_stops_one_follow(client, member, other_member, dundee, run_digests):
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    example = ExampleFactory(area=dundee)
    services.follow_set(actor=member, example=example, following=True)
    services.topic_reply(topic=topic, actor=other_member, body="A calendar.")
    run_digests()
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    link = re.search(r"Stop following this: http://[^/]+(/\S+)", message.body).group(1)
    # Opening the link (as a mail scanner might) changes nothing.
    page = client.get(link)
    assert page.status_code == 200 and "Coaching time" in page.content.decode()
    assert Follow.objects.filter(user=member).count() == 2
    done = client.post(link)
    assert done.status_code == 200 and "no longer follow 1 topic" in done.content.decode()
    assert list(Follow.objects.filter(user=member).values_list("example", flat=True)) == [example.pk]


def test_the_stop_all_link_stops_every_follow(client, member):
    services.topic_create(actor=member, title="One", body="A")
    services.topic_create(actor=member, title="Two", body="B")
    token = services.unsubscribe_token(user=member)
    client.post(reverse("community:unsubscribe", args=[token]))
    assert not Follow.objects.filter(user=member).exists()


def test_a_forged_unsubscribe_link_is_refused(client, member):
    services.topic_create(actor=member, title="One", body="A")
    token = services.unsubscribe_token(user=member)
    assert client.get(reverse("community:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    assert client.post(reverse("community:unsubscribe", args=["not-a-token"])).status_code == 404
    assert Follow.objects.filter(user=member).exists()
