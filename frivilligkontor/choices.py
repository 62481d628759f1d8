"""Vocabularies shared by every app: target groups, activity areas, recipient languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RecipientLanguage(models.TextChoices):
    """The language a person is written to in: the one they used the portal in.

    Every model that e-mails a person stores it in a `RecipientLanguageField`."""

    NB = "nb", _("Norwegian")
    EN = "en", _("English")

    @classmethod
    def active(cls) -> "RecipientLanguage":
        """The language of the page being served: English under /en/, else bokmål."""
        return cls.EN if (get_language() or "nb").startswith("en") else cls.NB

    @classmethod
    def of(cls, code: str | None) -> "RecipientLanguage":
        """`code` if it is one of ours, else bokmål."""
        return cls.EN if code == cls.EN else cls.NB


class TargetGroup(models.TextChoices):
    CHILDREN_YOUTH = "children_youth", _("Children and young people")
    INCLUSION_DIVERSITY = "inclusion_diversity", _("Inclusion and diversity")
    SENIORS = "seniors", _("Seniors")
    DISABILITIES = "disabilities", _("People with disabilities")
    NEW_INITIATIVES = "new_initiatives", _("New initiatives")
    EVERYONE = "everyone", _("Everyone")


class ActivityArea(models.TextChoices):
    CULTURE = "culture", _("Culture and music")
    SPORT = "sport", _("Sport and physical activity")
    OUTDOORS = "outdoors", _("Outdoor life and environment")
    CHILDREN_YOUTH = "children_youth", _("Children and youth work")
    HUMANITARIAN = "humanitarian", _("Humanitarian work and social support")
    HEALTH = "health", _("Health and care")
    EDUCATION = "education", _("Learning and homework help")
    RELIGION = "religion", _("Religion and life stance")
    INTEGRATION = "integration", _("Integration and minority organisations")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood and residents' associations")
    OTHER = "other", _("Other")
