from django.core.management import call_command
from django.utils import timezone

from areas.demo import DEMO_PASSWORD, DEMO_USERS
from areas.models import LocalArea, Membership, SpecialistAssignment, User
from core.quarters import Quarter
from reports.models import QuarterlyReturn


def test_all_32_local_authorities_are_loaded_with_three_in_the_programme(db):
    assert LocalArea.objects.count() == 32
    assert set(LocalArea.objects.in_programme().values_list("slug", flat=True)) == {
        "dundee",
        "inverclyde",
        "perth-and-kinross",
    }
    assert LocalArea.objects.exclude(health_board__startswith="NHS ").count() == 0


def test_seed_demo_creates_every_demo_login_and_can_run_twice(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Membership.objects.count() == len(DEMO_USERS)
    for username, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert "(demo)" in user.last_name

    # The published report's quarter has something to say for every area, and each area's differs.
    quarter = Quarter.of(timezone.localdate()).previous().previous()
    snapshots = [r.snapshot for r in QuarterlyReturn.objects.filter(quarter_start=quarter.start, status="accepted")]
    activity = [
        (s["cycles"]["cycles_started"], s["engagement"]["participants"], s["teams"]["actions_opened"])
        for s in snapshots
    ]
    assert len(activity) == 3 and all(all(figure > 0 for figure in row) for row in activity)
    assert len(set(activity)) == 3


def test_each_demo_user_has_the_role_the_readme_promises(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    landing = {
        "dundee-lead": "/areas/dundee/",
        "inverclyde-member": "/areas/inverclyde/",
        "perth-member": "/areas/perth-and-kinross/",
        "celcis": "/national/",
        "viewer": "/national/",
        "dundee-cpc": "/areas/dundee/summary/",
    }
    for username, where in landing.items():
        client.force_login(User.objects.get(username=username))
        assert f'href="{where}"' in client.get("/").content.decode(), username
    client.force_login(User.objects.get(username="cop-member"))
    assert client.get("/areas/dundee/").status_code == 404


def test_the_demo_area_viewer_reads_dundee_only_and_celcis_supports_two_areas(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    cpc = User.objects.get(username="dundee-cpc")
    assert cpc.check_password(DEMO_PASSWORD)
    client.force_login(cpc)
    assert client.get("/areas/dundee/").status_code == 200
    assert client.get("/areas/inverclyde/").status_code == 404
    assert client.get("/areas/dundee/edit/").status_code == 403
    celcis = User.objects.get(username="celcis")
    assert sorted(SpecialistAssignment.objects.active().filter(user=celcis).values_list("area__slug", flat=True)) == [
        "dundee",
        "inverclyde",
    ]
