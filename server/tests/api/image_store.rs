//! The S3-compatible image store against a real S3 API server (s3rver, installed
//! with the npm packages). Signing itself is checked against AWS's documented
//! example in `images::sigv4`.

use server::images::{ImageStore, S3ImageStore, S3Settings};
use std::process::Stdio;
use std::time::Duration;

struct S3Server {
    child: tokio::process::Child,
    endpoint: String,
    _dir: crate::helpers::TempDir,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

async fn start_s3() -> Option<S3Server> {
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../end2end/node_modules/.bin/s3rver");
    if !bin.exists() {
        eprintln!("S3 image store: SKIPPED (run `npm ci` in end2end/ to install s3rver)");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir().join(format!("marketplace-s3-{port}"));
    let child = tokio::process::Command::new(bin)
        .args([
            "-d",
            dir.to_str().unwrap(),
            "-a",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--configure-bucket",
            "images",
            "--silent",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start s3rver");
    let endpoint = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some(S3Server {
                child,
                endpoint,
                _dir: crate::helpers::TempDir(dir),
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("s3rver did not start");
}

fn store(endpoint: &str) -> S3ImageStore {
    S3ImageStore::new(S3Settings {
        endpoint: endpoint.to_owned(),
        bucket: "images".into(),
        region: "us-east-1".into(),
        access_key: "S3RVER".into(),
        secret_key: "S3RVER".into(),
    })
}

#[tokio::test]
async fn images_round_trip_through_an_s3_compatible_bucket() {
    let Some(s3) = start_s3().await else { return };
    let store = store(&s3.endpoint);
    let key = "0123456789abcdef0123456789abcdef";
    assert_eq!(store.get(key, 400).await.unwrap(), None);
    store
        .put(key, 400, b"RIFF-webp-bytes".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.get(key, 400).await.unwrap().as_deref(),
        Some(&b"RIFF-webp-bytes"[..])
    );
    assert_eq!(store.get(key, 200).await.unwrap(), None);

    // The server's refusal (an unknown access key) is an error, and nothing is stored.
    let stranger = S3ImageStore::new(S3Settings {
        endpoint: s3.endpoint.clone(),
        bucket: "images".into(),
        region: "us-east-1".into(),
        access_key: "UNKNOWN".into(),
        secret_key: "whatever".into(),
    });
    assert!(stranger.put(key, 800, b"x".to_vec()).await.is_err());
    assert_eq!(store.get(key, 800).await.unwrap(), None);
}
