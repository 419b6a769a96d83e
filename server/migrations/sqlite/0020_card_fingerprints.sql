-- The gateway's fingerprint of a card number, the same for every token of one card:
-- a buyer who saves the same card twice keeps one saved card (`services::cart::
-- checkout::save_card`). Cards saved before have none and stay as they are.
ALTER TABLE sandbox_cards ADD COLUMN fingerprint TEXT;
ALTER TABLE payment_methods ADD COLUMN fingerprint TEXT;
CREATE UNIQUE INDEX payment_methods_fingerprint ON payment_methods(account_id, fingerprint);
