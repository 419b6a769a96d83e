-- Store onboarding: payout details and the admin's review.

ALTER TABLE stores ADD COLUMN payout_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN payout_iban TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN reviewed_at BIGINT;
