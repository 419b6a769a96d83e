//! Sign-up, sign-in, sign-out, sessions, verification, reset, rate limits.

use crate::helpers::{ClockMs, client, ok, on_each_database};

#[tokio::test]
async fn a_person_signs_up_signs_out_and_signs_in_again() {
    on_each_database(|app| async move {
        let browser = client();
        let res = app.sign_up(&browser, "ann@example.com").await;
        assert!(ok(&res), "{}: sign-up gave {}", app.db_name, res.status());
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Secure"),
            "plain-HTTP site must not set Secure: {cookie}"
        );
        assert_eq!(
            app.viewer_email(&browser).await.as_deref(),
            Some("ann@example.com")
        );

        let res = app.post(&browser, "sign_out", &[]).await;
        assert!(ok(&res));
        assert_eq!(app.viewer_email(&browser).await, None);

        let res = app
            .sign_in(&browser, "ann@example.com", "a-long-test-password")
            .await;
        assert!(ok(&res));
        assert_eq!(
            app.viewer_email(&browser).await.as_deref(),
            Some("ann@example.com")
        );
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_message_and_no_session() {
    on_each_database(|app| async move {
        app.sign_up(&client(), "ann@example.com").await;
        let browser = client();
        let res = app
            .sign_in(&browser, "ann@example.com", "not-the-password")
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("don't match"), "{body}");
        assert_eq!(app.viewer_email(&browser).await, None);
        // An unknown email gets the same answer.
        let res = app
            .sign_in(&browser, "nobody@example.com", "not-the-password")
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("don't match"));
    })
    .await;
}

