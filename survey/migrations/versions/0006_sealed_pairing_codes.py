"""Pairing codes sealed (encrypted, new nonce each) instead of hashed part by part.

Revision ID: 0006_pairing
Revises: 0005

Until now each part of a pairing code was stored as its own HMAC-SHA256 under the programme key (12 hex
characters, the parts joined with "-", column ``pairing_code_hash``). Equal parts gave equal hashes, so whoever
could read the stored values and send codes of their own could decode parts. This migration recovers every
part by trying each value a respondent could have given for its prompt (every letter ``str.isalpha`` accepts,
upper-cased, Å, Ä and Ö among them; the numbers 0-99 as normalised) and stores the whole code sealed
(:func:`survey.pairing_codes.seal`) in the new column ``sealed_pairing_code``. The old column and its
index are dropped. Drafts kept in the database are converted the same way.

**Codes that cannot be recovered are dropped**: a code whose instrument is no longer in the library, whose
number of parts differs from its instrument's prompts, or one of whose parts matches no value keeps no code
(its response keeps its answers and is left out of pairing). How many were dropped is logged.

The key is the app's ``ARVIO_PAIRING_KEY`` as the app reads it (survey/config.py: the environment or the
instance's configuration, else ``SECRET_KEY``). If none is configured, or if not one stored code opens with
it (the wrong key), the migration stops before anything is changed, naming the setting.

Downgrade reverses this: it opens each sealed code and stores the old per-part hashes again.
"""

import logging

import sqlalchemy as sa
from alembic import op
from flask import current_app

from survey.questionnaires import get_instrument
from survey.pairing_codes import part_hashes, seal, unseal

revision = "0006_pairing"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
TABLES = ("responses", "drafts")


def upgrade() -> None:
    key = _programme_key()
    converted = {table: _recover(table, key) for table in TABLES}
    stored = sum(len(rows) for rows, _dropped in converted.values())
    dropped = sum(dropped for _rows, dropped in converted.values())
    if dropped and not stored:
        raise RuntimeError(
            f"None of the {dropped} stored pairing codes opens with the configured ARVIO_PAIRING_KEY (or SECRET_KEY "
            "when it is not set). Set ARVIO_PAIRING_KEY to the key the app has used, then migrate again."
        )
    for table in TABLES:
        op.add_column(table, sa.Column("sealed_pairing_code", sa.Text(), nullable=True))
        rows, dropped_here = converted[table]
        if rows:
            op.get_bind().execute(
                sa.text(f"UPDATE {table} SET sealed_pairing_code = :sealed WHERE id = :id"),
                [{"id": row_id, "sealed": seal(key, parts)} for row_id, parts in rows],
            )
        log.info("pairing codes of %s: %d sealed, %d could not be recovered and were dropped",
                 table, len(rows), dropped_here)  # fmt: skip
    with op.batch_alter_table("responses") as batch:
        batch.drop_index("ix_responses_pairing_code_hash")
        batch.drop_column("pairing_code_hash")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("pairing_code_hash")


def downgrade() -> None:
    key = _programme_key()
    for table in TABLES:
        op.add_column(table, sa.Column("pairing_code_hash", sa.String(length=80), nullable=True))
        rows = op.get_bind().execute(
            sa.text(f"SELECT id, sealed_pairing_code FROM {table} WHERE sealed_pairing_code IS NOT NULL")
        )
        hashed = [{"id": row_id, "hash": part_hashes(key.encode(), parts)}
                  for row_id, sealed in rows.all() if (parts := unseal(key, sealed))]  # fmt: skip
        if hashed:
            op.get_bind().execute(sa.text(f"UPDATE {table} SET pairing_code_hash = :hash WHERE id = :id"), hashed)
    with op.batch_alter_table("responses") as batch:
        batch.create_index("ix_responses_pairing_code_hash", ["pairing_code_hash"], unique=False)
        batch.drop_column("sealed_pairing_code")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("sealed_pairing_code")


def _programme_key() -> str:
    key = current_app.config.get("ARVIO_PAIRING_KEY")
    if not key:
        raise RuntimeError(
            "Converting the stored pairing codes needs the programme's key: set ARVIO_PAIRING_KEY (or SECRET_KEY) "
            "as the app has it, then migrate again."
        )
    return key


def _recover(table: str, key: str) -> tuple[list[tuple[int, list[tuple[str, str]]]], int]:
    """The recovered codes of `table` as (row id, parts), and how many codes could not be recovered."""
    instrument_of = "r.instrument_id, r.instrument_version" if table == "responses" else (
        "c.instrument_id, c.instrument_version")  # fmt: skip
    join = "" if table == "responses" else "JOIN collections c ON c.id = r.collection_id"
    rows = op.get_bind().execute(
        sa.text(
            f"SELECT r.id, {instrument_of}, r.pairing_code_hash FROM {table} r {join} "
            "WHERE r.pairing_code_hash IS NOT NULL AND r.pairing_code_hash != ''"
        )  # fmt: skip
    )
    lookup = _PartLookup(key.encode())
    recovered, dropped = [], 0
    for row_id, instrument_id, version, hashed in rows.all():
        prompts = _prompts(instrument_id, version)
        parts = lookup.parts(prompts, hashed.split("-")) if prompts else None
        if parts is None:
            dropped += 1
        else:
            recovered.append((row_id, parts))
    return recovered, dropped


_PROMPTS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}


def _prompts(instrument_id: str, version: str) -> tuple[tuple[str, str], ...]:
    """(code, kind) of the instrument's pairing prompts in order; empty when it is not in the library."""
    if (instrument_id, version) not in _PROMPTS:
        try:
            instrument = get_instrument(instrument_id, version)
        except LookupError:
            _PROMPTS[(instrument_id, version)] = ()
        else:
            _PROMPTS[(instrument_id, version)] = tuple((p.code, p.kind) for p in instrument.pairing_prompts)
    return _PROMPTS[(instrument_id, version)]


def _letters() -> list[str]:
    """Every normalised letter part: one character that ``str.isalpha`` accepts, upper-cased."""
    return list(dict.fromkeys(chr(c).upper() for c in range(0x110000) if chr(c).isalpha()))


class _PartLookup:
    """Old part hash -> part, built per prompt over every value the respondent flow could have stored."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.tables: dict[tuple[str, str], dict[str, str]] = {}

    def parts(self, prompts, hashes: list[str]) -> list[tuple[str, str]] | None:
        if len(prompts) != len(hashes):
            return None
        parts = []
        for (code, kind), hashed in zip(prompts, hashes, strict=True):
            value = self._table(code, kind).get(hashed.lower())
            if value is None:
                return None
            parts.append((code, value))
        return parts

    def _table(self, code: str, kind: str) -> dict[str, str]:
        if (code, kind) not in self.tables:
            values = _letters() if kind == "letter" else [str(n) for n in range(100)]
            # common letters last, so that they win the (astronomically rare) 48-bit collision
            ordered = sorted(values, key=lambda v: ("A" <= v <= "Z" or v in "ÅÄÖ", v))
            self.tables[(code, kind)] = {part_hashes(self.key, [(code, v)]): v for v in ordered}
        return self.tables[(code, kind)]
