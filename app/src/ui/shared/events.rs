//! Product events (views, clicks) gathered in the browser and sent in batches, so
//! tracking costs one request every few seconds at most.

use crate::domain::ProductId;
use crate::model::ProductEventKind;

/// Queues an event; the batch goes out a few seconds after its first event.
#[cfg(feature = "hydrate")]
pub fn track(product: ProductId, kind: ProductEventKind) {
    use crate::model::ProductEvent;
    use std::cell::RefCell;
    thread_local! {
        static QUEUE: RefCell<Vec<ProductEvent>> = const { RefCell::new(Vec::new()) };
    }
    let first = QUEUE.with_borrow_mut(|q| {
        q.push(ProductEvent { product, kind });
        q.len() == 1
    });
    if first {
        leptos::prelude::set_timeout(
            || {
                let batch: Vec<ProductEvent> = QUEUE.with_borrow_mut(std::mem::take);
                for chunk in batch.chunks(crate::api::catalog::MAX_EVENTS) {
                    let chunk = chunk.to_vec();
                    leptos::task::spawn_local(async move {
                        // Tracking is best effort: a lost batch only makes ranking a little less fresh.
                        let _ = crate::api::catalog::record_events(chunk).await;
                    });
                }
            },
            std::time::Duration::from_secs(3),
        );
    }
}

/// On the server nothing is tracked: events come from real browsers only.
#[cfg(not(feature = "hydrate"))]
pub fn track(_product: ProductId, _kind: ProductEventKind) {}
