//! The demo accounts every seeded database has (README › Demo sign-ins).

pub const DEMO_PASSWORD: &str = "demo-password";
pub const DEMO_BUYER: &str = "buyer@demo.shop";
pub const DEMO_SELLER: &str = "seller@demo.shop";
pub const DEMO_ADMIN: &str = "admin@demo.shop";
