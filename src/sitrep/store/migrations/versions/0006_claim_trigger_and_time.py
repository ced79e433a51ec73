"""claims carry their event word and time

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 20:00:00

Corroboration is keyed on the event (CONTRACT.md): a claim that names neither target nor
place is supported only by claims of the same action, actor and event word, and two
claims whose ISO dates differ are two events. `claims.trigger_key` holds the event
word's lemma and `claims.time` the claim's time. Upgrading copies the time of every
stored claim from its analysis; analyses made before triggers existed have none, so
their target- and placeless claims stand alone until re-analysed.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_PAGE = 500


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.add_column('claims', sa.Column('trigger_key', sa.Text(), nullable=True))
    op.add_column('claims', sa.Column('time', sa.Text(), nullable=True))
    _backfill()


def _backfill() -> None:
    """Each stored claim's time and event word, from its analysis, a page of documents at a time."""
    documents = sa.table('documents', sa.column('id', sa.String), sa.column('analysis', sa.JSON))
    claims = sa.table('claims', sa.column('document_id', sa.String), sa.column('ref', sa.String),
                      sa.column('time', sa.Text), sa.column('trigger_key', sa.Text))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.analysis).where(documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)).all()
        if not page:
            return
        values = [{"doc": id, "claim": claim["id"], "time": claim.get("time"),
                   "key": (claim.get("trigger") or {}).get("lemma") or None}
                  for id, analysis in page for claim in (analysis or {}).get("claims", [])
                  if claim.get("time") or claim.get("trigger")]
        if values:
            connection.execute(
                claims.update().where(claims.c.document_id == sa.bindparam("doc"),
                                      claims.c.ref == sa.bindparam("claim"))
                .values(time=sa.bindparam("time"), trigger_key=sa.bindparam("key")), values)
        after = page[-1][0]


def downgrade() -> None:
    op.drop_column('claims', 'time')
    op.drop_column('claims', 'trigger_key')
