"""The individual responses of a selection as the raw-data files hold them, read from the database as they go.

A raw-data file (CSV wide or long, SPSS) holds the rows a report's responses hold: the answers decoded and
scored (scale scores per row, :func:`analysis.scoring.score`), and instead of the pairing codes the pair ids
that pair them as the report pairs them. None of that needs the report's aggregates, so a file is made without
building the report or holding the table:

1. the pair ids come from one pass over the codes alone (:func:`survey.results.reports.pair_ids_for`: a few
   small columns, no answers);
2. the rows are read from the database :data:`survey.results.rows.BATCH_ROWS` at a time, each batch scored
   and given its pair ids as it arrives (:func:`scored_responses`), so a CSV file's first bytes leave while
   its last rows are still in the database.

The selection is checked exactly as for a report (:func:`survey.results.reports.analysed_selection`): only
closed collections, one questionnaire, a breakdown by a choice item only; and the rows are the report's, the
answers published (of a collection reopened and not yet closed again, those sent before it was reopened).

Example
-------
In a request, for a user with the raw-data grant (see ``docs/survey.md``)::

    data = raw_data_for(user, project_ids=[3], instrument_id="participation_youth")
    for chunk in scored_responses(data).chunks:
        chunk["S_VOICE"], chunk["pair_id"]     # a few thousand rows at a time
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from analysis.export.columns import ResponseStream
from analysis.pair_ids import replace_codes
from analysis.response_table import ResponseTable
from analysis.scoring import score
from instruments.model import Instrument
from survey.models import User
from survey.results.dataset import response_stream
from survey.results.reports import Selection, SelectionError, analysed_selection, pair_ids_for
from survey.results.rows import count_rows


@dataclass(frozen=True)
class RawData:
    """The responses a raw-data file describes: the analysed (closed) collections of a selection, the
    instrument they are read against, how many there are, and what the file's cover and audit entry say."""

    selection: Selection
    instrument: Instrument
    count: int
    by: tuple[str, ...] = ()
    language: str = "fi"
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def waves(self) -> tuple[str, ...]:
        """The waves compared, baseline first, as a report's design names them (none for a single wave)."""
        return self.selection.waves if len(self.selection.waves) > 1 else ()


def raw_data_for(
    user: User,
    *,
    collections: Sequence[int] | None = None,
    project_ids: Sequence[int] | None = None,
    instrument_id: str | None = None,
    waves: Sequence[str] | None = None,
    by: Sequence[str] = (),
    language: str = "fi",
) -> RawData:
    """The responses of a selection, counted but not read. Raises what
    :func:`survey.results.reports.report_for` raises for the same selection (``no_responses`` included)."""
    selection, instrument = analysed_selection(
        user, collections=collections, project_ids=project_ids, instrument_id=instrument_id, waves=waves, by=by
    )
    count = count_rows(selection.collections, released=True, now=selection.now)
    if count == 0:
        raise SelectionError("no_responses", "no responses yet")
    return RawData(selection, instrument, count, tuple(b for b in by if b != "wave"), language)


def scored_responses(data: RawData) -> ResponseStream:
    """The rows of `data` as a report's responses hold them, scored chunk by chunk and with their pair ids.

    The pair ids are made now (one pass over the codes); the rows are read as the chunks are taken.
    """
    selection = data.selection
    paired = pair_ids_for(selection)
    stream = response_stream(
        selection.collections, data.instrument, pairing=False, released=True, now=selection.now
    )
    return ResponseStream(count=data.count, chunks=_scored(stream.chunks, data.instrument, paired))


def _scored(chunks, instrument: Instrument, paired: dict[int, str]) -> Iterator[ResponseTable]:
    for chunk in chunks:
        ids = np.array([paired.get(int(r), "") for r in chunk["response_id"]], dtype=object)
        yield replace_codes(score(chunk, instrument), "pairing_code", ids)
