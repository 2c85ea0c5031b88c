"""Database lookups that make out-of-range input harmless.

Django (5.2) answers `filter(pk=10**30)` with no rows, but `filter(pk__in=[10**30])` — what a
multiple-choice form field runs on whatever was posted — crashes: OverflowError on SQLite,
"bigint out of range" on PostgreSQL, a 500 for a tampered form. `IntegerFieldIn` drops values
outside the column's range before the query is built, as Django's own integer lookups do; a list
with nothing left matches no rows. Registered on IntegerField (so every auto and big-integer key too)
when `core` is ready.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
