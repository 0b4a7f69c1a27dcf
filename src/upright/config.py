"""Typed settings, read from the environment (prefix `UPRIGHT_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UPRIGHT_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path.home() / ".cache" / "upright",
        description="Where upright keeps models, stores and caches.",
    )
    db: str | None = Field(default=None, description="SQLAlchemy URL; SQLite under home if unset.")
    redis: str | None = Field(default=None, description="Redis URL for shared rate limits.")

    @property
    def db_url(self) -> str:
        return self.db or f"sqlite:///{self.home / 'upright.db'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
