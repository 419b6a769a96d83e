//! The seller's products: the list with filters, sorting and bulk actions, and the
//! product form (details, images uploaded from the computer, the size × colour variant
//! matrix, status). The form checks itself with the same rules as the server and
//! shows every problem next to its field.

use crate::api::listings::{bulk_products, save_product};
use crate::client;
use crate::domain::listing::{
    FieldError, ListingStatus, MAX_IMAGES, ProductDraft, option_values, variant_matrix,
};
use crate::error::AppError;
use crate::model::{BulkAction, CategoryView, EditableProduct, ImageRef, ProductFilter};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::files::{IMAGE_TYPES, JsFile, image_problem};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Products per bulk request: a long bulk change goes in batches and shows progress.
const BULK_BATCH: usize = 20;

/// A progress bar with its words ("Updating products: 40 of 120").
#[component]
pub(super) fn Progress(label: &'static str, done: usize, total: usize) -> impl IntoView {
    view! {
        <div class="progress-line" role="status">
            <progress max=total.max(1).to_string() value=done.to_string() aria-label=label></progress>
            <span class="small">{format!("{label}: {done} of {total}")}</span>
        </div>
    }
}

fn filter_from_query() -> Memo<ProductFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        ProductFilter {
            q: q.get("q").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            category: q.get("category").and_then(|c| c.parse().ok()).unwrap_or(0),
            stock: q.get("stock").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
        }
    })
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let filter = filter_from_query();
    let reload = RwSignal::new(0u32);
    let page = client::resource(
        move || (filter.get(), reload.get()),
        |(f, _)| crate::api::listings::products(f),
    );
    let import = RwSignal::new(ImportState::Idle);
    let bulk_message = RwSignal::new(None::<Result<String, String>>);
    let on_import = move |ev: leptos::ev::Event| {
        let (meta, handles) = JsFile::from_input(&ev);
        let (Some((name, _, size)), Some(file)) =
            (meta.into_iter().next(), handles.into_iter().next())
        else {
            return;
        };
        if size > crate::domain::catalog_csv::MAX_BYTES as f64 {
            import.set(ImportState::Refused(format!(
                "{name} is larger than 5 MB; split it into smaller files."
            )));
            return;
        }
        import.set(ImportState::Sending(name.clone()));
        leptos::task::spawn_local(async move {
            let started = file
                .send("/sell/products/import")
                .await
                .and_then(|(status, text)| {
                    if status == 202 {
                        serde_json::from_str::<serde_json::Value>(&text)
                            .ok()
                            .and_then(|v| v["operation"].as_i64())
                            .ok_or_else(|| "The import could not start; try again.".to_string())
                    } else if text.is_empty() {
                        Err("The import could not start; try again.".to_string())
                    } else {
                        Err(text)
                    }
                });
            let id = match started {
                Ok(id) => id,
                Err(message) => {
                    import.set(ImportState::Refused(format!("{name}: {message}")));
                    return;
                }
            };
            // Follow the operation until it finishes.
            loop {
                match crate::api::listings::operation(id).await {
                    Ok(op) => {
                        let finished = op.finished();
                        let created = op.import.as_ref().is_some_and(|r| r.errors.is_empty());
                        import.set(ImportState::Running(name.clone(), op));
                        if finished {
                            if created {
                                reload.update(|r| *r += 1);
                            }
                            return;
                        }
                    }
                    Err(e) => {
                        import.set(ImportState::Refused(format!("{name}: {e}")));
                        return;
                    }
                }
                client::sleep(400).await;
            }
        });
    };
    view! {
        <Title text="Products" />
        <div class="console-head">
            <h1 class="page-title">"Products"</h1>
            <span class="button-row">
                <a class="button" href="/sell/inventory">"Inventory"</a>
                <a class="button" href="/sell/products.csv" download="products.csv" rel="external">"Export CSV"</a>
                <label class="button" for="import-csv">"Import CSV"</label>
                <input id="import-csv" class="visually-hidden" type="file" accept=".csv,text/csv" on:change=on_import />
                <a class="button primary" href="/sell/products/new">"Add product"</a>
            </span>
        </div>
        <ImportPanel state=import />
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let f = filter.get_untracked();
                        view! {
                            <FilterBar filter=f categories=p.categories.clone() />
                            <ProductTable page=p reload message=bulk_message />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where a catalogue import stands in the browser.
#[derive(Debug, Clone, PartialEq)]
enum ImportState {
    Idle,
    /// The file is on its way (its name).
    Sending(String),
    /// The server is working on it, or finished.
    Running(String, crate::model::OperationView),
    /// It could not start.
    Refused(String),
}

/// The import's progress while it runs, then what it did or the rows to fix.
#[component]
fn ImportPanel(state: RwSignal<ImportState>) -> impl IntoView {
    move || match state.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Sending(name) => view! {
            <section class="panel import-panel" aria-label="CSV import">
                <h2>{format!("Importing {name}")}</h2>
                <p class="muted small" role="status">"Uploading the file…"</p>
            </section>
        }
        .into_any(),
        ImportState::Refused(message) => view! {
            <section class="panel import-panel" aria-label="CSV import">
                <p class="form-error" role="alert">{message}</p>
            </section>
        }
        .into_any(),
        ImportState::Running(name, op) => {
            let body = match (op.state.as_str(), op.import.clone()) {
                ("checking", _) => view! { <Progress label="Checking rows" done=op.done as usize total=op.total as usize /> }.into_any(),
                ("saving", _) => view! { <Progress label="Saving products" done=op.done as usize total=op.total as usize /> }.into_any(),
                ("done", Some(report)) if report.errors.is_empty() => view! {
                    <p class="notice" role="status">{format!(
                        "Imported {} rows: {} products created, {} updated, {} variants in all.",
                        report.rows, report.created, report.updated, report.variants
                    )}</p>
                }.into_any(),
                ("done", Some(report)) => view! {
                    <p class="form-error" role="alert">{format!(
                        "Nothing was imported: {} problems in {} rows. Fix these and import the file again.",
                        report.errors.len(), report.rows
                    )}</p>
                    <div class="table-wrap">
                        <table class="data-table compact import-errors">
                            <thead><tr><th scope="col" class="num">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                            <tbody>
                                {report.errors.into_iter().map(|e| view! {
                                    <tr><td class="num">{e.line}</td><td><code>{e.column}</code></td><td>{e.message}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                _ => view! { <p class="form-error" role="alert">{op.message.clone()}</p> }.into_any(),
            };
            view! {
                <section class="panel import-panel" aria-label="CSV import">
                    <div class="console-head">
                        <h2>{format!("Import of {name}")}</h2>
                        {op.finished().then(|| view! { <button type="button" class="button link" on:click=move |_| state.set(ImportState::Idle)>"Close"</button> })}
                    </div>
                    {body}
                </section>
            }.into_any()
        }
    }
}

#[component]
fn FilterBar(filter: ProductFilter, categories: Vec<CategoryView>) -> impl IntoView {
    let selected = |a: &str, b: &str| a == b;
    view! {
        <form class="filter-bar" method="get" action="/sell/products" aria-label="Product filters">
            <input type="search" name="q" value=filter.q.clone() placeholder="Title or SKU" aria-label="Search products" />
            <label>"Status "
                <select name="status">
                    <option value="" selected=filter.status.is_empty()>"Any"</option>
                    {ListingStatus::ALL.iter().map(|s| view! {
                        <option value=s.as_str() selected=selected(&filter.status, s.as_str())>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Category "
                <select name="category">
                    <option value="0">"Any"</option>
                    {categories.into_iter().map(|c| view! {
                        <option value=c.id.0.to_string() selected=filter.category == c.id.0>{c.name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Stock "
                <select name="stock">
                    <option value="" selected=filter.stock.is_empty()>"Any"</option>
                    <option value="in" selected=selected(&filter.stock, "in")>"In stock"</option>
                    <option value="out" selected=selected(&filter.stock, "out")>"Sold out variants"</option>
                </select>
            </label>
            <label>"Sort "
                <select name="sort">
                    <option value="" selected=filter.sort.is_empty()>"Recently updated"</option>
                    <option value="title" selected=selected(&filter.sort, "title")>"Title"</option>
                    <option value="price" selected=selected(&filter.sort, "price")>"Price"</option>
                    <option value="stock" selected=selected(&filter.sort, "stock")>"Stock (low first)"</option>
                </select>
            </label>
            <button type="submit" class="button">"Apply"</button>
        </form>
    }
}

#[component]
fn ProductTable(
    page: crate::model::SellerProductPage,
    reload: RwSignal<u32>,
    /// What the last bulk change did; kept by the page across reloads of the list.
    message: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<i64>::new());
    let percent = RwSignal::new(String::from("-10"));
    let bulk_progress = RwSignal::new(None::<(usize, usize)>);
    let all_ids: Vec<i64> = page.rows.iter().map(|r| r.id.0).collect();
    let run = move |action: BulkAction| {
        let ids = chosen.get_untracked();
        if ids.is_empty() {
            message.set(Some(Err("Choose products first.".into())));
            return;
        }
        #[cfg(feature = "hydrate")]
        if action == BulkAction::Delete
            && !window()
                .confirm_with_message(&format!(
                    "Delete {} products? This cannot be undone.",
                    ids.len()
                ))
                .unwrap_or(false)
        {
            return;
        }
        // In batches, so a long change shows how far it got (and, if one batch fails,
        // says exactly how many products were already changed).
        let total = ids.len();
        bulk_progress.set(Some((0, total)));
        message.set(None);
        leptos::task::spawn_local(async move {
            let mut changed = 0u64;
            let mut sent = 0usize;
            for batch in ids.chunks(BULK_BATCH) {
                let batch = batch.to_vec();
                match client::mutate(|key| bulk_products(batch.clone(), action, Some(key))).await {
                    Ok(n) => {
                        changed += n;
                        sent += batch.len();
                        bulk_progress.set(Some((sent, total)));
                    }
                    Err(e) => {
                        bulk_progress.set(None);
                        message.set(Some(Err(if sent == 0 {
                            e.to_string()
                        } else {
                            format!("Stopped after {sent} of {total} products: {e} The others were not changed.")
                        })));
                        reload.update(|r| *r += 1);
                        return;
                    }
                }
            }
            bulk_progress.set(None);
            message.set(Some(Ok(format!("{changed} of {total} products updated."))));
            chosen.set(Vec::new());
            reload.update(|r| *r += 1);
        });
    };
    if page.rows.is_empty() {
        return view! {
            <EmptyState title="No products here" body="Add your first product, or change the filters.">
                <a class="button primary" href="/sell/products/new">"Add product"</a>
            </EmptyState>
        }
        .into_any();
    }
    let all = all_ids.clone();
    view! {
        <div class="bulk-bar" role="group" aria-label="Bulk actions">
            <span class="muted small">{move || format!("{} selected", chosen.get().len())}</span>
            <button type="button" class="button" disabled=move || bulk_progress.get().is_some() on:click=move |_| run(BulkAction::Activate)>"Activate"</button>
            <button type="button" class="button" disabled=move || bulk_progress.get().is_some() on:click=move |_| run(BulkAction::Hide)>"Hide"</button>
            <button type="button" class="button danger" disabled=move || bulk_progress.get().is_some() on:click=move |_| run(BulkAction::Delete)>"Delete"</button>
            <span class="bulk-price">
                <label for="bulk-percent">"Change price by %"</label>
                <input id="bulk-percent" type="number" min="-90" max="500" class="qty-input"
                    prop:value=move || percent.get() on:input=move |ev| percent.set(event_target_value(&ev)) />
                <button type="button" class="button" on:click=move |_| {
                    match percent.get_untracked().trim().parse::<i64>() {
                        Ok(p) => run(BulkAction::PricePercent(p)),
                        Err(_) => message.set(Some(Err("Enter a whole percentage, like -10 or 15.".into()))),
                    }
                }>"Apply price change"</button>
            </span>
        </div>
        {move || bulk_progress.get().map(|(done, total)| view! { <Progress label="Updating products" done total /> })}
        {move || message.get().map(|m| match m {
            Ok(text) => view! { <p class="notice" role="status">{text}</p> }.into_any(),
            Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
        })}
        <div class="table-wrap">
            <table class="data-table">
                <thead><tr>
                    <th scope="col"><input type="checkbox" aria-label="Select all"
                        prop:checked=move || chosen.with(|c| c.len() == all.len())
                        on:change=move |ev| chosen.set(if event_target_checked(&ev) { all_ids.clone() } else { Vec::new() }) /></th>
                    <th scope="col">"Product"</th><th scope="col">"Status"</th><th scope="col">"Category"</th>
                    <th scope="col" class="num">"Price"</th><th scope="col" class="num">"Stock"</th><th scope="col">"Updated"</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|r| {
                        let id = r.id.0;
                        let price = if r.min_price == r.max_price { r.min_price.to_string() } else { format!("{} – {}", r.min_price, r.max_price) };
                        let label = format!("Select {}", r.title);
                        view! {
                            <tr>
                                <td><input type="checkbox" aria-label=label
                                    prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                    } /></td>
                                <td>
                                    <a class="product-cell" href=format!("/sell/products/{id}")>
                                        {r.image.map(|img| view! { <img src=img.url(200) alt="" width="40" height="40" loading="lazy" /> })}
                                        <span>{r.title}</span>
                                    </a>
                                </td>
                                <td><span class="badge" class:ok=r.status == ListingStatus::Active>{r.status.label()}</span></td>
                                <td>{r.category}</td>
                                <td class="num">{price}</td>
                                <td class="num" class:negative=r.stock == 0>{format!("{} ({} variants)", r.stock, r.variants)}</td>
                                <td>{r.updated_at.format("%b %-d, %Y").to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let product = client::resource(move || id.get(), crate::api::listings::product);
    view! {
        <Title text="Product" />
        <p><a href="/sell/products">"← Products"</a></p>
        <Suspense fallback=|| view! { <SkeletonLines count=10 /> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => view! { <ProductForm initial=p /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One image in the form: uploaded (a key) or on its way (a local preview).
#[derive(Clone, PartialEq)]
enum Slot {
    Stored(String),
    Uploading {
        id: u32,
        preview: String,
        name: String,
    },
}

#[component]
fn ProductForm(initial: EditableProduct) -> impl IntoView {
    let id = RwSignal::new(initial.id.map_or(0, |p| p.0));
    let slug = RwSignal::new(initial.slug.clone());
    let draft = RwSignal::new(initial.draft.clone());
    let slots = RwSignal::new(
        initial
            .draft
            .images
            .iter()
            .cloned()
            .map(Slot::Stored)
            .collect::<Vec<_>>(),
    );
    let sizes = RwSignal::new(
        option_values(
            &initial
                .draft
                .variants
                .iter()
                .map(|v| v.size.clone())
                .collect::<Vec<_>>()
                .join(","),
        )
        .join(", "),
    );
    let colors = RwSignal::new(
        option_values(
            &initial
                .draft
                .variants
                .iter()
                .map(|v| v.color.clone())
                .collect::<Vec<_>>()
                .join(","),
        )
        .join(", "),
    );
    let default_price = RwSignal::new(
        initial
            .draft
            .variants
            .first()
            .map(|v| v.price.clone())
            .unwrap_or_default(),
    );
    // Problems are shown once the seller first tries to save, then follow every edit;
    // what the server refused stays until the next edit.
    let tried = RwSignal::new(false);
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let errors = Memo::new(move |_| {
        let mut all = server_errors.get();
        if tried.get() {
            let mut d = draft.get();
            d.images = slots.with(|s| {
                s.iter()
                    .filter_map(|x| match x {
                        Slot::Stored(k) => Some(k.clone()),
                        Slot::Uploading { .. } => None,
                    })
                    .collect()
            });
            if let Err(found) = d.check() {
                for e in found {
                    if !all.contains(&e) {
                        all.push(e);
                    }
                }
            }
        }
        all
    });
    Effect::new(move |_| {
        draft.track();
        slots.track();
        server_errors.set(Vec::new());
    });
    let upload_errors = RwSignal::new(Vec::<String>::new());
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let categories = initial.categories.clone();
    let navigate = use_navigate();

    let error_for = move |field: String| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, m)| view! { <p class="field-error" role="alert">{m.clone()}</p> })
            })
        }
    };
    let invalid =
        move |field: &'static str| move || errors.with(|e| e.iter().any(|(f, _)| f == field));
    let text_field = move |field: &'static str,
                           label: &'static str,
                           get: fn(&ProductDraft) -> String,
                           set: fn(&mut ProductDraft, String),
                           hint: &'static str| {
        let input_id = format!("product-{field}");
        view! {
            <div class="field" class:field-invalid=invalid(field)>
                <label for=input_id.clone()>{label}</label>
                <input id=input_id prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
                {error_for(field.to_string())}
            </div>
        }
    };
    let build_matrix = move |_| {
        let s = option_values(&sizes.get_untracked());
        let c = option_values(&colors.get_untracked());
        let price = default_price.get_untracked();
        draft.update(|d| {
            d.variants = variant_matrix(&s, &c, &d.variants, &d.title, &price);
        });
    };
    let next_upload = StoredValue::new(0u32);
    let add_files = move |files: Vec<(String, String, f64)>, handles: Vec<JsFile>| {
        upload_errors.set(Vec::new());
        for ((name, kind, size), handle) in files.into_iter().zip(handles) {
            if slots.with_untracked(|s| s.len()) >= MAX_IMAGES {
                upload_errors.update(|e| {
                    e.push(format!(
                        "{name}: a product has at most {MAX_IMAGES} images."
                    ))
                });
                continue;
            }
            if let Some(problem) = image_problem(&name, &kind, size) {
                upload_errors.update(|e| e.push(problem));
                continue;
            }
            let ticket = next_upload.get_value() + 1;
            next_upload.set_value(ticket);
            let preview = handle.preview();
            slots.update(|s| {
                s.push(Slot::Uploading {
                    id: ticket,
                    preview,
                    name: name.clone(),
                })
            });
            leptos::task::spawn_local(async move {
                let result = handle.upload().await;
                slots.update(|s| match result {
                    Ok(key) => {
                        for slot in s.iter_mut() {
                            if matches!(slot, Slot::Uploading { id, .. } if *id == ticket) {
                                *slot = Slot::Stored(key.clone());
                            }
                        }
                    }
                    Err(ref message) => {
                        s.retain(
                            |slot| !matches!(slot, Slot::Uploading { id, .. } if *id == ticket),
                        );
                        upload_errors.update(|e| e.push(format!("{name}: {message}")));
                    }
                });
            });
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let (meta, handles) = JsFile::from_input(&ev);
        add_files(meta, handles);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let (meta, handles) = JsFile::from_drop(&ev);
        add_files(meta, handles);
    };
    let move_slot = move |from: usize, to: isize| {
        slots.update(|s| {
            if to >= 0 && (to as usize) < s.len() {
                s.swap(from, to as usize);
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        if slots.with_untracked(|s| s.iter().any(|x| matches!(x, Slot::Uploading { .. }))) {
            server_errors.set(vec![(
                "images".into(),
                "Wait for the uploads to finish.".into(),
            )]);
            return;
        }
        let mut d = draft.get_untracked();
        d.images = slots.with_untracked(|s| {
            s.iter()
                .filter_map(|x| match x {
                    Slot::Stored(k) => Some(k.clone()),
                    Slot::Uploading { .. } => None,
                })
                .collect()
        });
        tried.set(true);
        if d.check().is_err() {
            return;
        }
        server_errors.set(Vec::new());
        busy.set(true);
        let current = id.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| save_product(current, d.clone(), Some(key))).await;
            busy.set(false);
            match result {
                Ok(p) => {
                    let new_id = p.id.map_or(0, |x| x.0);
                    draft.set(p.draft);
                    slug.set(p.slug);
                    saved.set(true);
                    if current == 0 && new_id > 0 {
                        id.set(new_id);
                        navigate(
                            &format!("/sell/products/{new_id}?saved=1"),
                            Default::default(),
                        );
                    }
                }
                Err(AppError::Validation { field, message }) => {
                    server_errors.set(vec![(field.unwrap_or_else(|| "form".into()), message)]);
                }
                Err(e) => server_errors.set(vec![("form".into(), e.to_string())]),
            }
        });
    };
    let query = use_query_map();
    let just_created = move || query.read().get("saved").is_some();

    view! {
        <div class="console-head">
            <h1 class="page-title">{move || if id.get() == 0 { "New product".to_string() } else { draft.with(|d| d.title.clone()) }}</h1>
            {move || (id.get() > 0 && draft.with(|d| d.status == ListingStatus::Active)).then(|| view! {
                <a class="button" href=format!("/p/{}/{}", id.get(), slug.get()) target="_blank">"View in shop"</a>
            })}
        </div>
        {move || (saved.get() || just_created()).then(|| view! { <p class="notice" role="status">"Product saved."</p> })}
        {move || {
            let n = errors.with(Vec::len);
            (n > 0).then(|| view! {
                <p class="form-error" role="alert">{errors.with(|e| e.iter().find(|(f, _)| f == "form").map(|(_, m)| m.clone()))
                    .unwrap_or_else(|| format!("Fix the {n} {} marked below.", if n == 1 { "field" } else { "fields" }))}</p>
            })
        }}
        <form class="form product-form" on:submit=submit novalidate>
            <section class="panel">
                <h2>"Details"</h2>
                {text_field("title", "Title", |d| d.title.clone(), |d, v| d.title = v, "")}
                <div class="field" class:field-invalid=invalid("description")>
                    <label for="product-description">"Description"</label>
                    <textarea id="product-description" rows="6" prop:value=move || draft.with(|d| d.description.clone())
                        on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))></textarea>
                    <p class="field-hint">"Plain text; a blank line starts a new paragraph."</p>
                    {error_for("description".into())}
                </div>
                <div class="field" class:field-invalid=invalid("category")>
                    <label for="product-category">"Category"</label>
                    <select id="product-category" on:change=move |ev| draft.update(|d| d.category = event_target_value(&ev).parse().unwrap_or(0))>
                        {categories.iter().map(|c| {
                            let cid = c.id.0;
                            view! { <option value=cid.to_string() selected=move || draft.with(|d| d.category == cid)>{c.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    {error_for("category".into())}
                </div>
                {text_field("tags", "Tags", |d| d.tags.clone(), |d, v| d.tags = v, "Comma-separated words buyers might search for.")}
                {text_field("video_url", "Video link (optional)", |d| d.video_url.clone(), |d, v| d.video_url = v, "A https:// link to a product video.")}
            </section>

            <section class="panel" aria-labelledby="images-title">
                <h2 id="images-title">"Images"</h2>
                <div class="dropzone" class:field-invalid=invalid("images")
                    on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=on_drop>
                    <p>"Drag photos here, or "
                        <label class="button" for="product-images">"Add images"</label>
                    </p>
                    <input id="product-images" class="visually-hidden" type="file" multiple accept=IMAGE_TYPES on:change=on_pick />
                    <p class="field-hint">{format!("JPEG, PNG or WebP, at least 200 × 200 pixels, up to 10 MB each; at most {MAX_IMAGES}. The first image is the cover.")}</p>
                </div>
                {error_for("images".into())}
                {move || upload_errors.get().into_iter().map(|m| view! { <p class="field-error" role="alert">{m}</p> }).collect_view()}
                <ol class="image-slots" aria-label="Product images">
                    {move || {
                        let all = slots.get();
                        let count = all.len();
                        all.into_iter().enumerate().map(|(i, slot)| {
                            let (src, label, pending) = match &slot {
                                Slot::Stored(key) => (ImageRef { key: key.clone(), alt: String::new() }.url(200), format!("Image {}", i + 1), false),
                                Slot::Uploading { preview, name, .. } => (preview.clone(), name.clone(), true),
                            };
                            view! {
                                <li class="image-slot" class:uploading=pending>
                                    <img src=src alt=label.clone() width="120" height="120" />
                                    {pending.then(|| view! { <span class="upload-state">"Uploading…"</span> })}
                                    {(i == 0 && !pending).then(|| view! { <span class="cover-label">"Cover"</span> })}
                                    <span class="slot-buttons">
                                        <button type="button" class="icon-button" aria-label=format!("Move {label} earlier") disabled=i == 0 on:click=move |_| move_slot(i, i as isize - 1)>"←"</button>
                                        <button type="button" class="icon-button" aria-label=format!("Move {label} later") disabled=i + 1 == count on:click=move |_| move_slot(i, i as isize + 1)>"→"</button>
                                        <button type="button" class="icon-button" aria-label=format!("Remove {label}") on:click=move |_| slots.update(|s| { s.remove(i); })>"✕"</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ol>
            </section>

            <section class="panel">
                <h2>"Shipping"</h2>
                <div class="field-row">
                    {text_field("shipping", "Shipping price", |d| d.shipping.clone(), |d, v| d.shipping = v, "0 for free shipping.")}
                    {text_field("handling_days", "Handling time (days)", |d| d.handling_days.clone(), |d, v| d.handling_days = v, "Days before you ship.")}
                </div>
            </section>

            <section class="panel">
                <h2>"Stock alerts"</h2>
                <div class="field-row">
                    {text_field("low_stock", "Low-stock alert at (units)", |d| d.low_stock.clone(), |d, v| d.low_stock = v, "A variant at or below this is flagged, and you get an email.")}
                    {text_field("restock_on", "Restock date (YYYY-MM-DD, optional)", |d| d.restock_on.clone(), |d, v| d.restock_on = v, "Buyers see it on sold-out variants.")}
                </div>
            </section>

            <section class="panel" aria-labelledby="variants-title">
                <h2 id="variants-title">"Variants"</h2>
                <div class="field-row">
                    <div class="field"><label for="product-sizes">"Sizes"</label>
                        <input id="product-sizes" placeholder="S, M, L" prop:value=move || sizes.get() on:input=move |ev| sizes.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="product-colors">"Colours"</label>
                        <input id="product-colors" placeholder="Black, White" prop:value=move || colors.get() on:input=move |ev| colors.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="product-default-price">"Price for new variants"</label>
                        <input id="product-default-price" inputmode="decimal" placeholder="19.99" prop:value=move || default_price.get() on:input=move |ev| default_price.set(event_target_value(&ev)) /></div>
                </div>
                <button type="button" class="button" on:click=build_matrix>"Build variants"</button>
                {error_for("variants".into())}
                <div class="table-wrap">
                    <table class="data-table compact variant-table">
                        <thead><tr>
                            <th scope="col">"Size"</th><th scope="col">"Colour"</th><th scope="col">"SKU"</th>
                            <th scope="col">"Price"</th><th scope="col">"Compare-at"</th><th scope="col">"Stock"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th>
                        </tr></thead>
                        <tbody>
                            {move || {
                                let count = draft.with(|d| d.variants.len());
                                (0..count).map(|i| {
                                    let name = move || draft.with(|d| d.variants.get(i).map(|v| crate::model::variant_label(
                                        Some(v.size.as_str()).filter(|s| !s.is_empty()), Some(v.color.as_str()).filter(|s| !s.is_empty()))).unwrap_or_default());
                                    let cell = move |field: &'static str, get: fn(&crate::domain::listing::VariantDraft) -> String, set: fn(&mut crate::domain::listing::VariantDraft, String)| {
                                        let key = format!("variants.{i}.{field}");
                                        let key2 = key.clone();
                                        view! {
                                            <td class:field-invalid=move || errors.with(|e| e.iter().any(|(f, _)| *f == key))>
                                                <input class="cell-input" aria-label=move || format!("{} of {}", field_label(field), name())
                                                    prop:value=move || draft.with(|d| d.variants.get(i).map(get).unwrap_or_default())
                                                    on:input=move |ev| draft.update(|d| if let Some(v) = d.variants.get_mut(i) { set(v, event_target_value(&ev)) }) />
                                                {error_for(key2)}
                                            </td>
                                        }
                                    };
                                    view! {
                                        <tr>
                                            {cell("size", |v| v.size.clone(), |v, x| v.size = x)}
                                            {cell("color", |v| v.color.clone(), |v, x| v.color = x)}
                                            {cell("sku", |v| v.sku.clone(), |v, x| v.sku = x)}
                                            {cell("price", |v| v.price.clone(), |v, x| v.price = x)}
                                            {cell("compare_at", |v| v.compare_at.clone(), |v, x| v.compare_at = x)}
                                            {cell("stock", |v| v.stock.clone(), |v, x| v.stock = x)}
                                            <td><button type="button" class="icon-button" aria-label=move || format!("Remove variant {}", name())
                                                on:click=move |_| draft.update(|d| { if i < d.variants.len() { d.variants.remove(i); } })>"✕"</button></td>
                                        </tr>
                                    }
                                }).collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <button type="button" class="button" on:click=move |_| draft.update(|d| d.variants.push(crate::domain::listing::VariantDraft { stock: "0".into(), price: default_price.get_untracked(), ..Default::default() }))>"Add a variant"</button>
            </section>

            <section class="panel">
                <h2>"Status"</h2>
                <div class="radio-row" role="radiogroup" aria-label="Status">
                    {ListingStatus::ALL.iter().map(|s| {
                        let s = *s;
                        view! {
                            <label class="check"><input type="radio" name="status" prop:checked=move || draft.with(|d| d.status == s)
                                on:change=move |_| draft.update(|d| d.status = s) />" "{s.label()}</label>
                        }
                    }).collect_view()}
                </div>
                <p class="field-hint">"Drafts and hidden products are never shown to buyers. Sold-out variants leave the shop by themselves."</p>
            </section>
            <div class="button-row">
                <button type="submit" class="button primary" disabled=move || busy.get()>{move || if busy.get() { "Saving…" } else { "Save product" }}</button>
            </div>
        </form>
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "size" => "Size",
        "color" => "Colour",
        "sku" => "SKU",
        "price" => "Price",
        "compare_at" => "Compare-at price",
        _ => "Stock",
    }
}
