//! Who is signed in, their profile, addresses and saved cards.

use super::catalog::StoreSummary;
use crate::domain::AccountId;
use crate::domain::AddressId;
use crate::domain::PaymentMethodId;
use crate::domain::Role;
use crate::domain::address::AddressInput;
use serde::{Deserialize, Serialize};

/// The signed-in person, as every page and server function sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
    pub store: Option<StoreSummary>,
    /// The buyer's tickets with an answer not yet read (set for the page's own viewer,
    /// for the marker on the Account tab; 0 elsewhere).
    #[serde(default)]
    pub unread_tickets: i64,
}

impl Viewer {
    /// The store this viewer may run as its seller: the one rule behind every console
    /// function and seller route (`api::guard::authorize_seller`, the server's plain
    /// seller routes).
    pub fn seller_store(&self) -> Option<&StoreSummary> {
        self.store.as_ref().filter(|_| self.role >= Role::Seller)
    }
    pub fn is_seller(&self) -> bool {
        self.seller_store().is_some()
    }
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressView {
    pub id: AddressId,
    pub address: AddressInput,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethodView {
    pub id: PaymentMethodId,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: i32,
}

impl PaymentMethodView {
    pub fn label(&self) -> String {
        format!(
            "{} •••• {} (expires {:02}/{})",
            self.brand,
            self.last4,
            self.exp_month,
            self.exp_year % 100
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationPrefs {
    pub order_updates: bool,
    pub price_drops: bool,
    pub back_in_stock: bool,
    pub promotions: bool,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        Self {
            order_updates: true,
            price_drops: true,
            back_in_stock: true,
            promotions: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub name: String,
    pub email: String,
    pub prefs: NotificationPrefs,
}
