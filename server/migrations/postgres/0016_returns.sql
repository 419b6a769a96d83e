-- Returns: a `return_refund` ticket carries its return — the units asked back
-- ("item:quantity" pairs), where it stands (requested, accepted, shipped, received,
-- declined), the seller's instructions and the buyer's tracking of the parcel back.
-- Every move is a conditional update on `return_state`, so it happens once.

ALTER TABLE tickets ADD COLUMN return_state TEXT;
ALTER TABLE tickets ADD COLUMN return_lines TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN return_instructions TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN return_carrier TEXT;
ALTER TABLE tickets ADD COLUMN return_tracking TEXT;
