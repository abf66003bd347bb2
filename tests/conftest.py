"""Every test gets its own empty result cache, so no test sees results another one produced."""

from __future__ import annotations

import pathlib

import pytest

from tfmigrate.cache import ENV_DIR


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    directory = tmp_path_factory.mktemp("result-cache")
    monkeypatch.setenv(ENV_DIR, str(directory))
    return directory
