"""the forecast ledger: forecasts, their keys and claims, occurrences, resolutions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-12 14:00:00

Every predicted, planned or threatened claim becomes a forecast with a horizon,
and later occurred claims that match it resolve it (sitrep/ledger: the rules
are in its modules' docstrings, the tables in ledger/tables.py). Upgrading
builds the ledger of every stored article (ledger/resolve.py rebuild, with the
rules of sitrep.ledger at the time of the upgrade), as `sitrep forecasts
--rescan` does.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'forecasts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=False),
        sa.Column('story_id', sa.String(length=255), nullable=True),
        sa.Column('signature', sa.Text(), nullable=False),
        sa.Column('original', sa.String(length=255), nullable=False),
        sa.Column('published', sa.Date(), nullable=True),
        sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('source', sa.Text(), nullable=True),
        sa.Column('source_key', sa.Text(), nullable=False),
        sa.Column('source_name', sa.Text(), nullable=True),
        sa.Column('outlet', sa.Text(), nullable=True),
        sa.Column('outlet_key', sa.Text(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('actor', sa.Text(), nullable=True),
        sa.Column('actor_identity', sa.Text(), nullable=True),
        sa.Column('targets', sa.JSON(), nullable=False),
        sa.Column('modality', sa.String(length=16), nullable=False),
        sa.Column('band', sa.String(length=32), nullable=False),
        sa.Column('horizon_from', sa.Date(), nullable=False),
        sa.Column('horizon_until', sa.Date(), nullable=False),
        sa.Column('resolutions', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_forecasts_document_id', 'forecasts', ['document_id'], unique=False)
    op.create_index('ix_forecasts_source_key', 'forecasts', ['source_key'], unique=False)
    op.create_index('ix_forecasts_source_name', 'forecasts', ['source_name'], unique=False)
    op.create_index('ix_forecasts_outlet_key', 'forecasts', ['outlet_key'], unique=False)
    op.create_index('ix_forecasts_band', 'forecasts', ['band'], unique=False)
    op.create_index('ix_forecasts_horizon_until', 'forecasts', ['horizon_until'], unique=False)
    op.create_index('ix_forecasts_story_signature', 'forecasts', ['story_id', 'signature'], unique=False)

    op.create_table(
        'forecast_keys',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('forecast_id', sa.String(length=32), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('actor', sa.Text(), nullable=True),
        sa.Column('horizon_from', sa.Date(), nullable=False),
        sa.Column('horizon_until', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['forecast_id'], ['forecasts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pk'),
    )
    op.create_index('ix_forecast_keys_forecast_id', 'forecast_keys', ['forecast_id'], unique=False)
    op.create_index('ix_forecast_keys_match', 'forecast_keys', ['action', 'key', 'actor', 'horizon_until'],
                    unique=False)

    op.create_table(
        'forecast_claims',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('forecast_id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['forecast_id'], ['forecasts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pk'),
    )
    op.create_index('ix_forecast_claims_forecast_id', 'forecast_claims', ['forecast_id'], unique=False)
    op.create_index('ix_forecast_claims_document_id', 'forecast_claims', ['document_id'], unique=False)

    op.create_table(
        'occurrences',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=False),
        sa.Column('original', sa.String(length=255), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('actor', sa.Text(), nullable=True),
        sa.Column('day_from', sa.Date(), nullable=False),
        sa.Column('day_until', sa.Date(), nullable=False),
        sa.Column('published', sa.Date(), nullable=True),
        sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pk'),
    )
    op.create_index('ix_occurrences_document_id', 'occurrences', ['document_id'], unique=False)
    op.create_index('ix_occurrences_match', 'occurrences', ['action', 'key', 'actor', 'day_until'], unique=False)
    op.create_index('ix_occurrences_any_actor', 'occurrences', ['action', 'key', 'day_until'], unique=False)

    op.create_table(
        'forecast_resolutions',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('forecast_id', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=255), nullable=False),
        sa.Column('claim_ref', sa.String(length=32), nullable=False),
        sa.Column('day_from', sa.Date(), nullable=False),
        sa.Column('day_until', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['forecast_id'], ['forecasts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pk'),
        sa.UniqueConstraint('forecast_id', 'document_id', 'claim_ref', name='uq_forecast_resolutions_claim'),
    )
    op.create_index('ix_forecast_resolutions_forecast_id', 'forecast_resolutions', ['forecast_id'], unique=False)
    op.create_index('ix_forecast_resolutions_document_id', 'forecast_resolutions', ['document_id'], unique=False)

    _backfill()


def _backfill() -> None:
    """The ledger of the articles stored before it existed."""
    from sqlalchemy.orm import Session

    from sitrep.ledger.resolve import rebuild

    with Session(bind=op.get_bind()) as session:
        rebuild(session)
        session.flush()


def downgrade() -> None:
    op.drop_table('forecast_resolutions')
    op.drop_table('occurrences')
    op.drop_table('forecast_claims')
    op.drop_table('forecast_keys')
    op.drop_table('forecasts')
