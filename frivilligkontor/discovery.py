"""Find each installed app's optional module of a given name (`portal`, `roles`, `demo`).

The core asks the apps for what it needs through these modules, so it never imports an
app by name and the dependencies keep running one way (apps use the core, not back).
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str, *, include_core: bool = True) -> Iterator[tuple[AppConfig, ModuleType]]:
    """(app config, module) for every installed app that has a module `name`, in the order
    of INSTALLED_APPS. An import error inside a module that exists is raised, not hidden."""
    for config in apps.get_app_configs():
        if not include_core and config.name == "frivilligkontor":
            continue
        if module_has_submodule(config.module, name):
            yield config, import_module(f"{config.name}.{name}")
