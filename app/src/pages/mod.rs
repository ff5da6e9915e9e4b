//! One module per page (route).

pub mod assessment;
pub mod attention;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod team;
pub mod training;
pub mod verify;
