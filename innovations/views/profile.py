"""The practice profile: each essential function described at each level of practice, and the
levels themselves."""

from django.views.generic import CreateView, TemplateView, UpdateView

from core.views import ActionView

from .. import selectors, services
from ..forms import PracticeLevelForm, PracticeProfileRowForm
from ..models import PracticeDescription, PracticeLevel
from .records import (
    FunctionMixin,
    InnovationChangeMixin,
    InnovationMixin,
    InnovationPageFormMixin,
    LevelMixin,
    innovation_url,
)


class ProfileFormMixin(InnovationPageFormMixin):
    """A form on the practice profile, leading back to it."""

    page = "profile"
    success_page = "profile"


class PracticeProfileView(InnovationMixin, TemplateView):
    """The practice profile as one table that prints well: functions down, levels across."""

    template_name = "innovations/practice_profile.html"
    page = "profile"

    def get_context_data(self, **kwargs):
        levels, rows = selectors.practice_profile(self.innovation)
        return super().get_context_data(levels=levels, rows=rows, **kwargs)


class ProfileRowUpdateView(ProfileFormMixin, FunctionMixin, UpdateView):
    """Edit one function's row of the practice profile; two people saving at once cannot clash."""

    form_class = PracticeProfileRowForm
    template_name = "innovations/profile_row_form.html"
    success_message = "Practice profile for “{obj}” saved."

    def get_form_kwargs(self):
        texts = dict(PracticeDescription.objects.filter(function=self.function).values_list("level_id", "text"))
        return {
            **super().get_form_kwargs(),
            "levels": list(PracticeLevel.objects.filter(innovation=self.innovation)),
            "texts": texts,
        }

    def perform(self, form):
        return services.practice_profile_row_save(
            function=self.function,
            actor=self.request.user,
            descriptions=form.descriptions(),
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self):
        return innovation_url(self, "profile", f"#function-{self.function.pk}")


class LevelFormMixin(ProfileFormMixin):
    """Adding a level to the practice profile, or renaming the one the URL names."""

    form_class = PracticeLevelForm
    template_name = "innovations/level_form.html"

    def perform(self, form):
        level = getattr(self, "level", None)  # none on the page that adds one
        return services.practice_level_save(
            innovation=self.innovation,
            actor=self.request.user,
            level=level,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            expected_version=form.cleaned_data["version"],
        )


class LevelCreateView(LevelFormMixin, InnovationMixin, CreateView):
    success_message = "Level “{obj}” added to the practice profile."


class LevelUpdateView(LevelFormMixin, LevelMixin, UpdateView):
    success_message = "Level saved."


class LevelRemoveView(InnovationChangeMixin, LevelMixin, ActionView):
    """Confirm, then remove an empty level from the practice profile."""

    success_page = "profile"
    confirm_template = "innovations/level_remove.html"

    def get_context_data(self, **kwargs):
        filled = PracticeDescription.objects.filter(level=self.level).exclude(text="").count()
        levels = PracticeLevel.objects.filter(innovation=self.innovation).count()
        return super().get_context_data(filled=filled, levels_count=levels, **kwargs)

    def perform(self) -> str:
        services.practice_level_remove(level=self.level, actor=self.request.user)
        return f"Level “{self.level}” removed from the practice profile."
