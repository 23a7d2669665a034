"""Sample values for the API's path parameters, by name, for the tests that walk every route.

The API's paths take the same names the web's URLs do where they can (`short_name`,
`outcome_id`, `risk_id`, `action_id`, `code`...), so the web's samples (URL_KWARG_SAMPLES in
pif/testing.py and each app's testing.py) are used as they are; `API_PATH_SAMPLES` adds the
names only the API uses. A route with a parameter that has no sample here fails the walk with
a message saying to add one.

Each sample is `lambda world: value` and must name an object of `world.partnership`: the walk
builds the samples once for each of its two partnerships and checks that one partnership's
ids give 404 under the other's short name.
"""

from importlib import import_module

from django.apps import apps

from pif import testing


def _merged_web_samples() -> dict:
    merged = dict(testing.URL_KWARG_SAMPLES)
    for config in apps.get_app_configs():
        if config.name.startswith("pif."):
            try:
                module = import_module(f"{config.name}.testing")
            except ModuleNotFoundError:
                continue
            merged.update(getattr(module, "URL_KWARG_SAMPLES", {}))
    return merged


def _cached(world, name, factory):
    if not hasattr(world, name):
        setattr(world, name, factory())
    return getattr(world, name)


def sample_commentary(world):
    from pif.measures.models import Commentary

    indicator = world.sample_indicator()
    return _cached(world, "_api_commentary", lambda: Commentary.objects.get_or_create(
        indicator=indicator, period="2024-02", defaults={
            "period_start": "2024-02-01", "what_it_shows": "A small rise on January.",
            "author": world.editor})[0])


def sample_observation(world):
    return world.sample_indicator().observations.order_by("period_start").first()


def sample_target(world):
    from pif.measures.models import Target

    indicator = world.sample_indicator()
    return _cached(world, "_api_target", lambda: Target.objects.create(
        indicator=indicator, value=95, source="Scottish Government standard"))


def sample_progress_update(world):
    from pif.improvement import models as m
    from pif.improvement.testing import sample_action

    action = sample_action(world)
    return _cached(world, "_api_update", lambda: m.ProgressUpdate.objects.create(
        action=action, written_on="2026-11-02", percent_complete=40,
        status=m.ActionStatus.ON_TRACK, text="The clinic's room is booked.",
        author=world.editor))


def sample_pdsa_cycle(world):
    from pif.improvement.testing import sample_cycle

    return sample_cycle(world)


def sample_assessment(world):
    """The web's sample shares one framework slug; each partnership gets its own here, as the
    walk builds samples for two."""
    from pif.reviews.testing import make_assessment, make_framework_version

    return _cached(world, "_api_assessment", lambda: make_assessment(
        world.partnership, version=make_framework_version(
            slug=f"api-walk-{world.partnership.short_name}")))


API_PATH_SAMPLES = {
    **_merged_web_samples(),
    "indicator_id": lambda world: world.sample_indicator().pk,
    "indicator_code": lambda world: world.sample_indicator().code,
    "commentary_id": lambda world: sample_commentary(world).pk,
    "observation_id": lambda world: sample_observation(world).pk,
    "target_id": lambda world: sample_target(world).pk,
    "update_id": lambda world: sample_progress_update(world).pk,
    "progress_update_id": lambda world: sample_progress_update(world).pk,
    "pdsa_cycle_id": lambda world: sample_pdsa_cycle(world).pk,
    "assessment_id": lambda world: sample_assessment(world).pk,
}


def missing_samples(names) -> list[str]:
    return sorted(name for name in set(names) if name not in API_PATH_SAMPLES)


def build_samples(world, names) -> dict:
    """A value for each of `names` (those with a sample), naming objects of `world.partnership`."""
    return {name: API_PATH_SAMPLES[name](world) for name in sorted(set(names))
            if name in API_PATH_SAMPLES}
