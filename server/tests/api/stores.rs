//! Store onboarding: the seller's profile and payout details, the admin's review
//! (approve, or reject with a reason), and who may do what.

use crate::helpers::*;
use serde_json::{Value, json};

fn profile(iban: &str) -> Value {
    json!({"profile": {"name": "Harbor Goods", "description": "Things for the sea.",
        "contact_email": "help@harbor.example", "ships_from": "US",
        "payout_holder": "Harbor Goods LLC", "payout_iban": iban}})
}

#[tokio::test]
async fn a_new_store_completes_its_profile_and_an_admin_rejects_then_approves_it() {
    on_each_database(|app| async move {
        let seller = app.signed_in_as("seller").await;
        let admin = app.signed_in_as("admin").await;
        let buyer = app.signed_in_as("buyer").await;
        let mine: Value = app
            .get(&seller, "/api/console/store_profile")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["store"]["status"], "pending");
        let id = mine["store"]["id"].as_i64().unwrap();

        // A mistyped IBAN is refused with its field; nothing is saved.
        let res = app
            .post_json(
                &seller,
                "console/save_store_profile",
                profile("DE89 3704 0044 0532 0130 01"),
            )
            .await;
        assert_eq!(res.status(), 422);
        let error: Value = res.json().await.unwrap();
        assert_eq!(error["Validation"]["field"], "payout_iban");
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM stores WHERE id = {id} AND payout_iban <> ''"
            ))
            .await,
            0
        );
        let res = app
            .post_json(
                &seller,
                "console/save_store_profile",
                profile("DE89 3704 0044 0532 0130 00"),
            )
            .await;
        assert_eq!(res.status(), 200);
        let saved: Value = res.json().await.unwrap();
        assert_eq!(saved["payout_on_file"], "DE•••• 3000");
        assert_eq!(saved["draft"]["payout_iban"], "");
        // Saving again with the IBAN left empty keeps it.
        let res = app
            .post_json(&seller, "console/save_store_profile", profile(""))
            .await;
        assert_eq!(
            res.json::<Value>().await.unwrap()["payout_on_file"],
            "DE•••• 3000"
        );

        // Only admins see and review the queue.
        assert_eq!(
            app.get(&buyer, "/api/admin/pending_stores").await.status(),
            403
        );
        assert_eq!(
            app.get(&seller, "/api/admin/pending_stores").await.status(),
            403
        );
        assert_eq!(
            app.get(&client(), "/api/admin/pending_stores")
                .await
                .status(),
            401
        );
        for who in [&buyer, &seller] {
            let res = app
                .post(
                    who,
                    "admin/review_store",
                    &[("id", &id.to_string()), ("approve", "true"), ("reason", "")],
                )
                .await;
            assert_eq!(res.status(), 403);
        }
        let queue: Value = app
            .get(&admin, "/api/admin/pending_stores")
            .await
            .json()
            .await
            .unwrap();
        let entry = queue
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(entry["has_payout"], true);
        assert_eq!(entry["name"], "Harbor Goods");

        // A rejection needs a reason; the seller reads it and saving asks again.
        let res = app
            .post(
                &admin,
                "admin/review_store",
                &[
                    ("id", &id.to_string()),
                    ("approve", "false"),
                    ("reason", " "),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let res = app
            .post(
                &admin,
                "admin/review_store",
                &[
                    ("id", &id.to_string()),
                    ("approve", "false"),
                    ("reason", "The contact email bounces"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let mine: Value = app
            .get(&seller, "/api/console/store_profile")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["store"]["status"], "rejected");
        assert_eq!(mine["review_note"], "The contact email bounces");
        app.post_json(&seller, "console/save_store_profile", profile(""))
            .await;
        let mine: Value = app
            .get(&seller, "/api/console/store_profile")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["store"]["status"], "pending");

        let res = app
            .post(
                &admin,
                "admin/review_store",
                &[("id", &id.to_string()), ("approve", "true"), ("reason", "")],
            )
            .await;
        assert_eq!(res.status(), 200);
        let mine: Value = app
            .get(&seller, "/api/console/store_profile")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["store"]["status"], "verified");
        // Reviewing twice is refused.
        let res = app
            .post(
                &admin,
                "admin/review_store",
                &[
                    ("id", &id.to_string()),
                    ("approve", "false"),
                    ("reason", "late"),
                ],
            )
            .await;
        assert_eq!(res.status(), 409);
    })
    .await;
}

#[tokio::test]
async fn a_store_shows_the_logo_it_uploaded_and_cannot_take_another_stores_image() {
    on_each_database(|app| async move {
        let (seller, _) = verified_seller(&app).await;
        let (status, body) = upload(&app, &seller, png(300, 40)).await;
        assert_eq!(status, 201, "{body}");
        let key = serde_json::from_str::<Value>(&body).unwrap()["key"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut draft = profile("DE89 3704 0044 0532 0130 00");
        draft["profile"]["logo"] = json!(key);
        let res = app
            .post_json(&seller, "console/save_store_profile", draft.clone())
            .await;
        assert_eq!(res.status(), 200);
        let saved: Value = res.json().await.unwrap();
        assert_eq!(saved["draft"]["logo"], key.as_str());
        let slug = saved["store"]["slug"].as_str().unwrap().to_owned();
        let page: Value = app
            .get(&client(), &format!("/api/store_page?slug={slug}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["logo"]["key"], key.as_str());
        let html = app
            .get(&client(), &format!("/s/{slug}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!("/img/{key}/200.webp")),
            "the store page shows the logo"
        );

        // Another store cannot use that image, nor a made-up key; its logo stays empty.
        let other = app.signed_in_as("seller").await;
        for stranger in [key.clone(), "0123456789abcdef0123456789abcdef".to_owned()] {
            let mut theirs = profile("DE89 3704 0044 0532 0130 00");
            theirs["profile"]["name"] = json!("Other Goods");
            theirs["profile"]["logo"] = json!(stranger);
            let res = app
                .post_json(&other, "console/save_store_profile", theirs)
                .await;
            assert_eq!(res.status(), 422);
            let error: Value = res.json().await.unwrap();
            assert_eq!(error["Validation"]["field"], "logo");
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM stores WHERE logo_key <> ''")
                .await,
            1
        );

        // Removing the logo puts the store's initial back.
        draft["profile"]["logo"] = json!("");
        let res = app
            .post_json(&seller, "console/save_store_profile", draft)
            .await;
        assert_eq!(res.json::<Value>().await.unwrap()["draft"]["logo"], "");
    })
    .await;
}
