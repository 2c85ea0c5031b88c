"""The innovation described as a usable innovation, and its essential functions in order."""

from django.views.generic import CreateView, TemplateView, UpdateView

from areas.access import Permission
from core.views import ActionView, form_data

from .. import services
from ..forms import DescriptionForm, EssentialFunctionForm
from ..models import EssentialFunction, PracticeDescription
from .records import FunctionMixin, InnovationMixin, InnovationPageFormMixin, innovation_url

FUNCTION_FIELDS = ("name", "operational_definition")


def functions_url(view) -> str:
    """The description page, at its list of essential functions."""
    return innovation_url(view, "description", "#functions")


class DescriptionFormMixin(InnovationPageFormMixin):
    """A form on the description page, leading back to its essential functions."""

    page = "description"
    success_page = "description"
    success_anchor = "#functions"


class DescriptionView(InnovationMixin, TemplateView):
    """The innovation described as a usable innovation, with its essential functions in order."""

    template_name = "innovations/description.html"
    page = "description"

    def get_context_data(self, **kwargs):
        functions = list(EssentialFunction.objects.filter(innovation=self.innovation))
        return super().get_context_data(functions=functions, **kwargs)


class DescriptionUpdateView(DescriptionFormMixin, InnovationMixin, UpdateView):
    form_class = DescriptionForm
    template_name = "innovations/description_form.html"
    success_message = "Description saved."
    success_anchor = ""

    def perform(self, form):
        return services.innovation_describe(
            innovation=self.innovation,
            actor=self.request.user,
            data=form_data(form, DescriptionForm.Meta.fields),
            expected_version=form.cleaned_data["version"],
        )


class FunctionCreateView(DescriptionFormMixin, InnovationMixin, CreateView):
    form_class = EssentialFunctionForm
    template_name = "innovations/function_form.html"
    success_message = "Essential function “{obj}” added."

    def perform(self, form):
        return services.essential_function_save(
            innovation=self.innovation, actor=self.request.user, **form_data(form, FUNCTION_FIELDS)
        )


class FunctionUpdateView(DescriptionFormMixin, FunctionMixin, UpdateView):
    form_class = EssentialFunctionForm
    template_name = "innovations/function_form.html"
    success_message = "Essential function “{obj}” saved."

    def perform(self, form):
        return services.essential_function_save(
            innovation=self.innovation,
            actor=self.request.user,
            function=self.function,
            expected_version=form.cleaned_data["version"],
            **form_data(form, FUNCTION_FIELDS),
        )


class FunctionMoveView(FunctionMixin, ActionView):
    """Move an essential function one place up or down."""

    permission = Permission.WRITE

    def perform(self) -> str:
        direction = self.request.POST.get("direction")
        if direction not in ("up", "down"):
            return ""
        services.essential_function_move(function=self.function, actor=self.request.user, direction=direction)
        return f"“{self.function}” moved {direction}."

    def get_success_url(self):
        return functions_url(self)


class FunctionRemoveView(FunctionMixin, ActionView):
    """Confirm, then remove an essential function added by mistake (never one with fidelity items)."""

    permission = Permission.WRITE
    confirm_template = "innovations/function_remove.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=list(self.function.fidelity_items.all()),
            descriptions=PracticeDescription.objects.filter(function=self.function).exclude(text="").count(),
            **kwargs,
        )

    def perform(self) -> str:
        services.essential_function_remove(function=self.function, actor=self.request.user)
        return f"Essential function “{self.function}” removed."

    def get_success_url(self):
        return functions_url(self)
