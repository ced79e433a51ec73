"""originals' claims by action and day, originals' entities and sources by identity

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 19:20:00

Three reads of the desk went through rows of copies they then dropped (search.py's 100k store:
840 originals, 99% copies):
- a denial on a claim card is checked against the accusations of its denier in original
  articles of its window (store/contradict.py): any accuser's, so neither index of 0017 (both
  lead with who acts) finds them, and the database read every ACCUSE claim, copies included
  (0.19 s for the cards of one actor). A partial index of originals' claims by (action,
  published) gives them as one range;
- the entity list names and counts the entities of its page's identities, and the sources list
  its sources', from originals only; the index by identity holds every copy's (1.6 s for the
  names of one page of entities, 0.3 s of sources). `entities.original` and `sources.original`
  say whether the row's article is an original (copied in by the writer, as claims.original:
  an article keeps it for life), with a partial index of originals' rows by (identity, document).
Upgrading fills both columns from the documents in one UPDATE each.
Plain SQLAlchemy Core: no application code is imported.
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    originals = sa.column('original', sa.Boolean).is_(True)  # as schema's partial indexes spell it
    op.create_index('ix_claims_action_event', 'claims', ['action', 'published'], unique=False,
                    sqlite_where=originals, postgresql_where=originals)
    documents = sa.table('documents', sa.column('id', sa.String), sa.column('copy_of', sa.String))
    for name in ('entities', 'sources'):
        # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
        op.add_column(name, sa.Column('original', sa.Boolean(), nullable=True))
        rows = sa.table(name, sa.column('document_id', sa.String), sa.column('original', sa.Boolean))
        op.get_bind().execute(rows.update().values(original=sa.select(documents.c.copy_of.is_(None))
                                                   .where(documents.c.id == rows.c.document_id).scalar_subquery()))
        op.create_index(f'ix_{name}_original_identity', name, ['identity', 'document_id'], unique=False,
                        sqlite_where=originals, postgresql_where=originals)


def downgrade() -> None:
    for name in ('sources', 'entities'):
        op.drop_index(f'ix_{name}_original_identity', table_name=name)
        op.drop_column(name, 'original')
    op.drop_index('ix_claims_action_event', table_name='claims')
