use leptos::prelude::*;

/// The icons the app draws, as inline SVG (no icon font, no extra request).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IconKind {
    #[default]
    Home,
    Search,
    Heart,
    Cart,
    User,
    Store,
}

impl IconKind {
    fn path(self) -> &'static str {
        match self {
            IconKind::Home => "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
            IconKind::Search => {
                "M10.5 3a7.5 7.5 0 0 1 5.96 12.05l4.25 4.24-1.42 1.42-4.24-4.25A7.5 7.5 0 1 1 10.5 3zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z"
            }
            IconKind::Heart => {
                "M12 20.5s-7.5-4.6-9.3-9.1C1.5 8.3 3.6 5 6.9 5c2 0 3.3 1.1 5.1 3 1.8-1.9 3.1-3 5.1-3 3.3 0 5.4 3.3 4.2 6.4-1.8 4.5-9.3 9.1-9.3 9.1z"
            }
            IconKind::Cart => {
                "M3 4h2l2.2 10.2a1 1 0 0 0 1 .8h9.4a1 1 0 0 0 1-.8L20 7H6.2M9 20a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm8 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z"
            }
            IconKind::User => {
                "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-4.4 0-8 2.5-8 5.5V21h16v-1.5c0-3-3.6-5.5-8-5.5z"
            }
            IconKind::Store => {
                "M4 4h16l1 5a3 3 0 0 1-5 2 3 3 0 0 1-4 0 3 3 0 0 1-4 0 3 3 0 0 1-5-2zm1 8.5V20h14v-7.5"
            }
        }
    }
}

#[component]
pub fn Icon(kind: IconKind, #[prop(optional, into)] class: String) -> impl IntoView {
    view! {
        <svg class=format!("icon {class}") viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=kind.path() />
        </svg>
    }
}
