use leptos::prelude::*;

/// A labelled form input. `error` shows under the input and marks it invalid.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(default = "text".into(), into)] kind: String,
    #[prop(optional, into)] autocomplete: String,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = !hint.is_empty();
    let described = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        ids.join(" ")
    };
    let error_id2 = format!("{id}-error");
    let hint_id2 = format!("{id}-hint");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {has_hint.then(|| view! { <p class="field-hint" id=hint_id2.clone()>{hint.clone()}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id2.clone()>{e}</p> })}
        </div>
    }
}
