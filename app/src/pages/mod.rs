//! One module per page (route) of the first load; screens loaded on demand are in `screens/`.

pub mod assessment;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod team;
pub mod training;
