-- Offline changes applied exactly once. Each browser profile has a client id; every
-- change it queues has a strictly increasing mutation id. The server applies a change
-- and moves `last_mutation_id` in the same transaction, so a replayed change (an
-- acknowledgement lost on the way back, two tabs, a retry) is skipped, not applied
-- twice. A client id belongs to the account that first used it (`services::sync`).
CREATE TABLE sync_clients (
    client_id        TEXT PRIMARY KEY,
    account_id       BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    last_mutation_id BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX sync_clients_account ON sync_clients(account_id);
