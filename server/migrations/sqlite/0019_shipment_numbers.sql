-- A tracking number belongs to one shipment: the primary key refuses a second order
-- shipped with the same carrier and number, even when two sellers race for it (a
-- reused number would count as valid tracking twice in the seller standards). Filled
-- from the orders already shipped, the first order keeping a number used twice.
CREATE TABLE shipment_numbers (
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    order_id        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    PRIMARY KEY (carrier, tracking_number)
);
INSERT INTO shipment_numbers (carrier, tracking_number, order_id)
SELECT carrier, tracking_number, MIN(id) FROM orders
WHERE carrier IS NOT NULL AND tracking_number IS NOT NULL
GROUP BY carrier, tracking_number;
