"""Rows of the findings store (SQLAlchemy 2). API schemas live apart, in `routes/`.

A `Source` is where transcripts come from (a JSONL file or the `source` its rows name, an
OTel service, an Inspect task, the guard). A transcript is identified by its source, its eval
(Inspect logs only; empty otherwise) and the source's own id; `content_sha256` dedups it.
Findings copy the source and the transcript's time so the dashboard queries need no join.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite keeps no zone), read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UTCDateTime,
    }


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_sources_kind_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_ingest_at: Mapped[datetime | None] = mapped_column(default=None)
    # Ingest counters (every process that ingests adds to them; /metrics reads them).
    records_added: Mapped[int] = mapped_column(Integer, default=0)
    records_updated: Mapped[int] = mapped_column(Integer, default=0)
    records_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    records_bad: Mapped[int] = mapped_column(Integer, default=0)


class TranscriptRow(Base):
    __tablename__ = "transcripts"
    __table_args__ = (
        UniqueConstraint("source_id", "eval_id", "transcript_id", name="uq_transcripts_key"),
        Index("ix_transcripts_observed_at", "observed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    transcript_id: Mapped[str] = mapped_column(String(255))
    eval_id: Mapped[str] = mapped_column(String(64), default="")
    task: Mapped[str | None] = mapped_column(String(255), default=None)
    condition_id: Mapped[str | None] = mapped_column(Text, default=None)
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    messages: Mapped[list[Any]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    redacted: Mapped[bool] = mapped_column(default=False)
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship(lazy="joined")
    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", passive_deletes=True
    )


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_ts", "ts"),
        Index("ix_findings_category_ts", "category", "ts"),
        Index("ix_findings_source_id", "source_id"),
        Index("ix_findings_transcript", "transcript_pk"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transcript_pk: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    severity_rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    detector: Mapped[str] = mapped_column(String(64))
    detector_version: Mapped[str] = mapped_column(String(32))
    message_index: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[list[Any]] = mapped_column(JSON)
    rationale: Mapped[str] = mapped_column(Text, default="")
    ts: Mapped[datetime] = mapped_column(default=utcnow)

    transcript: Mapped[TranscriptRow] = relationship(back_populates="findings")


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_rule_created", "rule", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    count: Mapped[int] = mapped_column(Integer)
    webhook: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class AlertFinding(Base):
    """Links an alert to the findings that raised it (each finding raises one alert per rule)."""

    __tablename__ = "alert_findings"
    __table_args__ = (UniqueConstraint("rule", "finding_id", name="uq_alert_findings_rule"),)

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    rule: Mapped[str] = mapped_column(String(128))
