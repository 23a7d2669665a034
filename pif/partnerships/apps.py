from django.apps import AppConfig


def _membership_label(record) -> str:
    """Named as the partnership knew the person when the record was saved."""
    from pif.partnerships.models import known_full_name

    return f"Membership of {known_full_name(record.user, record) or record.user.email}"


class PartnershipsConfig(AppConfig):
    name = "pif.partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from pif.partnerships import history, stages
        from pif.partnerships.models import Membership, Organisation, Partnership

        history.track(Partnership, partnership_lookup="id", kind="Partnership settings",
                      label=lambda record: record.name)
        history.track(Organisation, partnership_lookup="partnership_id", kind="Organisation",
                      label=lambda record: record.name)
        history.track(Membership, partnership_lookup="partnership_id", kind="Membership",
                      label=_membership_label,
                      select_related=("user",))
        stages.register("conditions", stages.foundation_facts_conditions)
