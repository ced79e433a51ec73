"""each entity identity's names, once: the entity list's name filter

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:10:00

The entity list filtered by a name ("q=trump") looked for the identities having an entity
with a name row containing it: every entity_names row, 3 million at 100k articles (one per
name of each entity, copies included), 2.9 s a page. `entity_identity_names` holds each
(identity, name key) pair once (schema.EntityIdentityNameRow; store/identity_names.py keeps it
as articles are saved, edited and corrected). Upgrading fills it from the entities and their
name rows in one INSERT ... SELECT DISTINCT. Plain SQLAlchemy Core: no application code is imported.
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pairs = op.create_table(
        'entity_identity_names',
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('identity', 'key'),
    )
    entities = sa.table('entities', sa.column('pk', sa.Integer), sa.column('identity', sa.Text))
    names = sa.table('entity_names', sa.column('entity_pk', sa.Integer), sa.column('key', sa.Text))
    op.get_bind().execute(pairs.insert().from_select(
        ['identity', 'key'],
        sa.select(entities.c.identity, names.c.key).distinct().join(names, names.c.entity_pk == entities.c.pk)))


def downgrade() -> None:
    op.drop_table('entity_identity_names')
