//! What a new password must be: long enough, not the NIP, and not the one it replaces (a
//! one-time password must really be replaced). Checked by the app as the user types and by the
//! server when it is set.

use serde::{Deserialize, Serialize};

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 8;

/// Why a new password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    TooShort,
    IsNip,
    Unchanged,
}

/// Whether `new` may replace `current` as the password of the employee with NIP `nip`.
pub fn check(new: &str, current: &str, nip: &str) -> Result<(), PasswordProblem> {
    if new.chars().count() < MIN_LENGTH {
        return Err(PasswordProblem::TooShort);
    }
    let digits: String = new.chars().filter(|c| !c.is_whitespace()).collect();
    if digits == nip {
        return Err(PasswordProblem::IsNip);
    }
    if new == current {
        return Err(PasswordProblem::Unchanged);
    }
    Ok(())
}

impl PasswordProblem {
    pub fn describe(self, english: bool) -> &'static str {
        match (self, english) {
            (PasswordProblem::TooShort, false) => "Kata sandi baru minimal 8 karakter.",
            (PasswordProblem::TooShort, true) => "The new password needs at least 8 characters.",
            (PasswordProblem::IsNip, false) => "Kata sandi tidak boleh sama dengan NIP.",
            (PasswordProblem::IsNip, true) => "The password cannot be your NIP.",
            (PasswordProblem::Unchanged, false) => "Kata sandi baru harus berbeda dari yang lama.",
            (PasswordProblem::Unchanged, true) => "The new password must differ from the old one.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_is_long_enough_not_the_nip_and_not_the_old_one() {
        let nip = "198907112016071019";
        let cases = [
            ("rahasia", Err(PasswordProblem::TooShort)),
            ("sandi-baru-2026", Ok(())),
            ("19890711 201607 1 019", Err(PasswordProblem::IsNip)),
            ("ABCD-EFGH-JKLM", Err(PasswordProblem::Unchanged)),
            ("ñandú ñandú", Ok(())),
        ];
        for (new, expected) in cases {
            assert_eq!(check(new, "ABCD-EFGH-JKLM", nip), expected, "{new}");
        }
        assert_eq!(check("1234567", "x", nip), Err(PasswordProblem::TooShort), "counted in characters");
    }
}
