//! The buyer's own settings: name, notification preferences, addresses and cards.

use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::services::money::payments::Gateway;
use crate::storage::{Db, Row};
use app::backend::ProfileService;
use app::domain::address::{Address, AddressInput};
use app::domain::{AccountId, AddressId, DisplayName, PaymentMethodId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

/// At most this many saved addresses per account.
pub const MAX_ADDRESSES: i64 = 20;

pub struct Profile {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
}

impl Profile {
    pub fn new(db: Db, clock: Arc<dyn Clock>, gateway: Arc<dyn Gateway>) -> Self {
        Self { db, clock, gateway }
    }
}

/// A saved address as stored, read by column name.
#[derive(sqlx::FromRow)]
struct AddressRow {
    id: i64,
    is_default: i64,
    full_name: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
    phone: String,
}

impl AddressRow {
    fn input(self) -> AddressInput {
        AddressInput {
            full_name: self.full_name,
            line1: self.line1,
            line2: self.line2,
            city: self.city,
            region: self.region,
            postal_code: self.postal_code,
            country: self.country,
            phone: self.phone,
        }
    }
}

const ADDRESS_COLUMNS: &str =
    "id, is_default, full_name, line1, line2, city, region, postal_code, country, phone";

/// The account's addresses, default first.
pub async fn addresses(db: &Db, account: AccountId) -> AppResult<Vec<AddressView>> {
    let rows: Vec<AddressRow> = sqlx::query_as(&format!(
        "SELECT {ADDRESS_COLUMNS} FROM addresses WHERE account_id = $1 ORDER BY is_default DESC, id"
    ))
    .bind(account.0)
    .fetch_all(&db.pool)
    .await
    .internal("listing addresses")?;
    Ok(rows
        .into_iter()
        .map(|r| AddressView {
            id: AddressId(r.id),
            is_default: r.is_default != 0,
            address: r.input(),
        })
        .collect())
}

/// One of the account's saved addresses, as typed; another account's is `None`.
pub async fn address(
    db: &Db,
    account: AccountId,
    id: AddressId,
) -> AppResult<Option<AddressInput>> {
    let row: Option<AddressRow> = sqlx::query_as(&format!(
        "SELECT {ADDRESS_COLUMNS} FROM addresses WHERE id = $1 AND account_id = $2"
    ))
    .bind(id.0)
    .bind(account.0)
    .fetch_optional(&db.pool)
    .await
    .internal("loading an address")?;
    Ok(row.map(AddressRow::input))
}

/// Keeps a card the gateway issued (`card` as the gateway describes it) for the
/// buyer's next checkouts: its id. A card already saved (the gateway's fingerprint)
/// is kept once, with the new token and expiry.
pub async fn save_card(
    conn: &mut sqlx::AnyConnection,
    account: AccountId,
    card: &CardToken,
    now: i64,
) -> AppResult<i64> {
    let renewed = sqlx::query(
        "UPDATE payment_methods SET token = $3, brand = $4, last4 = $5, exp_month = $6, exp_year = $7
         WHERE account_id = $1 AND fingerprint = $2 RETURNING id",
    )
    .bind(account.0)
    .bind(&card.fingerprint)
    .bind(&card.token)
    .bind(&card.brand)
    .bind(&card.last4)
    .bind(i64::from(card.exp_month))
    .bind(i64::from(card.exp_year))
    .fetch_optional(&mut *conn)
    .await
    .internal("renewing a saved card")?;
    let row = match renewed {
        Some(row) => row,
        None => sqlx::query(
            "INSERT INTO payment_methods (account_id, token, brand, last4, exp_month, exp_year, created_at, fingerprint)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (account_id, token) DO UPDATE SET brand = excluded.brand RETURNING id",
        )
        .bind(account.0)
        .bind(&card.token)
        .bind(&card.brand)
        .bind(&card.last4)
        .bind(i64::from(card.exp_month))
        .bind(i64::from(card.exp_year))
        .bind(now)
        .bind(&card.fingerprint)
        .fetch_one(&mut *conn)
        .await
        .internal("saving a card")?,
    };
    row.try_get(0).internal("card id")
}

pub async fn payment_methods(db: &Db, account: AccountId) -> AppResult<Vec<PaymentMethodView>> {
    let rows = sqlx::query(
        "SELECT id, brand, last4, exp_month, exp_year FROM payment_methods WHERE account_id = $1 ORDER BY id DESC",
    )
    .bind(account.0)
    .fetch_all(&db.pool)
    .await
    .internal("listing payment methods")?;
    rows.iter()
        .map(|r| -> Result<PaymentMethodView, sqlx::Error> {
            Ok(PaymentMethodView {
                id: PaymentMethodId(r.try_get("id")?),
                brand: r.try_get("brand")?,
                last4: r.try_get("last4")?,
                exp_month: u32::try_from(r.try_get::<i64, _>("exp_month")?).unwrap_or(1),
                exp_year: i32::try_from(r.try_get::<i64, _>("exp_year")?).unwrap_or(2000),
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading payment methods")
}

#[async_trait]
impl ProfileService for Profile {
    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn profile(&self, account: AccountId) -> AppResult<ProfileView> {
        let row = sqlx::query(
            "SELECT a.name, a.email, n.order_updates, n.price_drops, n.back_in_stock, n.promotions
             FROM accounts a LEFT JOIN notification_prefs n ON n.account_id = a.id WHERE a.id = $1",
        )
        .bind(account.0)
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the profile")?;
        let flag = |i: usize| -> AppResult<Option<bool>> {
            Ok(row
                .try_get::<Option<i64>, _>(i)
                .internal("preference")?
                .map(|v| v != 0))
        };
        let defaults = NotificationPrefs::default();
        Ok(ProfileView {
            name: row.try_get("name").internal("name")?,
            email: row.try_get("email").internal("email")?,
            prefs: NotificationPrefs {
                order_updates: flag(2)?.unwrap_or(defaults.order_updates),
                price_drops: flag(3)?.unwrap_or(defaults.price_drops),
                back_in_stock: flag(4)?.unwrap_or(defaults.back_in_stock),
                promotions: flag(5)?.unwrap_or(defaults.promotions),
            },
        })
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn rename(&self, account: AccountId, name: DisplayName) -> AppResult<ProfileView> {
        sqlx::query("UPDATE accounts SET name = $2 WHERE id = $1")
            .bind(account.0)
            .bind(name.as_str())
            .execute(&self.db.pool)
            .await
            .internal("renaming")?;
        self.profile(account).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn set_prefs(
        &self,
        account: AccountId,
        prefs: NotificationPrefs,
    ) -> AppResult<ProfileView> {
        sqlx::query(
            "INSERT INTO notification_prefs (account_id, order_updates, price_drops, back_in_stock, promotions)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO UPDATE SET
             order_updates = excluded.order_updates, price_drops = excluded.price_drops,
             back_in_stock = excluded.back_in_stock, promotions = excluded.promotions",
        )
        .bind(account.0)
        .bind(i64::from(prefs.order_updates))
        .bind(i64::from(prefs.price_drops))
        .bind(i64::from(prefs.back_in_stock))
        .bind(i64::from(prefs.promotions))
        .execute(&self.db.pool)
        .await
        .internal("saving preferences")?;
        self.profile(account).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn addresses(&self, account: AccountId) -> AppResult<Vec<AddressView>> {
        addresses(&self.db, account).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn save_address(
        &self,
        account: AccountId,
        id: Option<AddressId>,
        address: Address,
        make_default: bool,
    ) -> AppResult<AddressView> {
        let a = address.fields();
        let mut tx = self.db.begin().await.internal("starting an address save")?;
        let id = match id {
            Some(id) => {
                let changed = sqlx::query(
                    "UPDATE addresses SET full_name = $3, line1 = $4, line2 = $5, city = $6, region = $7,
                     postal_code = $8, country = $9, phone = $10 WHERE id = $1 AND account_id = $2",
                )
                .bind(id.0)
                .bind(account.0)
                .bind(&a.full_name)
                .bind(&a.line1)
                .bind(&a.line2)
                .bind(&a.city)
                .bind(&a.region)
                .bind(&a.postal_code)
                .bind(&a.country)
                .bind(&a.phone)
                .execute(&mut *tx)
                .await
                .internal("updating an address")?
                .rows_affected();
                if changed == 0 {
                    return Err(AppError::not_found("address"));
                }
                id.0
            }
            None => {
                let count: i64 =
                    sqlx::query("SELECT COUNT(*) FROM addresses WHERE account_id = $1")
                        .bind(account.0)
                        .fetch_one(&mut *tx)
                        .await
                        .internal("counting addresses")?
                        .try_get(0)
                        .internal("count")?;
                if count >= MAX_ADDRESSES {
                    return Err(AppError::validation(
                        "address",
                        format!("You can keep up to {MAX_ADDRESSES} addresses. Delete one first."),
                    ));
                }
                sqlx::query(
                    "INSERT INTO addresses (account_id, full_name, line1, line2, city, region, postal_code, country, phone, is_default, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(account.0)
                .bind(&a.full_name)
                .bind(&a.line1)
                .bind(&a.line2)
                .bind(&a.city)
                .bind(&a.region)
                .bind(&a.postal_code)
                .bind(&a.country)
                .bind(&a.phone)
                .bind(i64::from(count == 0))
                .bind(self.clock.now_ms())
                .fetch_one(&mut *tx)
                .await
                .internal("adding an address")?
                .try_get(0)
                .internal("address id")?
            }
        };
        if make_default {
            sqlx::query(
                "UPDATE addresses SET is_default = CASE WHEN id = $2 THEN 1 ELSE 0 END WHERE account_id = $1",
            )
            .bind(account.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .internal("choosing the default address")?;
        }
        tx.commit().await.internal("saving an address")?;
        addresses(&self.db, account)
            .await?
            .into_iter()
            .find(|v| v.id.0 == id)
            .ok_or(AppError::Internal)
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn delete_address(&self, account: AccountId, id: AddressId) -> AppResult<()> {
        let gone = sqlx::query("DELETE FROM addresses WHERE id = $1 AND account_id = $2")
            .bind(id.0)
            .bind(account.0)
            .execute(&self.db.pool)
            .await
            .internal("deleting an address")?
            .rows_affected();
        if gone == 0 {
            return Err(AppError::not_found("address"));
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn payment_methods(&self, account: AccountId) -> AppResult<Vec<PaymentMethodView>> {
        payment_methods(&self.db, account).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn save_payment_method(
        &self,
        account: AccountId,
        card: CardToken,
    ) -> AppResult<PaymentMethodView> {
        // Only a token the gateway issued, with what it says about the card.
        let known = self
            .gateway
            .card(&card.token)
            .await?
            .ok_or_else(|| AppError::validation("card", "Enter the card details again."))?;
        let mut tx = self.db.begin().await.internal("starting to save a card")?;
        let id = save_card(&mut tx, account, &known, self.clock.now_ms()).await?;
        tx.commit().await.internal("committing a saved card")?;
        payment_methods(&self.db, account)
            .await?
            .into_iter()
            .find(|m| m.id.0 == id)
            .ok_or(AppError::Internal)
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn delete_payment_method(
        &self,
        account: AccountId,
        id: PaymentMethodId,
    ) -> AppResult<()> {
        let gone = sqlx::query("DELETE FROM payment_methods WHERE id = $1 AND account_id = $2")
            .bind(id.0)
            .bind(account.0)
            .execute(&self.db.pool)
            .await
            .internal("deleting a card")?
            .rows_affected();
        if gone == 0 {
            return Err(AppError::not_found("card"));
        }
        Ok(())
    }
}
