//! The demo accounts every seeded database has (README › Demo sign-ins).

pub const DEMO_PASSWORD: &str = "demo-password";
pub const DEMO_BUYER: &str = "buyer@demo.shop";
pub const DEMO_SELLER: &str = "seller@demo.shop";
pub const DEMO_ADMIN: &str = "admin@demo.shop";

/// The demo seller's store.
pub async fn demo_store(pool: &sqlx::AnyPool) -> anyhow::Result<app::domain::StoreId> {
    use crate::storage::Row;
    let id: i64 = sqlx::query(
        "SELECT s.id FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE a.email = $1",
    )
    .bind(DEMO_SELLER)
    .fetch_one(pool)
    .await?
    .try_get("id")?;
    Ok(app::domain::StoreId(id))
}
