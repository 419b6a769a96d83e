//! Pages and components. `kit` knows nothing of the domain; `shared` holds domain
//! widgets used by more than one audience.

pub mod admin;
pub mod console;
pub mod kit;
pub mod shared;
pub mod shell;
pub mod storefront;
