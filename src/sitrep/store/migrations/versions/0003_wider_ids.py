"""document and story ids up to 255 characters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 23:20:00

A JSONL, JSON or CSV record may carry its own id (up to 200 characters, see
sitrep.ingest.records); with "story-" before it, it did not fit the 64
characters of 0001, and PostgreSQL refused the whole batch. Every column that
holds a document or story id becomes VARCHAR(255).

Only PostgreSQL is altered: SQLite does not enforce a VARCHAR length, and
widening there would mean copying `documents`, whose drop would cascade-delete
every dependent row (see 0002's downgrade).
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# (table, column): every id of a document or a story, referenced or referencing.
_ID_COLUMNS = [
    ('stories', 'id'),
    ('documents', 'id'),
    ('documents', 'copy_of'),
    ('documents', 'story_id'),
    ('document_bands', 'document_id'),
    ('entities', 'document_id'),
    ('places', 'document_id'),
    ('claims', 'document_id'),
    ('story_features', 'document_id'),
]


def upgrade() -> None:
    _set_width(64, 255)


def downgrade() -> None:
    _set_width(255, 64)


def _set_width(old: int, new: int) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, column in _ID_COLUMNS:
        op.alter_column(table, column, existing_type=sa.String(length=old), type_=sa.String(length=new))
