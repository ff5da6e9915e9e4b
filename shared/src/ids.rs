//! Typed record ids. Every id is a UUID so that a device can create a record while offline without
//! asking the server for a number; the newtypes keep an employee id from being passed where a
//! position id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Declares a `#[serde(transparent)]` UUID newtype with the conversions every id needs.
macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The id as a 128-bit integer, the form used as a storage key.
            pub const fn as_u128(self) -> u128 {
                self.0.as_u128()
            }

            /// Rebuilds an id from its storage key.
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(
    /// An organisational unit (unit organisasi).
    UnitId
);
uuid_id!(
    /// A position (jabatan).
    PositionId
);
uuid_id!(
    /// An employee (pegawai).
    EmployeeId
);
uuid_id!(
    /// A competency in the agency's dictionary.
    CompetencyId
);
uuid_id!(
    /// A self-assessment (penilaian mandiri), made on the device that first saved it.
    SelfAssessmentId
);
uuid_id!(
    /// A training record (riwayat pelatihan), made on the device that first saved it.
    TrainingId
);
uuid_id!(
    /// An SKP plan (one year's, or a revision of it), made on the device that first saved it.
    SkpPlanId
);
uuid_id!(
    /// One command in an outbox; the server applies each command id at most once.
    CommandId
);
uuid_id!(
    /// One installation of the app (a browser profile on a device).
    DeviceId
);
