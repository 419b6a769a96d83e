//! Images: one storage interface (a local directory by default), resizing to the
//! widths pages ask for, and encoding as WebP.

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
        self.root.join(&key[..2.min(key.len())]).join(key).join(format!("{width}.webp"))
    }
}

#[async_trait]
impl ImageStore for LocalImageStore {
    async fn put(&self, key: &str, width: u32, webp: Vec<u8>) -> anyhow::Result<()> {
        let path = self.path(key, width);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.with_context(|| format!("creating {}", dir.display()))?;
        }
        // Write then rename, so a reader never sees half a file.
        let tmp = path.with_extension("webp.tmp");
        tokio::fs::write(&tmp, webp).await.with_context(|| format!("writing {}", tmp.display()))?;
        tokio::fs::rename(&tmp, &path).await.context("renaming an image file")?;
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
    key.len() == 32 && key.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
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
            let height = (u64::from(img.height()) * u64::from(width) / u64::from(img.width())).max(1) as u32;
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
    Ok(Processed { key, width: img.width(), height: img.height(), files })
}

/// Decodes uploaded bytes (PNG or WebP) and checks the size limits.
pub fn decode_upload(bytes: &[u8]) -> Result<DynamicImage, String> {
    const MAX_BYTES: usize = 10 * 1024 * 1024;
    if bytes.len() > MAX_BYTES {
        return Err("Images can be at most 10 MB.".into());
    }
    let img = image::load_from_memory(bytes).map_err(|_| "That file is not a PNG or WebP image.".to_string())?;
    if img.width() < 200 || img.height() < 200 {
        return Err("Images must be at least 200 × 200 pixels.".into());
    }
    if img.width() > 6000 || img.height() > 6000 {
        return Err("Images can be at most 6000 × 6000 pixels.".into());
    }
    Ok(img)
}
