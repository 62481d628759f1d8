"""Forms of the grant scheme admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tilskudd.models import GrantDeadline, GrantScheme


class DeadlineInlineFormSet(forms.BaseInlineFormSet):
    """An active scheme may not get a deadline in the past, and must have a coming one."""

    def clean(self) -> None:
        super().clean()
        scheme: GrantScheme = self.instance
        if scheme.status != GrantScheme.Status.ACTIVE:
            return
        today = timezone.localdate()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            kind = form.cleaned_data.get("kind")
            day = form.cleaned_data.get("date")
            kept.append((kind, day))
            if (
                kind == GrantDeadline.Kind.DATED
                and day is not None
                and day < today
                and form.has_changed()
            ):
                form.add_error(
                    "date",
                    _(
                        "This deadline is in the past. An active scheme needs a coming "
                        "deadline: enter the next one, or set the scheme to 'closed for "
                        "the season'."
                    ),
                )
        if kept and not any(
            kind in (GrantDeadline.Kind.ROLLING, GrantDeadline.Kind.YEARLY)
            or (day is not None and day >= today)
            for kind, day in kept
        ):
            raise ValidationError(
                _(
                    "Every deadline of this active scheme is in the past. Add the next "
                    "deadline, or set the scheme to 'closed for the season'."
                ),
                code="no_coming_deadline",
            )


class GrantSchemeAdminForm(forms.ModelForm):
    class Meta:
        model = GrantScheme
        fields = [
            "name",
            "slug",
            "owner",
            "districts",
            "status",
            "status_notice",
            "summary",
            "purpose",
            "who_can_apply",
            "target_groups",
            "activity_areas",
            "total_amount",
            "amount_min",
            "amount_max",
            "application_url",
            "guidelines_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "step_receipt",
            "step_processing",
            "step_decision",
            "step_payment",
            "step_report",
            "responsible_editor",
            "review_interval_days",
            "last_checked_on",
            "is_example",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3, "cols": 80})
                for name in (
                    "status_notice",
                    "step_receipt",
                    "step_processing",
                    "step_decision",
                    "step_payment",
                    "step_report",
                )
            },
        }
