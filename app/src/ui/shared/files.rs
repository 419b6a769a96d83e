//! Files a person picks or drops in the browser (product photos, dispute documents,
//! photos on a ticket), and sending them to the server.

/// The file types `/sell/images` takes, for a file input's `accept`.
pub const IMAGE_TYPES: &str = "image/jpeg,image/png,image/webp";

/// Why `/sell/images` would refuse this file (its type and size as the browser
/// reports them), said before anything is sent.
pub fn image_problem(name: &str, kind: &str, size: f64) -> Option<String> {
    if !IMAGE_TYPES.split(',').any(|t| t == kind) {
        Some(format!("{name}: choose a JPEG, PNG or WebP image."))
    } else if size > 10.0 * 1024.0 * 1024.0 {
        Some(format!("{name}: images can be at most 10 MB."))
    } else {
        None
    }
}

/// A file picked or dropped in the browser (nothing on the server).
pub struct JsFile {
    #[cfg(feature = "hydrate")]
    file: web_sys::File,
}

impl JsFile {
    /// The files of a file input's change event: (name, type, size) and handles.
    pub fn from_input(ev: &leptos::ev::Event) -> (Vec<(String, String, f64)>, Vec<JsFile>) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: Option<web_sys::HtmlInputElement> =
                ev.target().and_then(|t| t.dyn_into().ok());
            let files = input.as_ref().and_then(|i| i.files());
            let out = Self::collect(files);
            if let Some(i) = input {
                i.set_value("");
            }
            out
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            (Vec::new(), Vec::new())
        }
    }

    pub fn from_drop(ev: &leptos::ev::DragEvent) -> (Vec<(String, String, f64)>, Vec<JsFile>) {
        #[cfg(feature = "hydrate")]
        {
            Self::collect(ev.data_transfer().and_then(|d| d.files()))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            (Vec::new(), Vec::new())
        }
    }

    #[cfg(feature = "hydrate")]
    fn collect(files: Option<web_sys::FileList>) -> (Vec<(String, String, f64)>, Vec<JsFile>) {
        let mut meta = Vec::new();
        let mut handles = Vec::new();
        if let Some(list) = files {
            for i in 0..list.length() {
                if let Some(file) = list.get(i) {
                    meta.push((file.name(), file.type_(), file.size()));
                    handles.push(JsFile { file });
                }
            }
        }
        (meta, handles)
    }

    /// A local URL showing the file before it is uploaded.
    pub fn preview(&self) -> String {
        #[cfg(feature = "hydrate")]
        {
            web_sys::Url::create_object_url_with_blob(&self.file).unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        String::new()
    }

    /// Sends the file to `/sell/images` (a seller's product photos and documents);
    /// the stored image's key, or the server's words.
    pub async fn upload(self) -> Result<String, String> {
        self.upload_to("/sell/images").await
    }

    /// Sends the file to `/help/images` (photos on a ticket, any signed-in account).
    pub async fn upload_photo(self) -> Result<String, String> {
        self.upload_to("/help/images").await
    }

    async fn upload_to(self, path: &str) -> Result<String, String> {
        let failed = || "The upload failed; check your connection and try again.".to_string();
        let (status, text) = self.send(path).await?;
        if status == 201 {
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["key"].as_str().map(str::to_owned))
                .ok_or_else(failed)
        } else if text.is_empty() {
            Err(failed())
        } else {
            Err(text)
        }
    }

    /// POSTs the file as the body to `path`: the status and the answer's text.
    pub async fn send(self, path: &str) -> Result<(u16, String), String> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            use wasm_bindgen_futures::JsFuture;
            let failed = || "The upload failed; check your connection and try again.".to_string();
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&self.file);
            let headers = web_sys::Headers::new().map_err(|_| failed())?;
            let _ = headers.set("Content-Type", &self.file.type_());
            init.set_headers(&headers);
            let response =
                JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(path, &init))
                    .await
                    .map_err(|_| failed())?;
            let response: web_sys::Response = response.dyn_into().map_err(|_| failed())?;
            let text = JsFuture::from(response.text().map_err(|_| failed())?)
                .await
                .map_err(|_| failed())?
                .as_string()
                .unwrap_or_default();
            Ok((response.status(), text))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = path;
            Err("Uploads happen in the browser.".into())
        }
    }
}
