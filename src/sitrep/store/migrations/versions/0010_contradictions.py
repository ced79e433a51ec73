"""claims carry their actor's identity: contradictions are found by it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-13 12:00:00

A claim is contradicted by a negation of the same event by the same actor, and
an accusation by the accused's denial (sitrep/corpus/contradiction.py); both
are looked up by who acts, as the store knows them. `claims.actor_identity` holds
it (schema.ClaimRow): the actor entity's identity (entities.identity, migration
0007), else the acting place's country ("cc:RU"), else its name key
("place:europe"), indexed with the action. Upgrading fills it for every stored
claim from the entity and place rows, in two UPDATEs (no analysis is read).
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.add_column('claims', sa.Column('actor_identity', sa.Text(), nullable=True))
    claims = sa.table('claims', sa.column('actor_identity', sa.Text), sa.column('actor_entity_pk', sa.Integer),
                      sa.column('document_id', sa.String), sa.column('actor_ref', sa.String))
    entities = sa.table('entities', sa.column('pk', sa.Integer), sa.column('identity', sa.Text))
    places = sa.table('places', sa.column('document_id', sa.String), sa.column('ref', sa.String),
                      sa.column('key', sa.Text), sa.column('country', sa.String))
    connection = op.get_bind()
    entity = (sa.select(entities.c.identity).where(entities.c.pk == claims.c.actor_entity_pk,
                                                   entities.c.identity != '')
              .scalar_subquery())
    connection.execute(claims.update().where(claims.c.actor_entity_pk.is_not(None)).values(actor_identity=entity))
    where = sa.case((places.c.country.is_not(None), sa.literal('cc:') + sa.func.upper(places.c.country)),
                    else_=sa.literal('place:') + places.c.key)
    place = (sa.select(where).where(places.c.document_id == claims.c.document_id, places.c.ref == claims.c.actor_ref)
             .limit(1).scalar_subquery())
    connection.execute(claims.update().where(claims.c.actor_entity_pk.is_(None), claims.c.actor_ref.is_not(None))
                       .values(actor_identity=place))
    op.create_index('ix_claims_actor_identity_action', 'claims', ['actor_identity', 'action', 'document_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_claims_actor_identity_action', table_name='claims')
    op.drop_column('claims', 'actor_identity')
