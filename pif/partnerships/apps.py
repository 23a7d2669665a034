from django.apps import AppConfig


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
                      label=lambda record: f"Membership of {record.user.display_name}",
                      select_related=("user",))
        stages.register("vision", stages.foundation_facts_vision)
        stages.register("conditions", stages.foundation_facts_conditions)
