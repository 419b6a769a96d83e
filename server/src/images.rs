//! Images: one storage interface (a local directory by default), resizing to the
//! widths pages ask for, and encoding as WebP.
//!
//! **Seller uploads go through a plain route.** `POST /sell/images` takes the raw file
//! (JPEG, PNG or WebP, up to 10 MB, 200–6000 px), checks the session and the Origin
//! like any mutation, resizes it into the three WebP widths and records which store
//! uploaded it; a product can only use images its store uploaded or already had. The
//! product form checks itself with `domain::listing::ProductDraft::check`, the same
//! function the server runs, so every problem shows next to its field before anything
//! is sent.

use anyhow::Context as _;
use app::model::ImageRef;
use async_trait::async_trait;
use image::{DynamicImage, ImageFormat, imageops::FilterType};
use std::io::Cursor;
use std::path::PathBuf;

/// Where image files live. Keys are content hashes, so files never change once written.
#[async_trait]
pub trait ImageStore: Send + Sync {
    async fn put(&self, key: &str, width: u32, webp: Vec<u8>) -> anyhow::Result<()>;
    async fn get(&self, key: &str, width: u32) -> anyhow::Result<Option<Vec<u8>>>;
}

/// Images as files under a directory: `<root>/<key[0..2]>/<key>/<width>.webp`.
pub struct LocalImageStore {
    root: PathBuf,
}

impl LocalImageStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &str, width: u32) -> PathBuf {
        self.root
            .join(&key[..2.min(key.len())])
            .join(key)
            .join(format!("{width}.webp"))
    }
}

#[async_trait]
impl ImageStore for LocalImageStore {
    async fn put(&self, key: &str, width: u32, webp: Vec<u8>) -> anyhow::Result<()> {
        let path = self.path(key, width);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .with_context(|| format!("creating {}", dir.display()))?;
        }
        // Write then rename, so a reader never sees half a file. The temporary name
        // is unique: two uploads of the same image write the same key at once.
        let tmp = path.with_extension(format!("webp.{:016x}.tmp", rand::random::<u64>()));
        tokio::fs::write(&tmp, webp)
            .await
            .with_context(|| format!("writing {}", tmp.display()))?;
        tokio::fs::rename(&tmp, &path)
            .await
            .context("renaming an image file")?;
        Ok(())
    }

    async fn get(&self, key: &str, width: u32) -> anyhow::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(key, width)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).context("reading an image file"),
        }
    }
}

/// Whether `key` has the shape of an image key (so it is safe in a path).
pub fn valid_key(key: &str) -> bool {
    key.len() == 32
        && key
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// An image resized to every width of [`ImageRef::WIDTHS`] and encoded as WebP.
pub struct Processed {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub files: Vec<(u32, Vec<u8>)>,
}

/// Resizes (never enlarging past the original) and encodes. CPU-bound: call it
/// from a blocking task.
pub fn process(img: &DynamicImage) -> anyhow::Result<Processed> {
    use sha2::Digest;
    let rgba = img.to_rgba8();
    let key = hex::encode(&sha2::Sha256::digest(rgba.as_raw())[..16]);
    let mut files = Vec::new();
    for width in ImageRef::WIDTHS {
        let resized = if img.width() > width {
            let height =
                (u64::from(img.height()) * u64::from(width) / u64::from(img.width())).max(1) as u32;
            img.resize_exact(width, height, FilterType::Triangle)
        } else {
            img.clone()
        };
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(resized.to_rgba8())
            .write_to(&mut out, ImageFormat::WebP)
            .context("encoding WebP")?;
        files.push((width, out.into_inner()));
    }
    Ok(Processed {
        key,
        width: img.width(),
        height: img.height(),
        files,
    })
}

/// The largest side of an upload, in pixels.
pub const MAX_SIDE: u32 = 6000;
/// How many uploads are decoded and resized at once; more wait their turn. A
/// 6000 × 6000 image takes about 150 MB per copy while it is processed, so this
/// bounds the server's memory whatever the number of uploads in flight.
pub const DECODES_AT_ONCE: usize = 2;

static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DECODES_AT_ONCE);

/// Decodes and processes an upload off the async threads, at most
/// [`DECODES_AT_ONCE`] at a time. `Err` holds words for the seller.
pub async fn process_upload(bytes: axum::body::Bytes) -> Result<Processed, String> {
    let _permit = DECODES
        .acquire()
        .await
        .map_err(|_| "The server is shutting down.".to_string())?;
    tokio::task::spawn_blocking(move || {
        let img = decode_upload(&bytes)?;
        process(&img).map_err(|e| {
            tracing::error!(error = ?e, "processing an upload");
            "The image could not be processed.".to_string()
        })
    })
    .await
    .map_err(|_| "The image could not be processed.".to_string())?
}

/// Decodes uploaded bytes (JPEG, PNG or WebP) and checks the size limits. The
/// header is read first, so an image too large is refused before any pixel is
/// decoded, and the decoder runs with limits on size and memory.
pub fn decode_upload(bytes: &[u8]) -> Result<DynamicImage, String> {
    const MAX_BYTES: usize = 10 * 1024 * 1024;
    if bytes.len() > MAX_BYTES {
        return Err("Images can be at most 10 MB.".into());
    }
    let not_an_image = || "That file is not a JPEG, PNG or WebP image.".to_string();
    let too_large = || format!("Images can be at most {MAX_SIDE} × {MAX_SIDE} pixels.");
    let reader = || {
        image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| not_an_image())
    };
    let format = reader()?.format().ok_or_else(not_an_image)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(not_an_image());
    }
    let (width, height) = reader()?.into_dimensions().map_err(|_| not_an_image())?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(too_large());
    }
    if width < 200 || height < 200 {
        return Err("Images must be at least 200 × 200 pixels.".into());
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 4 + 64 * 1024 * 1024);
    let mut reader = reader()?;
    reader.limits(limits);
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        _ => not_an_image(),
    })?;
    Ok(img)
}

