"""entities carry their identity across documents

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 12:00:00

The entity list grouped entities by their name as written, so "Trump" of one
article and "Donald Trump" of another, or a KB entity named two ways, were
different entities. `entities.identity` holds who an entity is across the
store (store/linking.py identity_key): "kb:<id>" when the KB knows it, else
"name:<normalised full name>", a lone name taking the full name its own
article introduced before it. Upgrading computes it for every stored entity
from its document's analysis, with the rules of sitrep.store.linking at the
time of the upgrade.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_PAGE = 500


def upgrade() -> None:
    # In place, not in batch mode: on SQLite a batch copies the table (see 0004).
    op.add_column('entities', sa.Column('identity', sa.Text(), server_default='', nullable=False))
    _backfill()
    op.create_index('ix_entities_identity_document', 'entities', ['identity', 'document_id'], unique=False)


def _backfill() -> None:
    """Each stored entity's identity, from its document's analysis, a page of documents at a time."""
    from sitrep.store.linking import assign_identities

    documents = sa.table('documents', sa.column('id', sa.String), sa.column('analysis', sa.JSON))
    entities = sa.table('entities', sa.column('pk', sa.Integer), sa.column('document_id', sa.String),
                        sa.column('ref', sa.String), sa.column('name', sa.Text), sa.column('type', sa.String),
                        sa.column('kb', sa.Text), sa.column('identity', sa.Text))
    connection = op.get_bind()
    after = ""
    while True:
        page = connection.execute(
            sa.select(documents.c.id, documents.c.analysis).where(documents.c.id > after)
            .order_by(documents.c.id).limit(_PAGE)).all()
        if not page:
            return
        rows: dict[str, list[dict]] = {id: [] for id, _ in page}
        for pk, document_id, ref, name, type_, kb in connection.execute(
                sa.select(entities.c.pk, entities.c.document_id, entities.c.ref, entities.c.name,
                          entities.c.type, entities.c.kb).where(entities.c.document_id.in_(list(rows)))):
            rows[document_id].append({"pk": pk, "ref": ref, "name": name, "type": type_, "kb": kb})
        values = []
        for id, analysis in page:
            assign_identities(rows[id], analysis or {})
            values += [{"entity": row["pk"], "identity": row["identity"]} for row in rows[id]]
        if values:
            connection.execute(entities.update().where(entities.c.pk == sa.bindparam("entity"))
                               .values(identity=sa.bindparam("identity")), values)
        after = page[-1][0]


def downgrade() -> None:
    op.drop_index('ix_entities_identity_document', table_name='entities')
    op.drop_column('entities', 'identity')
