//! Every server function authorises: roles, and Origin on mutations.

use crate::helpers::{client, ok, on_each_database};

#[tokio::test]
async fn buyers_and_guests_cannot_call_seller_or_admin_functions() {
    on_each_database(|app| async move {
        let guest = client();
        let buyer = app.signed_in_as("buyer").await;
        let seller = app.signed_in_as("seller").await;
        let admin = app.signed_in_as("admin").await;
        let expectations = [
            ("/api/console/overview", &guest, 401),
            ("/api/console/overview", &buyer, 403),
            ("/api/console/overview", &admin, 403),
            ("/api/console/overview", &seller, 200),
            ("/api/admin/overview", &guest, 401),
            ("/api/admin/overview", &buyer, 403),
            ("/api/admin/overview", &seller, 403),
            ("/api/admin/overview", &admin, 200),
        ];
        for (path, who, status) in expectations {
            let res = app.get(who, path).await;
            assert_eq!(res.status(), status, "{path} on {}", app.db_name);
        }
    })
    .await;
}

#[tokio::test]
async fn a_foreign_origin_is_refused_and_changes_nothing() {
    on_each_database(|app| async move {
        let res = client()
            .post(format!("{}/api/sign_up", app.addr))
            .header("Origin", "https://evil.example")
            .form(&[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", "a-long-test-password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 0);

        // The same request from the site itself works.
        let res = app
            .post(
                &client(),
                "sign_up",
                &[
                    ("name", "Eve"),
                    ("email", "eve@example.com"),
                    ("password", "a-long-test-password"),
                ],
            )
            .await;
        assert!(ok(&res));
    })
    .await;
}

#[tokio::test]
async fn mutating_functions_refuse_get() {
    on_each_database(|app| async move {
        let res = app.get(&client(), "/api/sign_out").await;
        assert!(
            res.status() == 405 || res.status() == 400 || res.status() == 404,
            "GET sign_out gave {}",
            res.status()
        );
        let res = app
            .get(
                &client(),
                "/api/sign_up?name=A&email=a%40example.com&password=a-long-test-password",
            )
            .await;
        assert_ne!(res.status(), 200);
        assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 0);
    })
    .await;
}