#[tokio::test]
async fn duplicate_weak_or_malformed_sign_ups_store_nothing() {
    on_each_database(|app| async move {
        app.sign_up(&client(), "ann@example.com").await;
        let cases: [(&str, &str, &str, &str); 3] = [
            ("bob@example.com", "short", "Bob", "at least 10"),
            (
                "not-an-email",
                "a-long-test-password",
                "Bob",
                "email address",
            ),
            ("bob@example.com", "a-long-test-password", "   ", "name"),
        ];
        for (email, password, name, message) in cases {
            let res = app
                .post(
                    &client(),
                    "sign_up",
                    &[("name", name), ("email", email), ("password", password)],
                )
                .await;
            assert_eq!(res.status(), 422, "{email}/{password}");
            let body = res.text().await.unwrap();
            assert!(body.contains(message), "{body} should mention {message}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    })
    .await;
}

#[tokio::test]
async fn signing_up_with_a_taken_email_answers_like_any_sign_up_and_mails_the_owner() {
    on_each_database(|app| async move {
        app.sign_up(&client(), "ann@example.com").await;
        let stranger = client();
        let taken = app.sign_up_only(&stranger, "ANN@example.com").await;
        let fresh = app.sign_up_only(&client(), "newcomer@example.com").await;
        // The same status, the same redirect, the same body, and no session either way.
        assert_eq!(taken.status(), fresh.status(), "on {}", app.db_name);
        assert!(ok(&taken));
        assert_eq!(
            taken.headers().get("location"),
            fresh.headers().get("location")
        );
        assert!(taken.headers().get("set-cookie").is_none());
        assert!(fresh.headers().get("set-cookie").is_none());
        assert_eq!(taken.text().await.unwrap(), fresh.text().await.unwrap());
        assert_eq!(app.viewer_email(&stranger).await, None);
        // The owner is told; the account is untouched.
        let mail = app.last_mail("ann@example.com").await;
        assert!(mail.contains("already has one"), "{mail}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM accounts WHERE email = 'ann@example.com'")
                .await,
            1
        );
        let still = app
            .sign_in(&client(), "ann@example.com", "a-long-test-password")
            .await;
        assert!(ok(&still));
        // The newcomer is signed in by the link in their mail, once.
        let browser = client();
        let token = app.mailed_token("newcomer@example.com").await;
        let res = app
            .post(&browser, "verify_email", &[("token", &token)])
            .await;
        assert!(ok(&res));
        assert_eq!(
            app.viewer_email(&browser).await.as_deref(),
            Some("newcomer@example.com")
        );
    })
    .await;
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    on_each_database(|app| async move {
        app.sign_up(&client(), "ann@example.com").await;
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(!hash.contains("a-long-test-password"));
    })
    .await;
}

#[tokio::test]
async fn a_session_expires_after_its_lifetime() {
    on_each_database(|app| async move {
        let browser = client();
        app.sign_up(&browser, "ann@example.com").await;
        app.clock.advance(chrono::Duration::days(29));
        assert!(app.viewer_email(&browser).await.is_some());
        app.clock.advance(chrono::Duration::days(2));
        assert_eq!(app.viewer_email(&browser).await, None);
        // The expired session is cleaned up by the hourly job.
        let pruned = server::jobs::prune_expired(&app.state.db, app.clock.now_ms_for_tests())
            .await
            .unwrap();
        assert!(pruned >= 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    })
    .await;
}

#[tokio::test]
async fn the_verification_link_verifies_the_email_once() {
    on_each_database(|app| async move {
        let browser = client();
        app.sign_up_only(&browser, "ann@example.com").await;
        let mail = app.last_mail("ann@example.com").await;
        let token = mail.split("token=").nth(1).unwrap().trim().to_owned();
        let res = app
            .post(&browser, "verify_email", &[("token", &token)])
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            app.viewer_email(&browser).await.as_deref(),
            Some("ann@example.com"),
            "the link signs the account in"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM accounts WHERE email_verified_at IS NOT NULL")
                .await,
            1
        );
        let again = app
            .post(&browser, "verify_email", &[("token", &token)])
            .await;
        assert_eq!(again.status(), 422);
        assert!(
            again
                .text()
                .await
                .unwrap()
                .contains("expired or was already used")
        );
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_changes_the_password_and_signs_out_everywhere() {
    on_each_database(|app| async move {
        let phone = client();
        app.sign_up(&phone, "ann@example.com").await;
        let res = app
            .post(
                &client(),
                "request_password_reset",
                &[("email", "ann@example.com")],
            )
            .await;
        assert_eq!(res.status(), 200);
        // An unknown address gets the same answer and no mail.
        let res = app
            .post(
                &client(),
                "request_password_reset",
                &[("email", "nobody@example.com")],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM email_outbox WHERE to_email = 'nobody@example.com'")
                .await,
            0
        );

        let mail = app.last_mail("ann@example.com").await;
        assert!(mail.contains("/reset-password?token="), "{mail}");
        let token = mail.split("token=").nth(1).unwrap().trim().to_owned();
        let weak = app
            .post(
                &client(),
                "reset_password",
                &[("token", &token), ("password", "short")],
            )
            .await;
        assert_eq!(weak.status(), 422);
        let res = app
            .post(
                &client(),
                "reset_password",
                &[("token", &token), ("password", "a-brand-new-password")],
            )
            .await;
        assert_eq!(res.status(), 200);

        assert_eq!(app.viewer_email(&phone).await, None, "old sessions end");
        let old = app
            .sign_in(&client(), "ann@example.com", "a-long-test-password")
            .await;
        assert_eq!(old.status(), 422);
        let new = app
            .sign_in(&client(), "ann@example.com", "a-brand-new-password")
            .await;
        assert!(ok(&new));
    })
    .await;
}

#[tokio::test]
async fn repeated_sign_in_attempts_are_rate_limited_per_account_and_per_ip() {
    on_each_database(|app| async move {
        app.sign_up(&client(), "ann@example.com").await;
        for _ in 0..10 {
            let res = app
                .sign_in(&client(), "ann@example.com", "wrong-password!")
                .await;
            assert_eq!(res.status(), 422);
        }
        let res = app
            .sign_in(&client(), "ann@example.com", "a-long-test-password")
            .await;
        assert_eq!(
            res.status(),
            429,
            "the 11th attempt on one account is refused"
        );
        let error: app::error::AppError = res.json().await.unwrap();
        assert_eq!(error, app::error::AppError::RateLimited);
        assert!(error.to_string().contains("Too many attempts"));

        // After the window the right password works again.
        app.clock.advance(chrono::Duration::minutes(16));
        let res = app
            .sign_in(&client(), "ann@example.com", "a-long-test-password")
            .await;
        assert!(ok(&res));

        // Per address: many accounts from one IP.
        let mut limited = false;
        for i in 0..40 {
            let res = app
                .sign_in(
                    &client(),
                    &format!("user{i}@example.com"),
                    "whatever-password",
                )
                .await;
            if res.status() == 429 {
                limited = true;
                break;
            }
        }
        assert!(limited, "per-IP limit never kicked in");
    })
    .await;
}

#[tokio::test]
async fn opening_a_store_makes_a_buyer_a_seller_once() {
    on_each_database(|app| async move {
        let browser = client();
        app.sign_up(&browser, "ann@example.com").await;
        let res = app
            .post(&browser, "open_store", &[("store_name", "Ann's Attic")])
            .await;
        assert!(ok(&res), "{}", res.status());
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM stores WHERE slug = 'ann-s-attic' AND status = 'pending'"
            )
            .await,
            1
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM accounts WHERE role = 'seller'")
                .await,
            1
        );
        let again = app
            .post(&browser, "open_store", &[("store_name", "Second Store")])
            .await;
        assert_eq!(again.status(), 409);
        let bad = app
            .post(&client(), "open_store", &[("store_name", "Nope")])
            .await;
        assert_eq!(bad.status(), 401, "a guest cannot open a store");
    })
    .await;
}

#[tokio::test]
async fn the_hourly_job_drops_old_idempotency_keys_and_product_events() {
    on_each_database(|app| async move {
        let (_, buyer) = crate::helpers::quick_buyer(&app).await;
        let (product, _) = crate::helpers::ProductBuilder::new("Enamel Pin")
            .build(&app)
            .await;
        let pool = &app.state.db.pool;
        let now = app.clock.now_ms_for_tests();
        let day = 24 * 3600 * 1000;
        for (key, age) in [("old", 8), ("fresh", 6)] {
            sqlx::query("INSERT INTO idempotency_keys (account_id, key, request_hash, response, created_at) VALUES ($1, $2, 'h', '{}', $3)")
                .bind(buyer)
                .bind(key)
                .bind(now - age * day)
                .execute(pool)
                .await
                .unwrap();
        }
        for age in [91, 89] {
            sqlx::query("INSERT INTO product_events (product_id, account_id, kind, at) VALUES ($1, NULL, 'view', $2)")
                .bind(product)
                .bind(now - age * day)
                .execute(pool)
                .await
                .unwrap();
        }
        let pruned = server::jobs::prune_expired(&app.state.db, now).await.unwrap();
        assert_eq!(pruned, 2);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'fresh'")
                .await,
            1
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM idempotency_keys").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM product_events").await, 1);
    })
    .await;
}
