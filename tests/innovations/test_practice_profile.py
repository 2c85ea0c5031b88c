"""Essential functions in order, and the practice profile edited function by function at levels the
area chooses (three by default, four in some areas)."""

from django.urls import reverse

from innovations import selectors, services
from innovations.models import EssentialFunction, PracticeDescription, PracticeLevel
from tests.innovations.factories import make_innovation, make_instrument


def _names(innovation):
    return list(EssentialFunction.objects.filter(innovation=innovation).values_list("name", flat=True))


def test_functions_are_added_in_order_and_moved_up_and_down(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=0)
    client = client_for(member)
    for name in ("Notice", "Converse", "Plan"):
        response = client.post(
            reverse("innovations:function_create", args=[dundee.slug, innovation.pk]),
            {"name": name, "operational_definition": f"What {name.lower()} looks like"},
        )
        assert response.status_code == 302
    assert _names(innovation) == ["Notice", "Converse", "Plan"]
    plan = EssentialFunction.objects.get(name="Plan")
    client.post(reverse("innovations:function_move", args=[dundee.slug, innovation.pk, plan.pk]), {"direction": "up"})
    assert _names(innovation) == ["Notice", "Plan", "Converse"]
    notice = EssentialFunction.objects.get(name="Notice")
    client.post(reverse("innovations:function_move", args=[dundee.slug, innovation.pk, notice.pk]), {"direction": "up"})
    assert _names(innovation) == ["Notice", "Plan", "Converse"]  # already first: nothing moves
    page = client.get(reverse("innovations:description", args=[dundee.slug, innovation.pk])).content.decode()
    assert page.index("<strong>Notice</strong>") < page.index("<strong>Plan</strong>") < page.index("<strong>Converse")


def test_a_function_needs_a_name(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=0)
    response = client_for(member).post(
        reverse("innovations:function_create", args=[dundee.slug, innovation.pk]),
        {"name": "", "operational_definition": "Kept"},
    )
    assert response.status_code == 200
    assert response.context["form"]["operational_definition"].value() == "Kept"
    assert not EssentialFunction.objects.exists()


def test_removing_a_function_asks_first_then_removes_it_with_its_row(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=2)
    function = EssentialFunction.objects.filter(innovation=innovation).first()
    levels = list(PracticeLevel.objects.filter(innovation=innovation))
    services.practice_profile_row_save(
        function=function, actor=member, descriptions={levels[0].pk: "Done well"}, expected_version=function.version
    )
    client = client_for(member)
    url = reverse("innovations:function_remove", args=[dundee.slug, innovation.pk, function.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Remove the function" in confirm.content.decode()
    assert EssentialFunction.objects.filter(pk=function.pk).exists()  # asking removes nothing
    assert client.post(url).status_code == 302
    assert not EssentialFunction.objects.filter(pk=function.pk).exists()
    assert not PracticeDescription.objects.filter(function_id=function.pk).exists()
    assert EssentialFunction.history.filter(id=function.pk, history_type="-").exists()


def test_a_function_with_fidelity_items_stays(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=1)
    make_instrument(innovation, member)
    function = EssentialFunction.objects.get(innovation=innovation)
    client = client_for(member)
    url = reverse("innovations:function_remove", args=[dundee.slug, innovation.pk, function.pk])
    assert "so it stays" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "items in the fidelity instrument" in response.content.decode()
    assert EssentialFunction.objects.filter(pk=function.pk).exists()


def _row(client, area, innovation, function, version, texts):
    levels = list(PracticeLevel.objects.filter(innovation=innovation))
    data = {f"level_{level.pk}": text for level, text in zip(levels, texts, strict=False)}
    data["version"] = version
    return client.post(reverse("innovations:profile_row", args=[area.slug, innovation.pk, function.pk]), data)


def test_practice_profile_is_edited_function_by_function_and_shown_as_one_table(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=2)
    first, second = EssentialFunction.objects.filter(innovation=innovation)
    client = client_for(member)
    response = _row(client, dundee, innovation, first, first.version, ["Names concerns early", "Late", "Never"])
    assert response.status_code == 302
    _row(client, dundee, innovation, second, second.version, ["Plan agreed", "", "No plan"])
    page = client.get(reverse("innovations:profile", args=[dundee.slug, innovation.pk]))
    levels, rows = page.context["levels"], page.context["rows"]
    assert [level.name for level in levels] == ["Expected practice", "Developmental practice", "Unacceptable practice"]
    assert [row.cells for row in rows] == [["Names concerns early", "Late", "Never"], ["Plan agreed", "", "No plan"]]
    html = page.content.decode()
    assert '<table class="table table-bordered align-top practice-profile">' in html
    assert "d-print-none" in html  # editing links and navigation stay off the printed page


def test_two_people_editing_one_row_at_once_cannot_overwrite_each_other(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member, functions=1)
    function = EssentialFunction.objects.get(innovation=innovation)
    opened_at = function.version
    assert _row(client_for(lead), dundee, innovation, function, opened_at, ["Lead's words"]).status_code == 302
    response = _row(client_for(member), dundee, innovation, function, opened_at, ["Member's words"])
    assert response.status_code == 200
    assert "Someone else saved changes" in response.context["form"].non_field_errors()[0]
    level = PracticeLevel.objects.filter(innovation=innovation).first()
    assert response.context["form"][f"level_{level.pk}"].value() == "Member's words"
    assert PracticeDescription.objects.get(function=function, level=level).text == "Lead's words"


def test_an_area_can_use_four_levels_and_remove_an_empty_one_after_confirming(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=1)
    client = client_for(member)
    response = client.post(
        reverse("innovations:level_create", args=[dundee.slug, innovation.pk]),
        {"name": "Emerging practice", "description": "Some elements present"},
    )
    assert response.status_code == 302
    levels, rows = selectors.practice_profile(innovation)
    assert len(levels) == 4 and len(rows[0].cells) == 4
    duplicate = client.post(
        reverse("innovations:level_create", args=[dundee.slug, innovation.pk]), {"name": "emerging practice"}
    )
    assert "already has a level called" in duplicate.context["form"].errors["name"][0]

    emerging = PracticeLevel.objects.get(innovation=innovation, name="Emerging practice")
    url = reverse("innovations:level_remove", args=[dundee.slug, innovation.pk, emerging.pk])
    assert "is empty" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not PracticeLevel.objects.filter(pk=emerging.pk).exists()


def test_a_level_with_descriptions_stays(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=1)
    function = EssentialFunction.objects.get(innovation=innovation)
    level = PracticeLevel.objects.filter(innovation=innovation).last()
    services.practice_profile_row_save(
        function=function, actor=member, descriptions={level.pk: "Never"}, expected_version=function.version
    )
    client = client_for(member)
    url = reverse("innovations:level_remove", args=[dundee.slug, innovation.pk, level.pk])
    assert "so it stays" in client.get(url).content.decode()
    client.post(url)
    assert PracticeLevel.objects.filter(pk=level.pk).exists()


def test_renaming_a_level_keeps_the_descriptions_under_it(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=1)
    function = EssentialFunction.objects.get(innovation=innovation)
    level = PracticeLevel.objects.filter(innovation=innovation).first()
    services.practice_profile_row_save(
        function=function, actor=member, descriptions={level.pk: "Done well"}, expected_version=function.version
    )
    client_for(member).post(
        reverse("innovations:level_update", args=[dundee.slug, innovation.pk, level.pk]),
        {"name": "Proficient practice", "description": "", "version": level.version},
    )
    levels, rows = selectors.practice_profile(innovation)
    assert levels[0].name == "Proficient practice" and rows[0].cells[0] == "Done well"
