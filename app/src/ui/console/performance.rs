//! Console › Performance: the store's verdict (integrity store, failing, not rated
//! yet), each of the five standards with its value, target and 12-week trend, what to
//! do about a failing one and the orders that count against it, and the service
//! figures beside them. Everything comes from `domain::standards::evaluate`.

use crate::client;
use crate::domain::standards::{Figure, Metric, MetricName, Metrics, Verdict, percent_text};
use crate::model::{Performance, TrendPoint};
use crate::ui::kit::SkeletonLines;
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PerformancePage() -> impl IntoView {
    let perf = client::resource(|| (), |_| crate::api::standards::performance());
    view! {
        <Title text="Performance" />
        <div class="console-head"><h1 class="page-title">"Performance"</h1></div>
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match perf.await {
                    Ok(p) => view! { <PerformanceBody p /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The headline for a verdict: title, explanation, CSS modifier.
fn headline(p: &Performance) -> (String, String, &'static str) {
    let s = &p.standing;
    match p.verdict {
        Verdict::Integrity => (
            "Integrity store".into(),
            "Your store meets every standard: its products carry the integrity badge and get more exposure in the feed and search.".into(),
            "good",
        ),
        Verdict::Failing => {
            let failing = s
                .metrics
                .failing()
                .into_iter()
                .map(MetricName::label)
                .collect::<Vec<_>>()
                .join(", ");
            (
                "Below standard".into(),
                format!("Fix {failing} to become an integrity store. Until then your products get less exposure."),
                "bad",
            )
        }
        Verdict::Unrated => (
            "Not rated yet".into(),
            format!(
                "A store is rated once it has {} orders in 90 days; you have {}. Until then your exposure is neutral.",
                p.min_orders, s.orders_90d
            ),
            "neutral",
        ),
    }
}

/// A metric's value in comparable units for the chart: basis points for a rate, the
/// mean rating × 100 for the rating.
fn chart_value(name: MetricName, m: &Metric) -> Option<i64> {
    (m.denominator > 0).then(|| match name {
        MetricName::AverageRating => m.numerator * 100 / m.denominator,
        _ => m.numerator * 10_000 / m.denominator,
    })
}

#[component]
fn PerformanceBody(p: Performance) -> impl IntoView {
    let (title, body, tone) = headline(&p);
    let metrics = p.standing.metrics;
    let trend = p.trend.clone();
    let failing = p.failing.clone();
    view! {
        <section class=format!("panel standing standing-{tone}") aria-labelledby="standing-title">
            <p class="stat-label">"Your standing"</p>
            <h2 id="standing-title" class="standing-title">
                {(p.verdict == Verdict::Integrity).then(|| view! { <span class="integrity-badge">"✓"</span>" " })}
                {title}
            </h2>
            <p>{body}</p>
            <p class="muted small">{format!("{} orders in the last 90 days · evaluated {}", p.standing.orders_90d, p.standing.at.format("%b %-d, %H:%M UTC"))}</p>
            <VerdictStrip trend=trend.clone() />
        </section>
        <section class="panel" aria-labelledby="standards-title">
            <h2 id="standards-title">"The five standards"</h2>
            <div class="table-wrap">
                <table class="data-table standards-table">
                    <thead><tr>
                        <th scope="col">"Standard"</th><th scope="col" class="num">"Now"</th>
                        <th scope="col">"Target"</th><th scope="col">"Status"</th><th scope="col">"12 weeks"</th>
                    </tr></thead>
                    <tbody>
                        {MetricName::ALL.into_iter().map(|name| {
                            let m = name.of(&metrics);
                            let (status, class) = match m.met {
                                Some(true) => ("Meets", "badge ok"),
                                Some(false) => ("Fails", "badge bad"),
                                None => ("No data", "badge muted"),
                            };
                            let points: Vec<Option<i64>> = trend.iter().map(|t| chart_value(name, &name.of(&t.metrics))).collect();
                            view! {
                                <tr data-metric=name.as_str()>
                                    <th scope="row">{name.label()}<br /><span class="muted small">{fraction(m.figure())}</span></th>
                                    <td class="num">{name.value_text(&m)}</td>
                                    <td>{name.target()}</td>
                                    <td><span class=class>{status}</span></td>
                                    <td><Sparkline points label=format!("{} over 12 weeks", name.label()) /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {(!failing.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="fix-title">
                <h2 id="fix-title">"What to fix"</h2>
                {failing.into_iter().map(|f| view! {
                    <div class="fix">
                        <h3>{f.metric.label()}</h3>
                        <p>{f.metric.advice()}</p>
                        {(!f.orders.is_empty()).then(|| view! {
                            <p class="muted small">"Orders that count against it:"</p>
                            <ul class="order-chips">
                                {f.orders.into_iter().map(|o| view! {
                                    <li><a href=format!("/sell/orders/{}", o.id)>{format!("#{} · {}", o.id, o.placed_at.format("%b %-d"))}</a></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                }).collect_view()}
            </section>
        })}
        <ServiceFigures metrics />
    }
}

fn fraction(f: Figure) -> String {
    if f.denominator == 0 {
        "nothing counted yet".into()
    } else {
        format!("{} of {}", f.numerator, f.denominator)
    }
}

#[component]
fn ServiceFigures(metrics: Metrics) -> impl IntoView {
    let c = metrics.cancellation_rate;
    let rows: Vec<(&'static str, Figure, &'static str)> = vec![
        (
            "Delivered on time",
            metrics.on_time_delivery_rate,
            "Shipped orders of 14 to 44 days ago delivered within 14 days.",
        ),
        (
            "Out of stock",
            metrics.out_of_stock_rate,
            "Orders of the last 30 days cancelled or refunded as out of stock.",
        ),
        (
            "Cancelled",
            Figure {
                numerator: c.numerator,
                denominator: c.denominator,
            },
            "Orders of the last 30 days that were cancelled.",
        ),
        (
            "Tickets answered within 48 h",
            metrics.ticket_reply_48h_rate,
            "Customer-service tickets of the last 30 days.",
        ),
        (
            "Complaints",
            metrics.complaint_rate,
            "Damaged, missing or not-as-described tickets per order, last 30 days.",
        ),
    ];
    view! {
        <section class="panel" aria-labelledby="service-title">
            <h2 id="service-title">"Service"</h2>
            <p class="muted small">"Reported with the standards; they don't decide the badge."</p>
            <div class="stats">
                {rows.into_iter().map(|(label, f, about)| view! {
                    <div class="stat" title=about>
                        <p class="stat-label">{label}</p>
                        <p class="stat-value">{percent_text(f)}</p>
                        <p class="muted small">{fraction(f)}</p>
                    </div>
                }).collect_view()}
            </div>
            <p class="muted small">{format!("Cancellations by buyers {}, by you {}, by the marketplace {}.", c.buyer, c.seller, c.system)}</p>
        </section>
    }
}

/// One square a week: green for an integrity store, red below standard, grey unrated.
#[component]
fn VerdictStrip(trend: Vec<TrendPoint>) -> impl IntoView {
    view! {
        <ol class="verdict-strip" aria-label="Your standing week by week">
            {trend.into_iter().map(|t| {
                let (class, word) = match t.verdict {
                    Verdict::Integrity => ("v-integrity", "integrity store"),
                    Verdict::Failing => ("v-failing", "below standard"),
                    Verdict::Unrated => ("v-unrated", "not rated"),
                };
                let label = format!("{}: {word}", t.day.format("%b %-d"));
                let text = label.clone();
                view! { <li class=class title=label><span class="visually-hidden">{text}</span></li> }
            }).collect_view()}
        </ol>
    }
}

/// A small line chart of up to 12 weekly values; a week without data is a gap.
#[component]
fn Sparkline(points: Vec<Option<i64>>, label: String) -> impl IntoView {
    const W: i64 = 120;
    const H: i64 = 28;
    let max = points.iter().flatten().copied().max().unwrap_or(0).max(1);
    let min = points
        .iter()
        .flatten()
        .copied()
        .min()
        .unwrap_or(0)
        .min(max - 1);
    let n = points.len().max(2) as i64;
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, p) in points.iter().enumerate() {
        match p {
            Some(v) => {
                let x = i as i64 * (W - 4) / (n - 1) + 2;
                let y = H - 3 - (v - min) * (H - 6) / (max - min).max(1);
                current.push_str(&format!("{x},{y} "));
            }
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {W} {H}") width=W height=H role="img" aria-label=label>
            {segments.into_iter().map(|pts| {
                let single = pts.split_whitespace().count() == 1;
                let first = pts.split_whitespace().next().unwrap_or("0,0").to_owned();
                let (cx, cy) = first.split_once(',').map(|(a, b)| (a.to_owned(), b.to_owned())).unwrap_or_default();
                if single {
                    view! { <circle cx=cx cy=cy r="2" /> }.into_any()
                } else {
                    view! { <polyline points=pts fill="none" /> }.into_any()
                }
            }).collect_view()}
        </svg>
    }
}
