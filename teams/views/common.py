"""What the teams pages share beyond `core.views`."""

from core.views import FilteredListMixin


class AreaFilteredListMixin(FilteredListMixin):
    """A list whose filters offer the area's own teams and members."""

    def get_filter_form_kwargs(self):
        return {"area": self.area}

    @staticmethod
    def matching(rows, filters: dict, names):
        """`rows` narrowed by each of `names` that the filters choose."""
        return rows.filter(**{name: filters[name] for name in names if filters[name]})
