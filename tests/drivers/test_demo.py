"""The drivers demo: believable assessments for every programme area, loaded once."""

from areas import demo as area_demo
from areas.models import LocalArea
from drivers import demo
from drivers.models import Assessment, AssessmentStatus
from drivers.selectors import assessment_report, driver_actions, trend


def test_seed_demo_gives_each_programme_area_completed_assessments_once(db):
    area_demo.seed()  # the demo users come first, as in seed_demo
    demo.seed()
    counts = {area.slug: Assessment.objects.filter(area=area).count() for area in LocalArea.objects.in_programme()}
    assert counts == {"dundee": 3, "inverclyde": 2, "perth-and-kinross": 2}
    assert not Assessment.objects.exclude(status=AssessmentStatus.COMPLETED).exists()
    assert all(a.notes.startswith("Demo:") for a in Assessment.objects.all())

    dundee = LocalArea.objects.get(slug="dundee")
    history = trend(dundee)
    first, last = (history.scores[a.pk].overall.percent for a in (history.assessments[0], history.assessments[-1]))
    assert first < last  # believable movement: Dundee gets better over a year
    assert assessment_report(history.latest).previous_assessment == history.assessments[-2]
    actions = list(driver_actions(dundee))
    assert len(actions) == 2 and all(a.title.startswith("Demo:") for a in actions)

    demo.seed()  # idempotent: an area with assessments is left as it is
    assert Assessment.objects.count() == 7
