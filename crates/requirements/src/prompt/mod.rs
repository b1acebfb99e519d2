//! Reading the request: its structure ([`markdown`]), its requirement items ([`items`]) and
//! its regions ([`regions`]).

pub mod items;
pub mod markdown;
pub mod regions;
