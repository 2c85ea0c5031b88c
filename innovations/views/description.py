"""The innovation described as a usable innovation, and its essential functions in order."""

from django.views.generic import CreateView, TemplateView, UpdateView

from core.views import ActionView, edit_kwargs, service_kwargs

from .. import services
from ..forms import DescriptionForm, EssentialFunctionForm
from ..models import EssentialFunction, PracticeDescription
from .records import FunctionMixin, InnovationChangeMixin, InnovationMixin, InnovationPageFormMixin

FUNCTION_FIELDS = ("name", "operational_definition")


class FunctionsChangeMixin(InnovationChangeMixin):
    """A change on the description page, leading back to its essential functions."""

    page = "description"
    success_page = "description"
    success_anchor = "#functions"


class DescriptionFormMixin(FunctionsChangeMixin, InnovationPageFormMixin):
    """A form on the description page, leading back to its essential functions."""


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
        return services.innovation_describe(innovation=self.innovation, **edit_kwargs(self, form))


class FunctionFormMixin(DescriptionFormMixin):
    """Adding an essential function, or changing the one the URL names."""

    form_class = EssentialFunctionForm
    template_name = "innovations/function_form.html"

    def perform(self, form):
        return services.essential_function_save(
            innovation=self.innovation,
            function=getattr(self, "function", None),  # none on the page that adds one
            expected_version=form.cleaned_data["version"],
            **service_kwargs(self, form, FUNCTION_FIELDS),
        )


class FunctionCreateView(FunctionFormMixin, InnovationMixin, CreateView):
    success_message = "Essential function “{obj}” added."


class FunctionUpdateView(FunctionFormMixin, FunctionMixin, UpdateView):
    success_message = "Essential function “{obj}” saved."


class FunctionMoveView(FunctionsChangeMixin, FunctionMixin, ActionView):
    """Move an essential function one place up or down."""

    def perform(self) -> str:
        direction = self.request.POST.get("direction")
        if direction not in ("up", "down"):
            return ""
        services.essential_function_move(function=self.function, actor=self.request.user, direction=direction)
        return f"“{self.function}” moved {direction}."


class FunctionRemoveView(FunctionsChangeMixin, FunctionMixin, ActionView):
    """Confirm, then remove an essential function added by mistake (never one with fidelity items)."""

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