/// Images in an S3-compatible bucket (AWS S3, MinIO, R2, …), addressed path-style:
/// `<endpoint>/<bucket>/<key>/<width>.webp`, signed with AWS Signature Version 4.
pub struct S3ImageStore {
    client: reqwest::Client,
    settings: S3Settings,
}

/// Where the bucket is and how to sign for it.
#[derive(Debug, Clone)]
pub struct S3Settings {
    /// e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
}

impl S3ImageStore {
    pub fn new(settings: S3Settings) -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Self { client, settings }
    }

    fn path(&self, key: &str, width: u32) -> String {
        format!("/{}/{key}/{width}.webp", self.settings.bucket)
    }

    fn signed(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &[u8],
    ) -> anyhow::Result<reqwest::RequestBuilder> {
        let url = format!("{}{path}", self.settings.endpoint.trim_end_matches('/'));
        let host = url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .context("S3_ENDPOINT has no host")?
            .to_owned();
        let headers = sigv4::sign(
            &sigv4::Request {
                method: method.as_str(),
                host: &host,
                path,
                body,
                region: &self.settings.region,
                access_key: &self.settings.access_key,
                secret_key: &self.settings.secret_key,
                now: chrono::Utc::now(),
            },
            &[],
        );
        let mut request = self.client.request(method, url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        Ok(request)
    }
}

#[async_trait]
impl ImageStore for S3ImageStore {
    async fn put(&self, key: &str, width: u32, webp: Vec<u8>) -> anyhow::Result<()> {
        let res = self
            .signed(reqwest::Method::PUT, &self.path(key, width), &webp)?
            .header("content-type", "image/webp")
            .body(webp)
            .send()
            .await
            .context("storing an image in S3")?;
        anyhow::ensure!(
            res.status().is_success(),
            "S3 refused an image: {}",
            res.status()
        );
        Ok(())
    }

    async fn get(&self, key: &str, width: u32) -> anyhow::Result<Option<Vec<u8>>> {
        let res = self
            .signed(reqwest::Method::GET, &self.path(key, width), b"")?
            .send()
            .await
            .context("reading an image from S3")?;
        match res.status() {
            s if s.is_success() => Ok(Some(res.bytes().await?.to_vec())),
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            s => anyhow::bail!("S3 answered {s} for an image"),
        }
    }
}

/// AWS Signature Version 4 for single requests with the payload hash in a header.
pub mod sigv4 {
    use chrono::{DateTime, Utc};
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    pub struct Request<'a> {
        pub method: &'a str,
        pub host: &'a str,
        /// Already URI-encoded path (keys here are hex, so nothing needs encoding).
        pub path: &'a str,
        pub body: &'a [u8],
        pub region: &'a str,
        pub access_key: &'a str,
        pub secret_key: &'a str,
        pub now: DateTime<Utc>,
    }

    fn hmac(key: &[u8], data: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(data.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The headers to add: `x-amz-date`, `x-amz-content-sha256` and `authorization`.
    /// `extra` headers (lower-case names) are signed too and must be sent as given.
    pub fn sign(req: &Request<'_>, extra: &[(&str, &str)]) -> Vec<(&'static str, String)> {
        let amz_date = req.now.format("%Y%m%dT%H%M%SZ").to_string();
        let date = req.now.format("%Y%m%d").to_string();
        let payload = hex::encode(Sha256::digest(req.body));
        let mut headers: Vec<(&str, &str)> = vec![
            ("host", req.host),
            ("x-amz-content-sha256", &payload),
            ("x-amz-date", &amz_date),
        ];
        headers.extend_from_slice(extra);
        headers.sort_by_key(|(name, _)| *name);
        let canonical_headers: String = headers
            .iter()
            .map(|(n, v)| format!("{n}:{}\n", v.trim()))
            .collect();
        let signed_headers = headers
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(";");
        let canonical = format!(
            "{}\n{}\n\n{canonical_headers}\n{signed_headers}\n{payload}",
            req.method, req.path
        );
        let scope = format!("{date}/{}/s3/aws4_request", req.region);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex::encode(Sha256::digest(canonical))
        );
        let k_date = hmac(format!("AWS4{}", req.secret_key).as_bytes(), &date);
        let k_region = hmac(&k_date, req.region);
        let k_service = hmac(&k_region, "s3");
        let k_signing = hmac(&k_service, "aws4_request");
        let signature = hex::encode(hmac(&k_signing, &to_sign));
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            req.access_key
        );
        vec![
            ("x-amz-date", amz_date),
            ("x-amz-content-sha256", payload),
            ("authorization", authorization),
        ]
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        /// The worked "GET Object" example of the AWS Signature Version 4 documentation.
        #[test]
        fn signs_the_aws_documentation_example() {
            let headers = sign(
                &Request {
                    method: "GET",
                    host: "examplebucket.s3.amazonaws.com",
                    path: "/test.txt",
                    body: b"",
                    region: "us-east-1",
                    access_key: "AKIAIOSFODNN7EXAMPLE",
                    secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    now: Utc.with_ymd_and_hms(2013, 5, 24, 0, 0, 0).unwrap(),
                },
                &[("range", "bytes=0-9")],
            );
            let authorization = &headers
                .iter()
                .find(|(n, _)| *n == "authorization")
                .unwrap()
                .1;
            assert_eq!(
                authorization,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
                 SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
                 Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
            );
        }
    }
}
