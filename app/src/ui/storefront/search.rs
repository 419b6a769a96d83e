use crate::api::catalog::{search_products, suggest};
use crate::client;
use crate::domain::search::{ORIGINS, SearchParams, SearchSort};
use crate::ui::kit::{EmptyState, SkeletonGrid};
use crate::ui::shared::ProductGrid;
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

/// `/search?q=…&category=…&min=…&max=…&rating=…&sale=1&from=CN&stock=all&sort=…&after=…`, and the
/// category pages `/c/{slug}`, which are the same search with the category fixed.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let path = use_params_map();
    let fixed_category = move || path.read().get("slug");
    let params = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        SearchParams {
            q: get("q").unwrap_or_default(),
            category: fixed_category().or_else(|| get("category")),
            min: get("min"),
            max: get("max"),
            rating: get("rating"),
            sale: get("sale"),
            from: get("from"),
            stock: get("stock"),
            sort: get("sort"),
        }
    });
    let after = move || query.read().get("after").filter(|v| !v.is_empty());
    // One resource for the page, so the server render waits on a single future; the
    // "did you mean" ideas of an empty result are part of it (a resource created
    // inside a <Suspense> can leave the server's response hanging).
    let page = client::resource(
        move || (params.get(), after()),
        |(p, after)| async move {
            let q = p.q.clone();
            let results = search_products(p, after).await;
            let no_results = results.as_ref().is_ok_and(|r| r.cards.is_empty());
            let ideas = if no_results && !q.trim().is_empty() {
                suggest(q).await.unwrap_or_default()
            } else {
                Vec::new()
            };
            (
                crate::api::catalog::categories().await.unwrap_or_default(),
                results,
                ideas,
            )
        },
    );
    view! {
        <Suspense fallback=|| view! { <h1 class="page-title">"Search"</h1><SkeletonGrid count=8 /> }>
            {move || Suspend::new(async move {
                let (categories, results, ideas) = page.await;
                let p = params.get_untracked();
                let category_name = p.category.as_ref().and_then(|slug| categories.iter().find(|c| &c.slug == slug)).map(|c| c.name.clone());
                let heading = match (p.q.trim().is_empty(), category_name) {
                    (true, Some(name)) => name,
                    (true, None) => "Search".to_string(),
                    (false, _) => format!("Results for “{}”", p.q.trim()),
                };
                let fixed = fixed_category().is_some();
                let body = match results {
                    Ok(page) if page.cards.is_empty() => view! { <NoResults ideas /> }.into_any(),
                    Ok(page) => {
                        let more = page.next.map(|cursor| {
                            let mut href = query.with_untracked(|q| {
                                q.to_query_string().replace("?", "").split('&')
                                    .filter(|kv| !kv.starts_with("after=") && !kv.is_empty())
                                    .map(str::to_owned).collect::<Vec<_>>()
                            });
                            href.push(format!("after={cursor}"));
                            format!("?{}", href.join("&"))
                        });
                        view! {
                            // The cards' titles are third-level headings.
                            <h2 class="visually-hidden">"Products"</h2>
                            <ProductGrid cards=page.cards />
                            {more.map(|href| view! { <p class="feed-more"><a class="button" href=href>"More results"</a></p> })}
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                };
                // Browsing without words: every category, the current one marked.
                let chips = p.q.trim().is_empty().then(|| {
                    let current = p.category.clone();
                    view! {
                        <nav class="category-chips" aria-label="Categories">
                            {categories.iter().map(|c| view! {
                                <a class="chip" href=format!("/c/{}", c.slug)
                                    aria-current=(current.as_deref() == Some(c.slug.as_str())).then_some("page")>
                                    {c.name.clone()}
                                </a>
                            }).collect_view()}
                        </nav>
                    }
                });
                view! {
                    <Title text=heading.clone() />
                    <h1 class="page-title">{heading}</h1>
                    {chips}
                    <Filters params=p categories=(!fixed).then_some(categories) />
                    {body}
                }
            })}
        </Suspense>
    }
}

/// The fields of the filter form, in the order the URL lists them.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const FIELDS: [&str; 9] = [
    "q", "category", "min", "max", "rating", "from", "stock", "sale", "sort",
];

