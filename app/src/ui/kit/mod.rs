//! Design-system components with no domain knowledge.

mod empty_state;
mod field;
mod icon;
mod skeleton;

pub use empty_state::EmptyState;
pub use field::Field;
pub use icon::{Icon, IconKind};
pub use skeleton::{SkeletonGrid, SkeletonLines};
