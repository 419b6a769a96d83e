//! The storage layer's guarantees.

use crate::helpers::{ProductBuilder, on_each_database};

#[tokio::test]
async fn stock_never_goes_below_zero() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Mug").stock(3).build(&app).await;
        let res = sqlx::query("UPDATE variants SET stock = stock - 5 WHERE id = $1")
            .bind(variant)
            .execute(&app.state.db.pool)
            .await;
        assert!(
            res.is_err(),
            "the CHECK constraint must refuse negative stock on {}",
            app.db_name
        );
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {variant}"))
                .await,
            3
        );

        // The conditional decrement takes what is there and no more.
        let done =
            sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                .bind(3_i64)
                .bind(variant)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(done.rows_affected(), 1);
        let again =
            sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                .bind(1_i64)
                .bind(variant)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(again.rows_affected(), 0);
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {variant}"))
                .await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn migrations_are_idempotent() {
    on_each_database(|app| async move {
        app.state
            .db
            .migrate()
            .await
            .expect("running migrations twice is harmless");
        assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 0);
    })
    .await;
}
