"""The drivers demo: believable assessments for every programme area, loaded once."""

from areas import demo as area_demo
from areas.models import LocalArea
from drivers import demo
from drivers.models import Assessment, AssessmentStatus
from drivers.selectors import assessment_report, driver_actions, scores_by_assessment, trend


def test_seed_demo_gives_each_programme_area_completed_assessments_once(db):
    area_demo.seed()  # the demo users come first, as in seed_demo
    demo.seed()
    completed = Assessment.objects.filter(status=AssessmentStatus.COMPLETED)
    counts = {area.slug: completed.filter(area=area).count() for area in LocalArea.objects.in_programme()}
    assert counts == {"dundee": 3, "inverclyde": 2, "perth-and-kinross": 2}
    assert all(a.notes.startswith("Demo:") for a in Assessment.objects.all())
    # Every completed one had enough items answered to be completed.
    for scores in scores_by_assessment(completed).values():
        assert scores.overall.answered >= 0.8 * scores.overall.total

    # Inverclyde's half-yearly assessment was started five weeks ago and left open with 4 of 33 answered:
    # its scores so far are not compared with the last completed one.
    draft = Assessment.objects.get(status=AssessmentStatus.DRAFT)
    assert draft.area.slug == "inverclyde"
    report = assessment_report(draft)
    assert report.overall.answered == 4 and report.previous_assessment is not None and not report.compares_scores

    dundee = LocalArea.objects.get(slug="dundee")
    history = trend(dundee)
    first, last = (history.scores[a.pk].overall.percent for a in (history.assessments[0], history.assessments[-1]))
    assert first < last  # believable movement: Dundee gets better over a year
    assert assessment_report(history.latest).previous_assessment == history.assessments[-2]
    actions = list(driver_actions(dundee))
    assert len(actions) == 2 and all(a.title.startswith("Demo:") for a in actions)

    demo.seed()  # idempotent: an area with assessments is left as it is
    assert Assessment.objects.count() == 8