/// The filter and sort form; a GET form, so it works without JavaScript and the URL
/// holds every choice. In the browser it navigates in the app, with only the fields
/// that are set in the URL. On a phone it waits behind a "Filters" button (a checkbox,
/// so it opens without JavaScript too) and the results come first.
#[component]
fn Filters(
    params: SearchParams,
    categories: Option<Vec<crate::model::CategoryView>>,
) -> impl IntoView {
    let p = params;
    let sort = p
        .sort
        .as_deref()
        .map(SearchSort::from_param)
        .unwrap_or_default();
    let active = [
        p.category.is_some() && categories.is_some(),
        p.min.is_some(),
        p.max.is_some(),
        p.rating.is_some(),
        p.from.is_some(),
        p.stock.is_some(),
        p.sale.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    let navigate = use_navigate();
    let location = use_location();
    // The phone's filter panel: closed again once the choices are applied (the box is
    // left alone otherwise, so a tap before hydration keeps it open).
    let toggle = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = toggle.get_untracked() {
            el.set_checked(false);
        }
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            ev.prevent_default();
            let query: Vec<String> = FIELDS
                .iter()
                .filter_map(|name| {
                    let value = data.get(name).as_string()?;
                    let value = value.trim();
                    (!value.is_empty())
                        .then(|| format!("{name}={}", crate::domain::urlencode(value)))
                })
                .collect();
            let path = location.pathname.get_untracked();
            navigate(&format!("{path}?{}", query.join("&")), Default::default());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &navigate, location.pathname, toggle);
    };
    view! {
        <input type="checkbox" id="filters-toggle" class="filters-toggle visually-hidden" node_ref=toggle />
        <label for="filters-toggle" class="button filters-button">
            {if active > 0 { format!("Filters · {active}") } else { "Filters".to_string() }}
        </label>
        <form method="GET" class="filters" aria-label="Filters" on:submit=submit>
            <input type="hidden" name="q" value=p.q.clone() />
            {categories.map(|cs| view! {
                <label class="filter">
                    <span>"Category"</span>
                    <select name="category">
                        <option value="">"All categories"</option>
                        {cs.into_iter().map(|c| {
                            let selected = p.category.as_deref() == Some(c.slug.as_str());
                            view! { <option value=c.slug.clone() selected=selected>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <label class="filter filter-price">
                <span>"Min price"</span>
                <input type="text" inputmode="decimal" name="min" placeholder="$" value=p.min.clone().unwrap_or_default() />
            </label>
            <label class="filter filter-price">
                <span>"Max price"</span>
                <input type="text" inputmode="decimal" name="max" placeholder="$" value=p.max.clone().unwrap_or_default() />
            </label>
            <label class="filter">
                <span>"Rating"</span>
                <select name="rating">
                    <option value="">"Any rating"</option>
                    {[4, 3, 2].into_iter().map(|r| view! {
                        <option value=r.to_string() selected=p.rating.as_deref() == Some(r.to_string().as_str())>
                            {format!("{r} stars & up")}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>"Ships from"</span>
                <select name="from">
                    <option value="">"Anywhere"</option>
                    {ORIGINS.into_iter().map(|(code, name)| view! {
                        <option value=code selected=p.from.as_deref().is_some_and(|f| f.eq_ignore_ascii_case(code))>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>"Availability"</span>
                <select name="stock">
                    <option value="">"In stock"</option>
                    <option value="all" selected=p.stock.as_deref() == Some("all")>"Include sold out"</option>
                </select>
            </label>
            <label class="filter filter-check">
                <input type="checkbox" name="sale" value="1" checked=p.sale.is_some() />
                <span>"On sale"</span>
            </label>
            <label class="filter">
                <span>"Sort by"</span>
                <select name="sort">
                    {SearchSort::ALL.into_iter().map(|s| view! {
                        <option value=s.param() selected=sort == s>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Apply"</button>
        </form>
    }
}

#[component]
fn NoResults(ideas: Vec<String>) -> impl IntoView {
    view! {
        <EmptyState title="No matches" body="Try fewer words, another spelling or fewer filters.">
            {(!ideas.is_empty()).then(|| view! {
                <p class="did-you-mean">"Did you mean: "
                    {ideas.into_iter().take(3).map(|i| {
                        let href = format!("/search?q={}", crate::domain::urlencode(&i));
                        view! { <a href=href>{i}</a>" " }
                    }).collect_view()}
                </p>
            })}
            <a class="button" href="/">"Browse the feed"</a>
        </EmptyState>
    }
}
